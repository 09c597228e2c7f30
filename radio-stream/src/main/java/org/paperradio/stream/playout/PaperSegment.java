package org.paperradio.stream.playout;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.SegmentAudio;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;

/**
 * A voiced paper: its metadata, its timing and where its audio is on disk
 * ({@link PaperFiles#WAV}, {@link PaperFiles#MP3} and {@link PaperFiles#TIMING} in its folder).
 */
public record PaperSegment(PaperMeta meta, SegmentAudio audio, Path wav, Path mp3) implements Segment {

    public PaperSegment {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(wav, "wav");
        Objects.requireNonNull(mp3, "mp3");
    }

    /**
     * Reads a voiced paper's timing from the store.
     *
     * @throws IOException when timing.json is unreadable or segment.wav is missing
     */
    public static PaperSegment load(PaperStore store, PaperRecord rec) throws IOException {
        ArxivId id = rec.id();
        Path wav = store.file(id, PaperFiles.WAV);
        if (!Files.isRegularFile(wav)) {
            throw new IOException("no " + PaperFiles.WAV + " in " + store.folder(id));
        }
        SegmentAudio audio = store.readJson(id, PaperFiles.TIMING, SegmentAudio.class);
        return new PaperSegment(rec.meta(), audio, wav, store.file(id, PaperFiles.MP3));
    }

    public ArxivId id() {
        return meta.id();
    }

    /** The paper's arXiv abstract page. */
    public URI absUrl() {
        return URI.create("https://arxiv.org/abs/" + meta.id());
    }

    @Override
    public Kind kind() {
        return Kind.PAPER;
    }

    @Override
    public String title() {
        return meta.title().isEmpty() ? meta.id().toString() : meta.title();
    }

    @Override
    public Duration length() {
        return audio.length() == null ? Duration.ZERO : audio.length();
    }
}
