package org.paperradio.ingest.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Adler32;
import java.util.zip.Deflater;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDFormContentStream;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.util.Matrix;

/**
 * Real PDFs for tests, laid out like a paper: a title block, an unnumbered Abstract, numbered
 * section headings in bold, body text wrapped to the page width with words hyphenated at line
 * ends the way LaTeX does, a running header and a page number on every page, and a References
 * section at the end. Also broken variants: empty, encrypted, truncated, without text, and
 * hostile ones: a page of any size, a page that takes very long to read, thousands of pages, and
 * decompression bombs (a page's content or an image that inflates to gigabytes). The bombs are
 * built in constant memory: the test never holds what they inflate to.
 */
public final class TestPdfs {

    /** A section to lay out: its heading (numbered by the builder) and its paragraphs. */
    public record SectionText(String heading, List<String> paragraphs) {
        public SectionText {
            paragraphs = List.copyOf(paragraphs);
        }

        /** The paragraphs as one text, as an extractor should give it back (single spaces). */
        public String text() {
            return String.join(" ", paragraphs).replaceAll("\\s+", " ").strip();
        }
    }

    /**
     * A built PDF and what a test needs to check the extraction against.
     *
     * @param bytes         the PDF
     * @param pages         its number of pages
     * @param runningHeader the header printed at the top of every page
     * @param hyphenated    words that were split with a hyphen at a line end
     * @param references    the reference entries printed after the "References" heading
     */
    public record Built(byte[] bytes, int pages, String runningHeader, List<String> hyphenated, List<String> references) {
        public Built {
            hyphenated = List.copyOf(hyphenated);
            references = List.copyOf(references);
        }
    }

    /** The owner password of {@link #encrypted}; the user password is another secret. */
    public static final String OWNER_PASSWORD = "owner-secret";
    public static final String USER_PASSWORD = "user-secret";

    private static final PDRectangle PAGE = PDRectangle.LETTER;
    /** Top and bottom margin. */
    private static final float MARGIN = 72;
    /** Left and right margin: a narrow column, so that even short papers fill a few pages. */
    private static final float SIDE = 108;
    private static final float BODY_SIZE = 11;
    private static final float LEADING = 15;
    private static final float INDENT = 14;

    private TestPdfs() {
    }

