package org.paperradio.core.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.ExtractedText;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.Section;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;

class LibraryIndexerTest {

    @TempDir
    Path root;

    private static PaperMeta meta(String id, String title, String abstractText) {
        return new PaperMeta(ArxivId.parse(id), title, List.of("A. Author"), abstractText, List.of("cs.LG"),
                Instant.parse("2026-03-01T09:00:00Z"), null, URI.create("http://localhost/pdf/" + id),
                License.unknown());
    }

    @Test
    void indexesTheStoreWithExtractedTextAndNewestVersions() throws Exception {
        PaperStore store = new PaperStore(root.resolve("papers"), Clock.systemUTC());
        PaperMeta withText = meta("2503.00001v1", "Sparse attention for long documents",
                "We make attention sparse so transformers read long documents.");
        PaperMeta withSections = meta("2503.00002v1", "Coral reef bleaching under heat waves",
                "Satellite sea surface temperatures predict coral bleaching events.");
        PaperMeta bare = meta("2503.00003v1", "Volcanic ash dispersion forecasts",
                "An ensemble model forecasts how volcanic ash spreads in the atmosphere.");
        PaperMeta oldVersion = meta("2503.00004v1", "Quantum error correction codes, draft",
                "A draft on surface codes.");
        PaperMeta newVersion = meta("2503.00004v2", "Quantum error correction with surface codes",
                "Surface codes protect logical qubits from noise.");
        for (PaperMeta m : List.of(withText, withSections, bare, newVersion, oldVersion)) {
            store.add(m);
        }
        Files.writeString(store.file(withText.id(), PaperFiles.TEXT), "Methods\n\nWe call the method Wombatformer.");
        store.writeJson(withSections.id(), PaperFiles.SECTIONS,
                new ExtractedText(List.of(new Section("Data", "Reef transects near Quokkaville.")), 3));

        try (PaperLibrary library = PaperLibrary.open(root.resolve("index"), new MiniLmEmbedder())) {
            int added = new LibraryIndexer(store, library).indexAll();

            assertThat(added).isEqualTo(4);
            assertThat(library.size()).isEqualTo(4);
            assertThat(library.indexed("2503.00004")).contains(newVersion.id());
            assertThat(library.search(LibraryQuery.of("wombatformer")).get(0).id()).isEqualTo(withText.id());
            assertThat(library.search(LibraryQuery.of("Quokkaville")).get(0).id()).isEqualTo(withSections.id());
            assertThat(library.search(LibraryQuery.of("volcanic ash")).get(0).id()).isEqualTo(bare.id());
        }
    }
}
