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
import org.paperradio.core.paper.Stage;
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

    @Test
    void aMissingOrCorruptIndexIsRebuiltFromTheStore() throws Exception {
        PaperStore store = new PaperStore(root.resolve("data"), Clock.systemUTC());
        PaperMeta reef = meta("2503.00011v1", "Coral reef bleaching under heat waves",
                "Satellite sea surface temperatures predict coral bleaching events.");
        PaperMeta ash = meta("2503.00012v1", "Volcanic ash dispersion forecasts",
                "An ensemble model forecasts how volcanic ash spreads in the atmosphere.");
        for (PaperMeta m : List.of(reef, ash)) {
            store.add(m);
            store.advance(m.id(), Stage.INDEXED);
        }
        Path dir = root.resolve("data/index");
        MiniLmEmbedder embedder = new MiniLmEmbedder();

        try (PaperLibrary library = LibraryIndexer.openOrRebuild(dir, embedder, store)) {
            assertThat(library.size()).as("missing folder: rebuilt").isEqualTo(2);
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("segments")).toList()) {
                Files.write(f, new byte[] {1, 2, 3}); // a torn commit
            }
        }
        try (PaperLibrary library = LibraryIndexer.openOrRebuild(dir, embedder, store)) {
            assertThat(library.size()).as("corrupt folder: rebuilt").isEqualTo(2);
            assertThat(library.search(LibraryQuery.of("coral bleaching")).get(0).id()).isEqualTo(reef.id());
        }
    }
}