    /**
     * A paper: title, authors, abstract, then the sections numbered "1 Introduction", "2 Method"
     * …, then References.
     */
    public static Built paper(String title, List<String> authors, String abstractText, List<SectionText> sections) {
        try (PDDocument doc = new PDDocument()) {
            Layout layout = new Layout(doc, runningHeader(title));
            layout.centred(title, layout.titleFont, 17, 22);
            layout.centred(String.join(", ", authors), layout.plain, 11, 16);
            layout.gap(12);
            layout.heading("Abstract");
            layout.paragraph(abstractText);
            int n = 1;
            for (SectionText s : sections) {
                layout.heading(n++ + " " + s.heading());
                for (String p : s.paragraphs()) {
                    layout.paragraph(p);
                }
            }
            List<String> refs = references(authors);
            layout.heading("References");
            for (String r : refs) {
                layout.reference(r);
            }
            layout.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return new Built(out.toByteArray(), doc.getNumberOfPages(), layout.header, layout.hyphenated, refs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The paper encrypted with AES-256, owner and user password: it opens only with one of them. */
    public static byte[] encrypted(byte[] pdf) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            StandardProtectionPolicy policy = new StandardProtectionPolicy(OWNER_PASSWORD, USER_PASSWORD,
                    new AccessPermission());
            policy.setEncryptionKeyLength(256);
            doc.protect(policy);
            return saved(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first half of the file, as a download cut off midway leaves it. */
    public static byte[] truncated(byte[] pdf) {
        return Arrays.copyOf(pdf, pdf.length / 2);
    }

    /** A valid PDF whose pages carry no text at all (like a scan without OCR). */
    public static byte[] withoutText(int pages) {
        try (PDDocument doc = new PDDocument()) {
            for (int i = 0; i < pages; i++) {
                PDPage page = new PDPage(PAGE);
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.addRect(100, 100 + i * 10, 300, 400); // a grey box where a scan would be
                    cs.setNonStrokingColor(0.8f, 0.8f, 0.8f);
                    cs.fill();
                }
            }
            return saved(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One page of {@code width} x {@code height} points (72 to the inch) with a black square in
     * its middle, a quarter of the page's width wide, and a line of text.
     */
    public static byte[] sizedPage(float width, float height) {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(width, height));
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                float side = width / 4;
                cs.addRect((width - side) / 2, (height - side) / 2, side, side);
                cs.fill();
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                cs.newLineAtOffset(36, 36);
                cs.showText("A page of unusual size.");
                cs.endText();
            }
            return saved(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A crafted PDF that keeps a reader busy on its first page: the page draws one form
     * {@code draws} times, and the form shows {@code shows} lines of text. A file of a few
     * kilobytes, {@code draws * shows} text operators (1000 x 1000 take PDFBox seconds to read
     * and a minute to render).
     */
    public static byte[] endlessPage(int draws, int shows) {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PAGE);
            doc.addPage(page);
            PDFormXObject form = new PDFormXObject(doc);
            form.setBBox(PAGE);
            form.setResources(new PDResources());
            try (PDFormContentStream fc = new PDFormContentStream(form)) {
                fc.beginText();
                fc.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), BODY_SIZE);
                fc.newLineAtOffset(SIDE, PAGE.getHeight() - MARGIN);
                for (int i = 0; i < shows; i++) {
                    fc.showText("Words of a paper that never ends, line " + i % 50);
                    // 50 lines down the page, then back to the top
                    fc.newLineAtOffset(0, i % 50 == 49 ? 49 * LEADING : -LEADING);
                }
                fc.endText();
            }
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                for (int i = 0; i < draws; i++) {
                    cs.drawForm(form);
                }
            }
            return saved(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A zero-byte file, as an interrupted download or a full disk leaves it. */
    public static byte[] empty() {
        return new byte[0];
    }

    /**
     * A real PDF of {@code pages} US Letter pages, each with one line of text of its own
     * ({@link #manyPagesLine}), small in bytes: all pages share one font. 2,000 pages are about
     * 450 KB.
     */
    public static byte[] manyPages(int pages) {
        try (PDDocument doc = new PDDocument()) {
            PDFont font = new PDType1Font(Standard14Fonts.FontName.TIMES_ROMAN);
            for (int i = 1; i <= pages; i++) {
                PDPage page = new PDPage(PAGE);
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(font, BODY_SIZE);
                    cs.newLineAtOffset(SIDE, PAGE.getHeight() - MARGIN);
                    cs.showText(manyPagesLine(i, pages));
                    cs.endText();
                }
            }
            return saved(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The line of text on page {@code page} (1-based) of {@link #manyPages}: different letters on
     * every page, as a cleaner drops lines that repeat on many pages as running headers.
     */
    public static String manyPagesLine(int page, int pages) {
        String[] nouns = {"river", "signal", "lattice", "kernel", "photon", "garden", "theorem", "market", "enzyme",
            "glacier", "protocol", "spectrum", "canyon", "neuron", "harbor", "crystal", "orbit"};
        String[] verbs = {"bends", "echoes", "settles", "drifts", "grows", "folds", "waits", "turns", "glows",
            "wanders", "rests", "shifts", "hums"};
        StringBuilder tag = new StringBuilder();
        for (int n = page; n > 0; n /= 26) {
            tag.append((char) ('a' + n % 26));
        }
        return "Section " + tag + " of " + pages + " pages: the " + nouns[page % nouns.length] + " "
                + verbs[page % verbs.length] + " in a document far longer than any paper read aloud.";
    }

    /**
     * The text operators a {@link #contentBomb} repeats inside one text object: each shows a
     * short line in Helvetica ({@code /F1}) 2 points below the last, so that no two characters
     * overlap and a reader that keeps every character it sees grows with the inflated size.
     */
    public static final String BOMB_TEXT = "(Bomb text, again and again.) Tj 0 -2 Td\n";

    /**
     * A one-page PDF whose content stream is FlateDecode and inflates to {@code inflatedBytes}
     * (a text object of repeats of {@link #BOMB_TEXT}): a file of about 1/330 of that size.
     * 1 GiB is a file of about 3 MB.
     */
    public static byte[] contentBomb(long inflatedBytes) {
        return contentBomb(inflatedBytes, "BT /F1 10 Tf 72 720 Td\n", BOMB_TEXT);
    }

    /**
     * A one-page PDF whose content stream inflates to {@code start} and then
     * {@code inflatedBytes} of {@code repeated} (for example {@code "1 1 l "}, a path that is
     * never painted, or spaces); the page has Helvetica as font {@code /F1}.
     */
    public static byte[] contentBomb(long inflatedBytes, String start, String repeated) {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PAGE);
            PDResources resources = new PDResources();
            resources.put(COSName.getPDFName("F1"), new PDType1Font(Standard14Fonts.FontName.HELVETICA));
            page.setResources(resources);
            COSStream contents = doc.getDocument().createCOSStream();
            try (OutputStream raw = contents.createRawOutputStream()) {
                deflateRepeated(start.getBytes(StandardCharsets.ISO_8859_1),
                        repeated.getBytes(StandardCharsets.ISO_8859_1), inflatedBytes, raw);
            }
            contents.setItem(COSName.FILTER, COSName.FLATE_DECODE);
            page.setContents(new PDStream(contents));
            doc.addPage(page);
            return saved(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A one-page PDF with a line of text and an image XObject declared {@code width} x
     * {@code height} DeviceGray 8-bit, drawn over the whole page; its FlateDecode data inflate
     * to all {@code width * height} bytes (zeros). 60,000 x 60,000 is 3.6 GB decoded in a file
     * of about 3.5 MB: a renderer that decodes it at full size needs gigabytes of heap.
     */
    public static byte[] imageBomb(int width, int height) {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PAGE);
            doc.addPage(page);
            COSStream image = doc.getDocument().createCOSStream();
            try (OutputStream raw = image.createRawOutputStream()) {
                deflateRepeated(new byte[0], new byte[] {0}, (long) width * height, raw);
            }
            image.setItem(COSName.TYPE, COSName.XOBJECT);
            image.setItem(COSName.SUBTYPE, COSName.IMAGE);
            image.setInt(COSName.WIDTH, width);
            image.setInt(COSName.HEIGHT, height);
            image.setItem(COSName.COLORSPACE, COSName.DEVICEGRAY);
            image.setInt(COSName.BITS_PER_COMPONENT, 8);
            image.setItem(COSName.FILTER, COSName.FLATE_DECODE);
            PDResources resources = new PDResources();
            resources.put(COSName.getPDFName("Im1"), new PDImageXObject(new PDStream(image), resources));
            page.setResources(resources);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                cs.newLineAtOffset(36, 36);
                cs.showText("A page with a very large image on it.");
                cs.endText();
                cs.saveGraphicsState();
                cs.transform(new Matrix(PAGE.getWidth(), 0, 0, PAGE.getHeight(), 0, 0));
                cs.appendRawCommands("/Im1 Do\n");
                cs.restoreGraphicsState();
            }
            return saved(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a zlib stream (what FlateDecode reads) that inflates to {@code start} followed by
     * {@code total} bytes of {@code unit} repeated, in constant memory and far faster than deflating it all: one chunk
     * is deflated on its own and ended on a byte boundary (a sync flush), and the copies of it
     * form a valid deflate stream, as no chunk refers back into another. The Adler-32 check
     * value of the whole is combined from the chunks' as zlib's adler32_combine does.
     */
    static void deflateRepeated(byte[] start, byte[] unit, long total, OutputStream out) throws IOException {
        int units = Math.max(1, (1 << 20) / unit.length);
        byte[] chunk = new byte[units * unit.length];
        for (int i = 0; i < units; i++) {
            System.arraycopy(unit, 0, chunk, i * unit.length, unit.length);
        }
        out.write(0x78);
        out.write(0x9C);
        byte[] full = deflateChunk(chunk, chunk.length);
        long fullAdler = adler32(chunk, chunk.length);
        long adler = 1;
        if (start.length > 0) {
            out.write(deflateChunk(start, start.length));
            adler = adler32(start, start.length);
        }
        for (long left = total; left > 0; left -= chunk.length) {
            if (left >= chunk.length) {
                out.write(full);
                adler = adlerCombine(adler, fullAdler, chunk.length);
            } else {
                out.write(deflateChunk(chunk, (int) left));
                adler = adlerCombine(adler, adler32(chunk, (int) left), left);
            }
        }
        out.write(new byte[] {0x03, 0x00}); // an empty final block
        out.write((int) (adler >>> 24));
        out.write((int) (adler >>> 16));
        out.write((int) (adler >>> 8));
        out.write((int) adler);
    }

    private static long adler32(byte[] data, int length) {
        Adler32 a = new Adler32();
        a.update(data, 0, length);
        return a.getValue();
    }

    private static byte[] deflateChunk(byte[] data, int length) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(data, 0, length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            int n;
            do {
                n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
                out.write(buf, 0, n);
            } while (n == buf.length || !deflater.needsInput());
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** zlib's adler32_combine: the Adler-32 of A followed by B from theirs and B's length. */
    private static long adlerCombine(long adler1, long adler2, long len2) {
        final long base = 65521;
        long rem = len2 % base;
        long sum1 = adler1 & 0xffff;
        long sum2 = (rem * sum1) % base;
        sum1 += (adler2 & 0xffff) + base - 1;
        sum2 += (adler1 >>> 16) + (adler2 >>> 16) + base - rem;
        sum1 %= base;
        sum2 %= base;
        return (sum2 << 16) | sum1;
    }

    private static String runningHeader(String title) {
        String[] words = title.split("\\s+");
        String shortTitle = words.length <= 6 ? title : String.join(" ", Arrays.copyOf(words, 6)) + " …";
        return "Preprint. " + shortTitle.replace("…", "...");
    }

    private static List<String> references(List<String> authors) {
        String first = authors.isEmpty() ? "A. Nonymous" : authors.get(0);
        return List.of(
                "[1] " + first + " and R. Feynman. Notes on careful measurement. Journal of Examples, 12(3):45-67, 2019.",
                "[2] E. Noether. Symmetries and their conserved quantities in practice. Proceedings of Tests, 2021.",
                "[3] K. Johnson and D. Hopper. A survey of reproducible pipelines. Archive of Samples, 2023.");
    }

    /** Puts text on pages top to bottom, starting new pages as needed. */
    private static final class Layout {
        final PDDocument doc;
        final String header;
        final PDFont plain = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        final PDFont titleFont = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        final PDFont body = new PDType1Font(Standard14Fonts.FontName.TIMES_ROMAN);
        final PDFont headerFont = new PDType1Font(Standard14Fonts.FontName.TIMES_ITALIC);
        final List<String> hyphenated = new ArrayList<>();
        final float width = PAGE.getWidth() - 2 * SIDE;
        PDPageContentStream cs;
        float y;
        int pageNo;

        Layout(PDDocument doc, String header) throws IOException {
            this.doc = doc;
            this.header = header;
            newPage();
        }

        void newPage() throws IOException {
            if (cs != null) {
                cs.close();
            }
            PDPage page = new PDPage(PAGE);
            doc.addPage(page);
            pageNo++;
            cs = new PDPageContentStream(doc, page);
            text(header, headerFont, 9, SIDE, PAGE.getHeight() - 42);
            String number = Integer.toString(pageNo);
            text(number, body, 10, (PAGE.getWidth() - textWidth(number, body, 10)) / 2, 36);
            y = PAGE.getHeight() - MARGIN;
        }

        void finish() throws IOException {
            cs.close();
        }

        void gap(float points) {
            y -= points;
        }

        void need(float points) throws IOException {
            if (y - points < MARGIN) {
                newPage();
            }
        }

        void centred(String s, PDFont font, float size, float leading) throws IOException {
            need(leading);
            y -= leading;
            text(s, font, size, (PAGE.getWidth() - textWidth(s, font, size)) / 2, y);
        }

        void heading(String s) throws IOException {
            need(3 * LEADING + 10); // never a heading alone at the bottom of a page
            y -= 10 + LEADING;
            text(s, titleFont, 12.5f, SIDE, y);
            y -= 4;
        }

        void paragraph(String p) throws IOException {
            List<String> lines = wrap(p, width, INDENT, true);
            for (int i = 0; i < lines.size(); i++) {
                need(LEADING);
                y -= LEADING;
                text(lines.get(i), body, BODY_SIZE, SIDE + (i == 0 ? INDENT : 0), y);
            }
            y -= 5;
        }

        void reference(String r) throws IOException {
            List<String> lines = wrap(r, width - 18, 0, false);
            for (int i = 0; i < lines.size(); i++) {
                need(LEADING);
                y -= LEADING - 1;
                text(lines.get(i), body, 9.5f, SIDE + (i == 0 ? 0 : 18), y);
            }
            y -= 3;
        }

        /** Greedy line breaking; long lower-case words that do not fit are hyphenated. */
        List<String> wrap(String text, float lineWidth, float firstIndent, boolean hyphenate) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            float available = lineWidth - firstIndent;
            for (String word : text.strip().split("\\s+")) {
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (textWidth(candidate, body, BODY_SIZE) <= available) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                String rest = word;
                if (hyphenate && !line.isEmpty() && word.matches("[a-z]{9,}")) {
                    for (int cut = word.length() - 3; cut >= 4; cut--) {
                        String head = line + " " + word.substring(0, cut) + "-";
                        if (textWidth(head, body, BODY_SIZE) <= available) {
                            line.setLength(0);
                            line.append(head);
                            rest = word.substring(cut);
                            hyphenated.add(word);
                            break;
                        }
                    }
                }
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                }
                available = lineWidth;
                line.setLength(0);
                line.append(rest);
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
            }
            return lines;
        }

        void text(String s, PDFont font, float size, float x, float atY) throws IOException {
            cs.beginText();
            cs.setFont(font, size);
            cs.newLineAtOffset(x, atY);
            cs.showText(s);
            cs.endText();
        }

        static float textWidth(String s, PDFont font, float size) throws IOException {
            return font.getStringWidth(s) / 1000f * size;
        }
    }

    /** The document as the bytes of a PDF file. */
    private static byte[] saved(PDDocument doc) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        doc.save(out);
        return out.toByteArray();
    }
}
