package org.paperradio.stream.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.paperradio.stream.playout.Jingle;
import org.paperradio.stream.playout.PaperSegment;
import org.paperradio.stream.playout.Rerun;
import org.paperradio.stream.playout.Segment;
import org.paperradio.stream.playout.ShowSegment;

/**
 * SHOUTcast/ICY in-stream metadata for one listener that asked for it ({@code Icy-MetaData: 1}):
 * after every {@code metaint} bytes of MP3 comes one metadata block, a length byte {@code L}
 * then {@code L * 16} bytes holding {@code StreamTitle='...';} padded with NULs. A block with
 * {@code L = 0} means "no change": the title is sent in full on the first block and whenever it
 * changes, so players show the item on air (VLC, ffmpeg, radio apps).
 *
 * <p>Write the listener's frames through {@link #write}, each with the title on air at that frame;
 * a block due in the middle of a frame carries that frame's title. Not thread-safe: one per
 * listener, used by the thread writing its stream.
 */
public final class IcyMetadata {

    /** The usual interval between blocks, as SHOUTcast and Icecast send it. */
    public static final int DEFAULT_METAINT = 16_000;
    /** The most UTF-8 bytes of title a block carries: 255 * 16 minus room for the wrapper. */
    public static final int MAX_TITLE_BYTES = 255 * 16 - 30;

    private static final byte[] NO_CHANGE = {0};

    private final OutputStream out;
    private final int metaint;
    private int untilBlock;
    private String lastSent;

    /**
     * @param out     the listener's response body
     * @param metaint MP3 bytes between blocks (what the {@code icy-metaint} header said)
     */
    public IcyMetadata(OutputStream out, int metaint) {
        if (metaint <= 0) {
            throw new IllegalArgumentException("metaint must be positive: " + metaint);
        }
        this.out = Objects.requireNonNull(out, "out");
        this.metaint = metaint;
        this.untilBlock = metaint;
    }

    /** The interval this writer was made with. */
    public int metaint() {
        return metaint;
    }

    /**
     * Writes MP3 bytes, with a metadata block wherever one falls due.
     *
     * @param title the title on air at these bytes; null for none yet (sent as an empty title)
     */
    public void write(byte[] mp3, String title) throws IOException {
        int off = 0;
        while (off < mp3.length) {
            int n = Math.min(untilBlock, mp3.length - off);
            out.write(mp3, off, n);
            off += n;
            untilBlock -= n;
            if (untilBlock == 0) {
                String t = title == null ? "" : title;
                if (t.equals(lastSent)) {
                    out.write(NO_CHANGE);
                } else {
                    out.write(block(t));
                    lastSent = t;
                }
                untilBlock = metaint;
            }
        }
    }

    /**
     * The whole metadata block announcing {@code title}: length byte, {@code StreamTitle='...';}
     * and NUL padding to a multiple of 16. The title is {@link #sanitise sanitised} first.
     */
    public static byte[] block(String title) {
        byte[] text = ("StreamTitle='" + sanitise(title) + "';").getBytes(StandardCharsets.UTF_8);
        int units = (text.length + 15) / 16; // at most 255: the title is capped
        byte[] b = new byte[1 + units * 16];
        b[0] = (byte) units;
        System.arraycopy(text, 0, b, 1, text.length);
        return b;
    }

    /**
     * What listeners see for a segment: {@code "<paper title> (arXiv <id>)"} for a paper or its
     * rerun, the show's title for a show, the jingle's own title otherwise (not sanitised yet).
     */
    public static String title(Segment segment) {
        return switch (segment) {
            case PaperSegment p -> paperTitle(p);
            case Rerun r -> paperTitle(r.original());
            case ShowSegment s -> s.title();
            case Jingle j -> j.title();
        };
    }

    private static String paperTitle(PaperSegment p) {
        String title = p.meta().title();
        return title == null || title.isBlank() ? "arXiv " + p.id() : title.strip() + " (arXiv " + p.id() + ")";
    }

    /**
     * A title safe inside {@code StreamTitle='...';}: straight quotes become {@code ’} and
     * semicolons commas (players end the value at {@code '} or {@code ';}), control and line
     * separator characters and lone surrogates become spaces, runs of white space one space, and
     * the result is cut at a character boundary to {@link #MAX_TITLE_BYTES} bytes of UTF-8.
     */
    public static String sanitise(String title) {
        return clean(title, true);
    }

    private static String clean(String title, boolean quotes) {
        if (title == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(title.length(), MAX_TITLE_BYTES));
        int bytes = 0;
        boolean space = true; // drops leading white space
        for (int i = 0; i < title.length(); ) {
            int cp = title.codePointAt(i);
            i += Character.charCount(cp);
            if (quotes && cp == '\'') {
                cp = '\u2019';
            } else if (quotes && cp == ';') {
                cp = ',';
            } else if (invisible(cp)) {
                cp = ' ';
            }
            if (cp == ' ') {
                if (space) {
                    continue;
                }
                space = true;
            } else {
                space = false;
            }
            int len = utf8Length(cp);
            if (bytes + len > MAX_TITLE_BYTES) {
                break;
            }
            b.appendCodePoint(cp);
            bytes += len;
        }
        int end = b.length();
        while (end > 0 && b.charAt(end - 1) == ' ') {
            end--;
        }
        b.setLength(end);
        return b.toString();
    }

    /**
     * A header value ({@code icy-name} and the like) as the JDK server should be handed it: no
     * control characters, at most 200 bytes, and its UTF-8 bytes each as one char, because the
     * server writes a header's chars as single bytes and ICY players read header values as UTF-8.
     */
    public static String headerValue(String value) {
        byte[] utf8 = clean(value, false).getBytes(StandardCharsets.UTF_8);
        int n = Math.min(utf8.length, 200);
        while (n < utf8.length && n > 0 && (utf8[n] & 0xC0) == 0x80) {
            n--; // not in the middle of a character
        }
        return new String(utf8, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static boolean invisible(int cp) {
        int type = Character.getType(cp);
        return Character.isISOControl(cp) || Character.isWhitespace(cp) || type == Character.SURROGATE
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.FORMAT; // zero-width and direction marks, BOM
    }

    private static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }
}
