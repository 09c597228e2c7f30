package org.paperradio.core.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.PaperStore;

class IndexStageTest {

    @TempDir
    Path root;

    private static PaperMeta meta(String id) {
        return new PaperMeta(ArxivId.parse(id), "Coral reef bleaching under heat waves " + id, List.of("A. Author"),
                "Satellite sea surface temperatures predict coral bleaching events.", List.of("physics.ao-ph"),
                Instant.parse("2026-03-01T09:00:00Z"), null, URI.create("http://localhost/pdf/" + id), License.unknown());
    }

    @Test
    void aRevisionOfAPaperAlreadyOnAirIsIndexedButEndsThere() throws Exception {
        PaperStore store = new PaperStore(root.resolve("data"), Clock.systemUTC());
        try (PaperLibrary library = PaperLibrary.open(root.resolve("index"), new MiniLmEmbedder())) {
            IndexStage stage = new IndexStage(new LibraryIndexer(store, library));

            PaperRecord v1 = store.add(meta("2503.00021v1")).orElseThrow();
            stage.process(v1);
            assertThat(stage.reached(v1)).isEqualTo(Stage.INDEXED);
            store.advance(v1.id(), Stage.AIRED);

            PaperRecord v2 = store.add(meta("2503.00021v2")).orElseThrow();
            stage.process(v2);
            assertThat(stage.reached(v2)).as("v1 aired: v2 is an update").isEqualTo(Stage.UPDATED);
            assertThat(library.indexed("2503.00021")).contains(v2.id());

            PaperRecord other = store.add(meta("2503.00022v1")).orElseThrow();
            PaperRecord otherV2 = store.add(meta("2503.00022v2")).orElseThrow();
            assertThat(stage.reached(otherV2)).as("v1 never written: v2 goes on air instead").isEqualTo(Stage.INDEXED);
            assertThat(other.stage()).isEqualTo(Stage.DISCOVERED);
        }
    }
}
