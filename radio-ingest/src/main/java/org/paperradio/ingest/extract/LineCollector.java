package org.paperradio.ingest.extract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * PDFBox's text stripper, listening instead of writing: it collects each page's lines with
 * their font size, boldness and paragraph starts, which the cleaner needs to find headings.
 */
final class LineCollector extends PDFTextStripper {

    /**
     * Most characters one page may keep. PDFBox keeps every character of a page, with its
     * position and font, until the page ends (a few hundred bytes each; characters drawn again
     * on top of one it has are dropped), and a small compressed content stream can show
     * millions: a dense two-column page has about 10,000.
     */
    static final int MAX_PAGE_CHARS = 50_000;

    /**
     * Most characters of text kept for a paper: past this, no further page is read (the page
     * that crosses it is kept whole). About four times the longest paper one would read aloud.
     */
    static final long MAX_TEXT_CHARS = 2_000_000;

    /** A page that keeps more than {@link #MAX_PAGE_CHARS} characters: its text is left out. */
    static final class TooMuchText extends IOException {
        TooMuchText(int page) {
            super("page " + page + " has more than " + MAX_PAGE_CHARS
                    + " characters (a decompression bomb or a page of garbage)");
        }
    }

    private long textChars;
    private boolean capped;
    private final List<Integer> dropped = new ArrayList<>();

    private final List<List<TextLine>> pages = new ArrayList<>();
    private List<TextLine> page;
    private final StringBuilder line = new StringBuilder();
    /** Characters of the current line by font size (rounded to 0.5 pt). */
    private final Map<Float, Integer> sizes = new HashMap<>();
    private int boldChars;
    private int chars;
    private boolean paragraphStart;

    private final TimeLimit.Cancel cancel;
    private final long maxTextChars;

    LineCollector(TimeLimit.Cancel cancel) {
        this(cancel, MAX_TEXT_CHARS);
    }

    /** With another cap on the characters kept than {@link #MAX_TEXT_CHARS}, for tests. */
    LineCollector(TimeLimit.Cancel cancel, long maxTextChars) {
        this.cancel = cancel;
        this.maxTextChars = maxTextChars;
        setSortByPosition(false); // content order keeps the columns of two-column papers apart
        setSuppressDuplicateOverlappingText(true);
        setAddMoreFormatting(false);
    }

    /** Lines of pages {@code first}..{@code last} (1-based, inclusive), one list per page. */
    List<List<TextLine>> collect(PDDocument doc, int first, int last) throws IOException {
        setStartPage(first);
        setEndPage(last);
        pages.clear();
        dropped.clear();
        textChars = 0;
        capped = false;
        writeText(doc, Writer.nullWriter());
        return List.copyOf(pages);
    }

    /**
     * Pages of the last {@link #collect} whose text was left out for showing more than
     * {@link #MAX_PAGE_CHARS} characters (a dense appendix page, or a decompression bomb).
     */
    List<Integer> droppedPages() {
        return List.copyOf(dropped);
    }

    /**
     * One page that shows too much text loses its text, not the paper: the rest of the paper
     * is read as usual (a paper whose only page it was ends up without text, which is bad input).
     */
    @Override
    public void processPage(PDPage p) throws IOException {
        try {
            super.processPage(p);
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof TooMuchText)) {
                throw e;
            }
            dropped.add(getCurrentPageNo());
            page = null;
            line.setLength(0);
            while (pages.size() < getCurrentPageNo() - getStartPage() + 1) {
                pages.add(List.of());
            }
        }
    }

    /** Whether the last {@link #collect} stopped early at its cap on characters kept. */
    boolean capped() {
        return capped;
    }

    @Override
    protected void writePageStart() {
        page = new ArrayList<>();
        paragraphStart = true;
    }

    @Override
    protected void writePageEnd() {
        endLine();
        if (page != null) {
            pages.add(List.copyOf(page));
        }
        page = null;
    }

    @Override
    protected void startPage(PDPage p) throws IOException {
        super.startPage(p);
        cancel.check();
    }

    @Override
    protected void endPage(PDPage p) throws IOException {
        super.endPage(p);
        if (page != null) {
            // a page without text gets no writePageStart/End pair: still count it
            writePageEnd();
        } else if (pages.size() < getCurrentPageNo() - getStartPage() + 1) {
            pages.add(List.of());
        }
        if (textChars >= maxTextChars && getCurrentPageNo() < getEndPage()) {
            // the stripper skips pages past its end page: the rest are not read
            capped = true;
            setEndPage(getCurrentPageNo());
        }
    }

    /** One page's content stream can be millions of operators: a cancelled run stops within one. */
    @Override
    protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
        cancel.check();
        super.processOperator(operator, operands);
    }

    @Override
    protected void processTextPosition(TextPosition text) {
        // sideways text is never body text: arXiv's identifier stamp runs up the left margin,
        // and rotated table or figure labels would only break lines apart
        float dir = text.getDir();
        if (dir == 90f || dir == 270f) {
            return;
        }
        super.processTextPosition(text);
        // what the stripper kept (not the overlapping duplicates it dropped): few articles, cheap to add
        int kept = 0;
        for (List<TextPosition> article : charactersByArticle) {
            kept += article.size();
        }
        if (kept > MAX_PAGE_CHARS) {
            throw new UncheckedIOException(new TooMuchText(getCurrentPageNo()));
        }
    }

    @Override
    protected void writeString(String text, List<TextPosition> positions) {
        line.append(text);
        textChars += text.length();
        for (TextPosition p : positions) {
            float size = Math.round(p.getFontSizeInPt() * 2f) / 2f;
            int n = Math.max(1, p.getUnicode() == null ? 1 : p.getUnicode().length());
            sizes.merge(size, n, Integer::sum);
            chars += n;
            if (isBold(p.getFont())) {
                boldChars += n;
            }
        }
    }

    @Override
    protected void writeWordSeparator() {
        line.append(' ');
    }

    @Override
    protected void writeLineSeparator() throws IOException {
        // the lines of a page are written after all its operators ran: check here too
        cancel.check();
        endLine();
    }

    @Override
    protected void writeParagraphStart() {
        endLine();
        paragraphStart = true;
    }

    @Override
    protected void writeParagraphEnd() {
        endLine();
    }

    private void endLine() {
        String text = line.toString().strip();
        if (!text.isEmpty() && page != null) {
            float size = 0;
            int best = -1;
            for (var e : sizes.entrySet()) {
                if (e.getValue() > best || (e.getValue() == best && e.getKey() > size)) {
                    best = e.getValue();
                    size = e.getKey();
                }
            }
            page.add(new TextLine(text, size, chars > 0 && boldChars * 2 > chars, paragraphStart));
            paragraphStart = false;
        }
        line.setLength(0);
        sizes.clear();
        boldChars = 0;
        chars = 0;
    }

    /** Bold by name: "Helvetica-Bold", LaTeX's CMBX, "NimbusRomNo9L-Medi", "Times-Semibold". */
    static boolean isBold(PDFont font) {
        if (font == null || font.getName() == null) {
            return false;
        }
        String name = font.getName().toLowerCase(Locale.ROOT);
        int plus = name.indexOf('+'); // subset prefix, e.g. ABCDEF+CMBX12
        if (plus >= 0) {
            name = name.substring(plus + 1);
        }
        return name.contains("bold") || name.startsWith("cmbx") || name.contains("-medi") || name.contains("semibold")
                || name.contains("black") || name.contains("heavy") || name.startsWith("sfbx");
    }
}
