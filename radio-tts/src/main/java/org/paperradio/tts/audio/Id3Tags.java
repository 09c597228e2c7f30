package org.paperradio.tts.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.ShowAudio;
import org.paperradio.core.store.AtomicFiles;

/**
 * Writes and reads the ID3v2.3 tag at the front of a show's MP3: title, artist, album,
 * recording date, genre, a comment, and podcast chapters (ID3v2 Chapter Frame Addendum: one
 * {@code CHAP} frame per chapter with its title and, optionally, a link, plus a top-level,
 * ordered {@code CTOC}). Text is UTF-16 with a byte order mark.
 *
 * <p>Why 2.3 and not 2.4: podcast apps read 2.3 chapters most widely, and ffmpeg/ffprobe
 * (5.x) read the frames nested in a {@code CHAP} with plain 32-bit sizes even in a 2.4 tag,
 * where they are syncsafe, so a 2.4 chapter title of 128 bytes or more makes ffprobe drop all
 * chapters. In 2.3 frame sizes are plain integers; only the tag header's size is syncsafe.
 *
 * <p>Titles come from paper metadata and a language model: they are untrusted. Control
 * characters are dropped, lengths are capped (by code point, never splitting a character),
 * URLs must be printable ASCII http(s), and a tag holds at most {@value #MAX_CHAPTERS} chapters
 * (the limit of a {@code CTOC} entry count). Reading is bounded too: tags above
 * {@value #MAX_TAG_BYTES} bytes are refused.
 */
public final class Id3Tags {

    public static final int MAX_CHAPTERS = 255;
    public static final int MAX_TITLE_CHARS = 300;
    public static final int MAX_COMMENT_CHARS = 4_000;
    public static final int MAX_URL_CHARS = 1_000;
    /** The largest tag read back (ours are a few KB; a large tag is usually embedded cover art). */
    public static final int MAX_TAG_BYTES = 4 << 20;

