package org.paperradio.core.testing;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.PaperMeta;

/** Minimal paper metadata for tests that need a paper but not its content. */
public final class TestMeta {

    private TestMeta() {
    }

    public static PaperMeta meta(String id) {
        return new PaperMeta(ArxivId.parse(id), "A title for " + id, List.of("A. Author"), "An abstract.",
                List.of("cs.AI"), Instant.parse("2026-11-20T10:00:00Z"), null, URI.create("http://localhost/pdf/" + id),
                License.unknown());
    }
}
