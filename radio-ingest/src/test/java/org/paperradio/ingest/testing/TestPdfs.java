package org.paperradio.ingest.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDFormContentStream;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;

/**
 * Real PDFs for tests, laid out like a paper: a title block, an unnumbered Abstract, numbered
 * section headings in bold, body text wrapped to the page width with words hyphenated at line
 * ends the way LaTeX does, a running header and a page number on every page, and a References
 * section at the end. Also broken variants: encrypted, truncated, without text, and hostile
 * ones: a page of any size, a page that takes very long to read.
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
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
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
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
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
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
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
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
}
