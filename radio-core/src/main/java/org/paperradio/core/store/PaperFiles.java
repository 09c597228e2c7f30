package org.paperradio.core.store;

/** The names of a paper's artifacts inside its folder: one list, used by every stage that reads or writes them. */
public final class PaperFiles {

    /** Metadata, stage reached and failure. */
    public static final String RECORD = "paper.json";
    public static final String PDF = "paper.pdf";
    /** Folder of page images, {@code 001.png} on. */
    public static final String PAGES = "pages";
    /** {@link org.paperradio.core.paper.ExtractedText} as JSON. */
    public static final String SECTIONS = "sections.json";
    /** The cleaned full text. */
    public static final String TEXT = "text.txt";
    /** {@link org.paperradio.core.summary.PaperSummary} as JSON. */
    public static final String SUMMARY = "summary.json";
    /** The selection's last decision about the paper ({@link org.paperradio.core.select.Pick}) as JSON. */
    public static final String PICK = "pick.json";
    /** {@link org.paperradio.core.paper.Script} as JSON. */
    public static final String SCRIPT = "script.json";
    /** The voiced segment: 16-bit mono PCM WAV at the air's sample rate. */
    public static final String WAV = "audio/segment.wav";
    /** The same audio as MP3, for the archive. */
    public static final String MP3 = "audio/segment.mp3";
    /** {@link org.paperradio.core.paper.SegmentAudio} as JSON, written last: its presence means voiced. */
    public static final String TIMING = "audio/timing.json";

    private PaperFiles() {
    }
}