    private static final int HEADER_BYTES = 10;
    private static final long NO_OFFSET = 0xFFFF_FFFFL;
    private static final byte LATIN_1 = 0;
    private static final byte UTF_16 = 1;
    private static final byte[] BOM = {(byte) 0xFE, (byte) 0xFF};
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cs}\\x{FEFF}\\x{FFFE}\\x{FFFF}]");
    private static final Pattern SAFE_URL = Pattern.compile("https?://[\\x21-\\x7E]+");
    private static final DateTimeFormatter YEAR = DateTimeFormatter.ofPattern("yyyy").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_MONTH = DateTimeFormatter.ofPattern("ddMM").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HHmm").withZone(ZoneOffset.UTC);

    private Id3Tags() {
    }

    /**
     * What the tag says. Null fields are left out; {@code recorded} is written to the minute
     * (UTC; ID3v2.3 has year, day-month and hour-minute frames). Chapters need not be contiguous but must not run backwards.
     */
    public record Tag(String title, String artist, String album, Instant recorded, String genre, String comment,
                      List<ChapterEntry> chapters) {
        public Tag {
            chapters = chapters == null ? List.of() : List.copyOf(chapters);
        }
    }

    /** One chapter: title, where it starts and ends in the audio, an optional web link (null if none). */
    public record ChapterEntry(String title, Duration start, Duration end, String url) {
        public ChapterEntry {
            if (start == null || end == null || start.isNegative() || end.compareTo(start) < 0) {
                throw new IllegalArgumentException("chapter must have 0 <= start <= end: " + start + ".." + end);
            }
        }

        /** A show's chapter mark as a tag entry; a chapter about a paper links to its arXiv abstract page. */
        public static ChapterEntry of(ShowAudio.ChapterMark mark) {
            String url = mark.paper() == null ? null : "https://arxiv.org/abs/" + mark.paper();
            return new ChapterEntry(mark.title(), mark.start(), mark.end(), url);
        }

        /** The paper the link points at, when it is an arXiv abstract link. */
        public Optional<ArxivId> paper() {
            if (url == null || !url.matches("https?://(www\\.)?arxiv\\.org/abs/.+")) {
                return Optional.empty();
            }
            try {
                return Optional.of(ArxivId.parse(url));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        /** Back to a show's chapter mark (the paper from the link, if any). */
        public ShowAudio.ChapterMark toMark() {
            return new ShowAudio.ChapterMark(title, paper().orElse(null), start, end);
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Puts {@code tag} in front of the MP3 audio in {@code mp3}, replacing an ID3v2 tag already
     * there. Atomic: the tagged copy is written next to the file and renamed over it.
     */
    public static void write(Path mp3, Tag tag) throws IOException {
        byte[] bytes = encode(tag);
        long audioStart;
        try (InputStream in = Files.newInputStream(mp3)) {
            audioStart = tagLength(in.readNBytes(HEADER_BYTES));
        }
        if (audioStart >= Files.size(mp3)) {
            throw new IOException(mp3 + " has no audio after its ID3 tag");
        }
        AtomicFiles.write(mp3, temp -> {
            try (FileChannel src = FileChannel.open(mp3, StandardOpenOption.READ);
                 FileChannel dst = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                dst.write(ByteBuffer.wrap(bytes));
                long pos = audioStart;
                long size = src.size();
                while (pos < size) {
                    long n = src.transferTo(pos, size - pos, dst);
                    if (n <= 0) {
                        throw new IOException("could not copy " + mp3 + " at byte " + pos);
                    }
                    pos += n;
                }
            }
        });
    }

    /** Writes the tag bytes to {@code out}: write the MP3 frames right after them. */
    public static void write(OutputStream out, Tag tag) throws IOException {
        out.write(encode(tag));
    }

    /** The complete ID3v2.3 tag (header and frames, no padding). */
    public static byte[] encode(Tag tag) {
        ByteArrayOutputStream frames = new ByteArrayOutputStream(1024);
        textFrame(frames, "TIT2", tag.title(), MAX_TITLE_CHARS);
        textFrame(frames, "TPE1", tag.artist(), MAX_TITLE_CHARS);
        textFrame(frames, "TALB", tag.album(), MAX_TITLE_CHARS);
        if (tag.recorded() != null) {
            Instant t = tag.recorded();
            textFrame(frames, "TYER", YEAR.format(t), 4);
            textFrame(frames, "TDAT", DAY_MONTH.format(t), 4);
            textFrame(frames, "TIME", HOUR_MINUTE.format(t), 4);
        }
        textFrame(frames, "TCON", tag.genre(), MAX_TITLE_CHARS);
        if (tag.comment() != null) {
            ByteArrayOutputStream c = new ByteArrayOutputStream();
            c.write(UTF_16);
            c.writeBytes("eng".getBytes(StandardCharsets.US_ASCII));
            c.writeBytes(BOM); // empty short description, terminated
            c.write(0);
            c.write(0);
            c.writeBytes(utf16(tag.comment(), MAX_COMMENT_CHARS));
            frame(frames, "COMM", c.toByteArray());
        }
        List<ChapterEntry> chapters = tag.chapters();
        if (chapters.size() > MAX_CHAPTERS) {
            throw new IllegalArgumentException("an ID3 tag holds at most " + MAX_CHAPTERS + " chapters, not " + chapters.size());
        }
        if (!chapters.isEmpty()) {
            ByteArrayOutputStream toc = new ByteArrayOutputStream();
            toc.writeBytes(latin1("toc"));
            toc.write(0x03); // top-level, ordered
            toc.write(chapters.size());
            for (int i = 0; i < chapters.size(); i++) {
                ChapterEntry ch = chapters.get(i);
                String id = "ch" + i;
                toc.writeBytes(latin1(id));
                frame(frames, "CHAP", chapter(id, ch));
            }
            frame(frames, "CTOC", toc.toByteArray());
        }
        byte[] body = frames.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER_BYTES + body.length);
        out.writeBytes(new byte[] {'I', 'D', '3', 3, 0, 0});
        out.writeBytes(syncsafe(body.length));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] chapter(String id, ChapterEntry ch) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(latin1(id));
        writeInt(b, millis(ch.start()));
        writeInt(b, millis(ch.end()));
        writeInt(b, NO_OFFSET);
        writeInt(b, NO_OFFSET);
        textFrame(b, "TIT2", ch.title() == null ? "" : ch.title(), MAX_TITLE_CHARS);
        String url = ch.url();
        if (url != null && url.length() <= MAX_URL_CHARS && SAFE_URL.matcher(url).matches()) {
            ByteArrayOutputStream w = new ByteArrayOutputStream();
            w.write(LATIN_1);
            w.write(0); // empty description, terminated
            w.writeBytes(url.getBytes(StandardCharsets.ISO_8859_1));
            frame(b, "WXXX", w.toByteArray());
        }
        return b.toByteArray();
    }

    private static void textFrame(ByteArrayOutputStream out, String id, String text, int maxChars) {
        if (text == null) {
            return;
        }
        byte[] value = utf16(text, maxChars);
        byte[] data = new byte[1 + value.length];
        data[0] = UTF_16;
        System.arraycopy(value, 0, data, 1, value.length);
        frame(out, id, data);
    }

    private static void frame(ByteArrayOutputStream out, String id, byte[] data) {
        out.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        writeInt(out, data.length); // a plain integer in v2.3
        out.write(0); // status flags
        out.write(0); // format flags: no compression, encryption or grouping
        out.writeBytes(data);
    }

    /**
     * Untrusted text as a tag stores it: control characters replaced by spaces, stripped, at
     * most {@code maxChars} code points. Use it for titles kept elsewhere too, so they match the tag.
     */
    public static String clean(String text, int maxChars) {
        String s = CONTROL.matcher(text).replaceAll(" ").strip();
        if (s.codePointCount(0, s.length()) > maxChars) {
            s = s.substring(0, s.offsetByCodePoints(0, maxChars));
        }
        return s;
    }

    /** Byte order mark and big-endian UTF-16, as ID3v2.3 encoding 1 wants it (no terminator). */
    private static byte[] utf16(String text, int maxChars) {
        byte[] s = clean(text, maxChars).getBytes(StandardCharsets.UTF_16BE);
        byte[] out = new byte[2 + s.length];
        out[0] = BOM[0];
        out[1] = BOM[1];
        System.arraycopy(s, 0, out, 2, s.length);
        return out;
    }

    private static byte[] latin1(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, b.length);
        return out; // NUL-terminated
    }

    private static long millis(Duration d) {
        long ms = d.toMillis();
        if (ms >= NO_OFFSET) {
            throw new IllegalArgumentException("chapter time out of range: " + d);
        }
        return ms;
    }

    private static void writeInt(ByteArrayOutputStream b, long v) {
        b.write((int) (v >>> 24));
        b.write((int) (v >>> 16));
        b.write((int) (v >>> 8));
        b.write((int) v);
    }

    static byte[] syncsafe(int n) {
        if (n < 0 || n >= 1 << 28) {
            throw new IllegalArgumentException("ID3 size out of range: " + n);
        }
        return new byte[] {(byte) (n >>> 21 & 0x7F), (byte) (n >>> 14 & 0x7F), (byte) (n >>> 7 & 0x7F), (byte) (n & 0x7F)};
    }

    // ---------------------------------------------------------------- reading

    /** The chapters of the tag at the front of {@code mp3}, by start time; empty when it has no tag or chapters. */
    public static List<ChapterEntry> readChapters(Path mp3) throws IOException {
        return read(mp3).map(Tag::chapters).orElse(List.of());
    }

    /**
     * The ID3v2.3/2.4 tag at the front of {@code mp3}, or empty when the file has none. Frames
     * this class does not write are ignored; compressed or encrypted frames are skipped.
     *
     * @throws IOException when the tag is malformed or larger than {@value #MAX_TAG_BYTES} bytes
     */
    public static Optional<Tag> read(Path mp3) throws IOException {
        try (InputStream in = Files.newInputStream(mp3)) {
            byte[] header = in.readNBytes(HEADER_BYTES);
            long length = tagLength(header);
            if (length == 0) {
                return Optional.empty();
            }
            int version = header[3];
            if (version != 3 && version != 4) {
                throw new IOException("unsupported ID3v2." + version + " tag");
            }
            if (length - HEADER_BYTES > MAX_TAG_BYTES) {
                throw new IOException("ID3 tag too large: " + length + " bytes");
            }
            byte[] body = in.readNBytes((int) (length - HEADER_BYTES));
            if (body.length < length - HEADER_BYTES) {
                throw new IOException("ID3 tag truncated");
            }
            int flags = header[5] & 0xFF;
            if (version == 3 && (flags & 0x80) != 0) {
                body = deUnsynchronise(body); // v2.3 unsynchronises the whole tag
            }
            int pos = 0;
            if ((flags & 0x40) != 0) { // extended header: skip it
                if (body.length < 4) {
                    throw new IOException("ID3 extended header truncated");
                }
                int ext = version == 4 ? readSyncsafe(body, 0) : readInt(body, 0) + 4;
                if (ext < 4 || ext > body.length) {
                    throw new IOException("bad ID3 extended header size " + ext);
                }
                pos = ext;
            }
            return Optional.of(parse(body, pos, body.length, version));
        }
    }

    private static Tag parse(byte[] b, int from, int to, int version) throws IOException {
        String title = null;
        String artist = null;
        String album = null;
        String date = null;
        String year = null;
        String dayMonth = null;
        String hourMinute = null;
        String genre = null;
        String comment = null;
        List<Parsed> chapters = new ArrayList<>();
        for (Frame f : frames(b, from, to, version)) {
            switch (f.id) {
                case "TIT2" -> title = text(f.data);
                case "TPE1" -> artist = text(f.data);
                case "TALB" -> album = text(f.data);
                case "TDRC" -> date = text(f.data);
                case "TYER" -> year = text(f.data);
                case "TDAT" -> dayMonth = text(f.data);
                case "TIME" -> hourMinute = text(f.data);
                case "TCON" -> genre = text(f.data);
                case "COMM" -> comment = comment(f.data);
                case "CHAP" -> chapters.add(chapter(f.data, version, chapters.size()));
                default -> {
                    // other frames (cover art, CTOC, private data) carry nothing read back here
                }
            }
        }
        List<ChapterEntry> sorted = chapters.stream()
                .sorted(Comparator.comparing((Parsed p) -> p.entry.start()).thenComparingInt(p -> p.order))
                .map(p -> p.entry).toList();
        if (date == null && year != null) {
            date = v23Date(year, dayMonth, hourMinute);
        }
        return new Tag(title, artist, album, parseDate(date), genre, comment, sorted);
    }

    private record Frame(String id, byte[] data) {
    }

    private record Parsed(ChapterEntry entry, int order) {
    }

    private static List<Frame> frames(byte[] b, int from, int to, int version) throws IOException {
        List<Frame> out = new ArrayList<>();
        int pos = from;
        while (pos + HEADER_BYTES <= to) {
            if (b[pos] == 0) {
                break; // padding
            }
            String id = new String(b, pos, 4, StandardCharsets.ISO_8859_1);
            if (!id.matches("[A-Z0-9]{4}")) {
                throw new IOException("bad ID3 frame id at byte " + pos);
            }
            int size = version == 4 ? readSyncsafe(b, pos + 4) : readInt(b, pos + 4);
            int format = b[pos + 9] & 0xFF;
            int start = pos + HEADER_BYTES;
            if (size < 0 || size > to - start) {
                throw new IOException("ID3 frame " + id + " overruns the tag");
            }
            byte[] data = Arrays.copyOfRange(b, start, start + size);
            pos = start + size;
            boolean compressedOrEncrypted = version == 4 ? (format & 0x0C) != 0 : (format & 0xC0) != 0;
            if (compressedOrEncrypted) {
                continue;
            }
            if (version == 4) {
                // extra bytes before the data: a group id, then a data length indicator
                int skip = ((format & 0x40) != 0 ? 1 : 0) + ((format & 0x01) != 0 ? 4 : 0);
                if (skip > data.length) {
                    continue;
                }
                data = Arrays.copyOfRange(data, skip, data.length);
                if ((format & 0x02) != 0) {
                    data = deUnsynchronise(data);
                }
            }
            out.add(new Frame(id, data));
        }
        return out;
    }

    private static Parsed chapter(byte[] d, int version, int order) throws IOException {
        int idEnd = indexOf(d, 0, (byte) 0, 1);
        if (idEnd < 0 || idEnd + 1 + 16 > d.length) {
            throw new IOException("malformed CHAP frame");
        }
        int p = idEnd + 1;
        Duration start = Duration.ofMillis(readInt(d, p) & 0xFFFF_FFFFL);
        Duration end = Duration.ofMillis(readInt(d, p + 4) & 0xFFFF_FFFFL);
        if (end.compareTo(start) < 0) {
            end = start;
        }
        String title = null;
        String url = null;
        for (Frame f : frames(d, p + 16, d.length, version)) {
            if (f.id.equals("TIT2")) {
                title = text(f.data);
            } else if (f.id.equals("WXXX")) {
                url = wxxx(f.data);
            }
        }
        return new Parsed(new ChapterEntry(title, start, end, url), order);
    }

    /** A text frame's value (the first, when v2.4 lists several). */
    private static String text(byte[] d) {
        if (d.length == 0) {
            return "";
        }
        Charset cs = charset(d[0]);
        int end = terminator(d, 1, d[0]);
        return clean(decode(d, 1, (end < 0 ? d.length : end) - 1, cs), MAX_COMMENT_CHARS);
    }

    private static String comment(byte[] d) {
        if (d.length < 4) {
            return "";
        }
        int descEnd = terminator(d, 4, d[0]);
        if (descEnd < 0) {
            return "";
        }
        int textStart = descEnd + width(d[0]);
        int textEnd = terminator(d, textStart, d[0]);
        textEnd = textEnd < 0 ? d.length : textEnd;
        return clean(decode(d, textStart, textEnd - textStart, charset(d[0])), MAX_COMMENT_CHARS);
    }

    private static String wxxx(byte[] d) {
        if (d.length < 2) {
            return null;
        }
        int descEnd = terminator(d, 1, d[0]);
        if (descEnd < 0) {
            return null;
        }
        int urlStart = descEnd + width(d[0]);
        int urlEnd = indexOf(d, urlStart, (byte) 0, 1);
        String url = new String(d, urlStart, (urlEnd < 0 ? d.length : urlEnd) - urlStart, StandardCharsets.ISO_8859_1);
        return url.length() <= MAX_URL_CHARS && SAFE_URL.matcher(url).matches() ? url : null;
    }

    private static Charset charset(byte encoding) {
        return switch (encoding) {
            case 1 -> StandardCharsets.UTF_16;
            case 2 -> StandardCharsets.UTF_16BE;
            case 3 -> StandardCharsets.UTF_8;
            default -> StandardCharsets.ISO_8859_1;
        };
    }

    private static int width(byte encoding) {
        return encoding == 1 || encoding == 2 ? 2 : 1;
    }

    /** Index of the string terminator for {@code encoding} at or after {@code from}, or -1. */
    private static int terminator(byte[] d, int from, byte encoding) {
        return indexOf(d, from, (byte) 0, width(encoding));
    }

    private static int indexOf(byte[] d, int from, byte value, int step) {
        for (int i = from; i + step - 1 < d.length; i += step) {
            boolean zero = true;
            for (int k = 0; k < step; k++) {
                zero &= d[i + k] == value;
            }
            if (zero) {
                return i;
            }
        }
        return -1;
    }

    private static String decode(byte[] d, int off, int len, Charset cs) {
        return len <= 0 ? "" : new String(d, off, len, cs);
    }

    /** ID3v2.3's year, DDMM and HHMM frames as an ISO date-time prefix. */
    private static String v23Date(String year, String dayMonth, String hourMinute) {
        if (!year.matches("\\d{4}")) {
            return null;
        }
        if (dayMonth == null || !dayMonth.matches("\\d{4}")) {
            return year;
        }
        String day = year + "-" + dayMonth.substring(2) + "-" + dayMonth.substring(0, 2);
        if (hourMinute == null || !hourMinute.matches("\\d{4}")) {
            return day;
        }
        return day + "T" + hourMinute.substring(0, 2) + ":" + hourMinute.substring(2);
    }

    private static Instant parseDate(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return switch (s.length()) {
                case 4 -> Instant.parse(s + "-01-01T00:00:00Z");
                case 10 -> Instant.parse(s + "T00:00:00Z");
                case 16 -> Instant.parse(s + ":00Z");
                default -> Instant.parse(s.length() == 19 ? s + "Z" : s);
            };
        } catch (RuntimeException e) {
            return null; // a date we cannot read is not worth failing the tag for
        }
    }

    /**
     * The MP3 frames of {@code mp3} without the ID3v2 tag in front ({@code mp3} itself when it
     * has none). For consumers that take raw frames: {@link Mp3Decoder} (jump3r's mpglib does not
     * skip tags and decodes a tag's bytes as junk audio) and a live stream (a tag mid-stream is noise).
     *
     * @throws IOException when the tag header is malformed or claims more bytes than there are
     */
    public static byte[] stripTag(byte[] mp3) throws IOException {
        long length = tagLength(Arrays.copyOf(mp3, Math.min(mp3.length, HEADER_BYTES)));
        if (length == 0) {
            return mp3;
        }
        if (length > mp3.length) {
            throw new IOException("ID3 tag claims " + length + " bytes, the file has " + mp3.length);
        }
        return Arrays.copyOfRange(mp3, (int) length, mp3.length);
    }

    /**
     * Length in bytes of the ID3v2 tag a file starts with (header, body, footer), 0 if it
     * starts with none: where the MP3 frames start. Needs the first 10 bytes of the file.
     *
     * @throws IOException when the header's size field is not syncsafe
     */
    public static long tagLength(byte[] header) throws IOException {
        if (header.length < HEADER_BYTES || header[0] != 'I' || header[1] != 'D' || header[2] != '3') {
            return 0;
        }
        for (int i = 6; i < 10; i++) {
            if ((header[i] & 0x80) != 0) {
                throw new IOException("ID3 tag size is not syncsafe");
            }
        }
        boolean footer = header[3] == 4 && (header[5] & 0x10) != 0;
        return HEADER_BYTES + (long) readSyncsafe(header, 6) + (footer ? HEADER_BYTES : 0);
    }

    private static int readSyncsafe(byte[] b, int off) {
        return (b[off] & 0x7F) << 21 | (b[off + 1] & 0x7F) << 14 | (b[off + 2] & 0x7F) << 7 | (b[off + 3] & 0x7F);
    }

    private static int readInt(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }

    /** Reverses unsynchronisation: every 0xFF 0x00 becomes 0xFF. */
    private static byte[] deUnsynchronise(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            out.write(in[i]);
            if ((in[i] & 0xFF) == 0xFF && i + 1 < in.length && in[i + 1] == 0) {
                i++;
            }
        }
        return out.toByteArray();
    }
}
