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

    /** A paper in one category, published at 10:00 UTC on day {@code day} of January 2026. */
    public static PaperMeta paper(String id, String category, int day, String title, String abstractText) {
        return new PaperMeta(ArxivId.parse(id), title, List.of("A. Author"), abstractText, List.of(category),
                Instant.parse("2026-01-01T10:00:00Z").plusSeconds(86_400L * (day - 1)), null,
                URI.create("http://localhost/pdf/" + id), License.unknown());
    }

    public static PaperMeta meta(String id) {
        return new PaperMeta(ArxivId.parse(id), "A title for " + id, List.of("A. Author"), "An abstract.",
                List.of("cs.AI"), Instant.parse("2026-11-20T10:00:00Z"), null, URI.create("http://localhost/pdf/" + id),
                License.unknown());
    }
}
