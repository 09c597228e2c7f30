package org.paperradio.core.library;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.paperradio.core.paper.ExtractedText;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.AtomicFiles;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds papers from the {@link PaperStore} into the {@link PaperLibrary}: metadata always, and
 * the full text once extraction has written it ({@code text.txt}, else {@code sections.json}).
 * Also rebuilds a library from the whole store, e.g. after its folder was deleted.
 */
public final class LibraryIndexer {

    private static final Logger LOG = LoggerFactory.getLogger(LibraryIndexer.class);

    private final PaperStore store;
    private final PaperLibrary library;

    public LibraryIndexer(PaperStore store, PaperLibrary library) {
        this.store = store;
        this.library = library;
    }

    PaperStore store() {
        return store;
    }

    /**
     * Indexes one paper with whatever text the store has for it.
     *
     * @return false when the library already holds a newer version
     */
    public boolean index(PaperRecord paper) throws IOException {
        return library.add(paper.meta(), fullText(paper));
    }

    /**
     * Opens the library in {@code dir}, or rebuilds it from the store when the folder is missing,
     * empty while the store has indexed papers, unreadable, or built with another model.
     */
    public static PaperLibrary openOrRebuild(Path dir, Embedder embedder, PaperStore store) throws IOException {
        PaperLibrary library;
        try {
            library = PaperLibrary.open(dir, embedder);
        } catch (IOException | IllegalStateException e) {
            LOG.warn("library at {} cannot be used ({}), rebuilding it from the store", dir, e.getMessage());
            if (Files.exists(dir)) {
                AtomicFiles.deleteRecursively(dir);
            }
            library = PaperLibrary.open(dir, embedder);
        }
        if (library.size() == 0 && store.all().stream().anyMatch(p -> !p.stage().isBefore(Stage.INDEXED))) {
            new LibraryIndexer(store, library).indexAll();
        }
        return library;
    }

    /** Indexes the newest version of every paper in the store, then commits; returns how many. */
    public int indexAll() throws IOException {
        Map<String, PaperRecord> newest = new LinkedHashMap<>();
        for (PaperRecord paper : store.all()) {
            newest.merge(paper.id().base(), paper,
                    (a, b) -> a.id().version() >= b.id().version() ? a : b);
        }
        int added = 0;
        for (PaperRecord paper : newest.values()) {
            if (index(paper)) {
                added++;
            }
        }
        library.commit();
        LOG.info("library rebuilt from the store: {} papers indexed", added);
        return added;
    }

    private String fullText(PaperRecord paper) throws IOException {
        Path text = store.file(paper.id(), PaperFiles.TEXT);
        if (Files.isRegularFile(text)) {
            if (Files.size(text) > PaperLibrary.MAX_BODY_CHARS * 4L) {
                // more than the library would index even at four bytes a character: read a prefix
                try (var in = Files.newInputStream(text)) {
                    return new String(in.readNBytes(PaperLibrary.MAX_BODY_CHARS), StandardCharsets.UTF_8);
                }
            }
            return Files.readString(text);
        }
        if (Files.isRegularFile(store.file(paper.id(), PaperFiles.SECTIONS))) {
            return store.readJson(paper.id(), PaperFiles.SECTIONS, ExtractedText.class).fullText();
        }
        return "";
    }
}
