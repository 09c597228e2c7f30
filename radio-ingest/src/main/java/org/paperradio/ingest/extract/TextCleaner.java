package org.paperradio.ingest.extract;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paperradio.core.paper.Section;

/**
 * Turns the raw lines of a paper's pages into clean sections: running headers, footers and page
 * numbers go, hyphenation at line ends is undone, the references and all after them are dropped,
 * and headings split the text. Pure text work, no PDF: tested on its own.
 */
final class TextCleaner {

    /** Lines at the top and at the bottom of each page looked at for headers and footers. */
    private static final int ZONE = 3;

    private static final Pattern PAGE_NUMBER = Pattern.compile(
            "(?i)(?:page\\s+)?\\d{1,4}(?:\\s*(?:of|/)\\s*\\d{1,4})?|[-–—]\\s*\\d{1,4}\\s*[-–—]|[ivxlc]{1,7}");
    private static final Pattern ARXIV_STAMP = Pattern.compile(
            "arXiv:\\s*\\S+\\s+\\[[^\\]]{2,40}]\\s+\\d{1,2}\\s+[A-Z][a-z]{2}\\s+\\d{4}");
    private static final Pattern NUMBERED = Pattern.compile(
            "(\\d{1,2}(?:\\.\\d{1,2}){0,3})\\.?\\s+(\\S.*)");
    private static final Pattern ROMAN = Pattern.compile("([IVX]{1,6})\\.\\s+(\\S.*)");
    private static final Pattern LETTERED = Pattern.compile("([A-H])\\.?\\s+(\\S.*)");
    /** Unnumbered headings that are never anything else when alone on a line. */
    private static final Pattern KNOWN = Pattern.compile("(?i)(abstract|introduction|background|related works?"
            + "|preliminaries|methodology|experimental setup|results and discussion|limitations|future work"
            + "|conclusions?|conclusions? and (?:future work|outlook)|summary and outlook|acknowledge?ments?"
            + "|appendix|appendices|materials and methods)\\s*[.:]?");
    /** Unnumbered headings that also occur as figure labels or table heads: only when styled. */
    private static final Pattern KNOWN_WEAK = Pattern.compile("(?i)(methods?|approach|model|experiments?|evaluation"
            + "|results|discussion|analysis|summary|outlook|data|theory|setup)\\s*[.:]?");
    private static final Pattern REFERENCES = Pattern.compile("(?i)(?:(?:\\d{1,2}|[IVX]{1,6})\\.?\\s+)?"
            + "(references|bibliography|literature cited|works cited|reference list|references and notes)\\s*[.:]?");
    private static final Pattern RUN_IN_ABSTRACT = Pattern.compile("(?i)(abstract)\\s*(?:[.:—–]|-{1,2})\\s*(\\S.*)");
    /** A bibliography entry's start: "[12] Name…" or "12 Name…" / "12. Name…". */
    private static final Pattern ENTRY = Pattern.compile("(?:\\[(\\d{1,3})]|(\\d{1,3})\\.?)\\s+\\p{Lu}.*");
    private static final Pattern YEAR = Pattern.compile("\\b(?:19|20)\\d{2}\\b");
    private static final Set<String> SMALL_WORDS = Set.of("a", "an", "and", "as", "at", "by", "for", "from", "in",
            "of", "on", "or", "the", "to", "via", "with", "vs", "versus");

    /** A heading found on a line: its clean title, and any text that ran on after it. */
    record Heading(String title, String runOn) {
    }

    private final float bodySize;
    private final Set<String> vocabulary;
    private boolean sawHeading;

    private TextCleaner(float bodySize, Set<String> vocabulary) {
        this.bodySize = bodySize;
        this.vocabulary = vocabulary;
    }

    /** The whole treatment: pages of lines in, sections out. */
    static List<Section> sections(List<List<TextLine>> pages) {
        List<List<TextLine>> kept = removeRunningLines(pages);
        List<TextLine> lines = new ArrayList<>();
        kept.forEach(lines::addAll);
        lines = cutReferences(lines);
        TextCleaner cleaner = new TextCleaner(bodySize(lines), vocabulary(lines));
        return mergeEmpty(cleaner.split(lines));
    }

    // ---- headers, footers, page numbers ----------------------------------------------------

    /**
     * Drops lines that repeat at the top or bottom of many pages (running heads, journal
     * footers), bare page numbers there, and arXiv's side stamp on the first page.
     */
    static List<List<TextLine>> removeRunningLines(List<List<TextLine>> pages) {
        Map<String, Integer> seen = new HashMap<>();
        for (List<TextLine> page : pages) {
            Set<String> onPage = new HashSet<>();
            for (int i : zone(page.size())) {
                onPage.add(key(page.get(i).text()));
            }
            onPage.forEach(k -> seen.merge(k, 1, Integer::sum));
        }
        int threshold = Math.max(2, (int) Math.ceil(pages.size() * 0.4));
        List<List<TextLine>> out = new ArrayList<>(pages.size());
        for (List<TextLine> page : pages) {
            Set<Integer> zone = new HashSet<>();
            for (int i : zone(page.size())) {
                zone.add(i);
            }
            List<TextLine> kept = new ArrayList<>(page.size());
            for (int i = 0; i < page.size(); i++) {
                String text = page.get(i).text().strip();
                boolean running = zone.contains(i)
                        && (PAGE_NUMBER.matcher(text).matches() || (pages.size() >= 2 && seen.get(key(text)) >= threshold));
                if (!running && !ARXIV_STAMP.matcher(text).matches()) {
                    kept.add(page.get(i));
                }
            }
            out.add(kept);
        }
        return out;
    }

    private static int[] zone(int size) {
        Set<Integer> idx = new TreeSet<>();
        for (int i = 0; i < Math.min(ZONE, size); i++) {
            idx.add(i);
            idx.add(size - 1 - i);
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A line as compared across pages: page numbers and case do not count. */
    private static String key(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("\\d+", "#").replaceAll("\\s+", " ").strip();
    }

    // ---- references --------------------------------------------------------------------------

    /**
     * Everything from the references on. A "References" heading if there is one; else, in the
     * last two thirds of the paper, the start of a run of numbered entries ("[1] …" or "1 …",
     * then 2 and 3) that carry years, as bibliographies printed without a heading (REVTeX) do.
     */
    static List<TextLine> cutReferences(List<TextLine> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).text().strip();
            if (REFERENCES.matcher(text).matches()) {
                return lines.subList(0, i);
            }
        }
        for (int i = lines.size() / 3; i < lines.size(); i++) {
            Matcher m = ENTRY.matcher(lines.get(i).text().strip());
            if (m.matches() && entryNumber(m) == 1 && isBibliography(lines, i, m.group(1) != null)) {
                return lines.subList(0, i);
            }
        }
        return lines;
    }

    private static int entryNumber(Matcher m) {
        return Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
    }

    /** Entries 2 and 3 follow entry 1 in the same style, and the first entries cite years. */
    private static boolean isBibliography(List<TextLine> lines, int start, boolean bracketed) {
        int next = 2;
        int end = start;
        for (int i = start + 1; i < lines.size() && i < start + 30 && next <= 3; i++) {
            Matcher m = ENTRY.matcher(lines.get(i).text().strip());
            if (m.matches() && (m.group(1) != null) == bracketed) {
                if (entryNumber(m) != next) {
                    return false;
                }
                next++;
                end = i;
            }
        }
        if (next <= 3) {
            return false;
        }
        int years = 0;
        for (int i = start; i <= Math.min(end + 1, lines.size() - 1); i++) {
            if (YEAR.matcher(lines.get(i).text()).find()) {
                years++;
            }
        }
        return years >= 2;
    }

    // ---- statistics ----------------------------------------------------------------------------

    /** The font size of most characters: the body text's. */
    static float bodySize(List<TextLine> lines) {
        Map<Float, Integer> bySize = new HashMap<>();
        for (TextLine l : lines) {
            if (l.fontSize() > 0) {
                bySize.merge(l.fontSize(), l.text().length(), Integer::sum);
            }
        }
        return bySize.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(0f);
    }

    /** Every word of the paper, lower case, hyphenated compounds included ("state-of-the-art"). */
    static Set<String> vocabulary(List<TextLine> lines) {
        Set<String> words = new HashSet<>();
        for (TextLine l : lines) {
            for (String w : l.text().split("[^\\p{L}\\-]+")) {
                String s = w.replaceAll("^-+|-+$", "").toLowerCase(Locale.ROOT);
                if (!s.isEmpty()) {
                    words.add(s);
                }
            }
        }
        return words;
    }

    // ---- headings --------------------------------------------------------------------------------

    /** The heading this line is, or null when it is body text. */
    Heading heading(TextLine line) {
        String text = line.text().strip().replaceAll("\\s+", " ");
        if (text.length() > 100) {
            return null;
        }
        boolean styled = line.bold() || larger(line);
        Matcher m = RUN_IN_ABSTRACT.matcher(text);
        if (!sawHeading && m.matches() && !KNOWN.matcher(text).matches()) {
            return new Heading("Abstract", m.group(2));
        }
        if (KNOWN.matcher(text).matches() || (styled && KNOWN_WEAK.matcher(text).matches())) {
            return new Heading(titleCase(text.replaceAll("[.:]$", "").strip()), "");
        }
        m = ROMAN.matcher(text);
        if (m.matches() && headingWords(m.group(2)) && (isUpper(m.group(2)) || styled)) {
            return new Heading(titleCase(m.group(2)), "");
        }
        m = NUMBERED.matcher(text);
        if (m.matches() && headingWords(m.group(2)) && Integer.parseInt(m.group(1).split("\\.")[0]) <= 30
                && (styled || capitalised(m.group(2)))) {
            return new Heading(titleCase(m.group(2)), "");
        }
        m = LETTERED.matcher(text);
        if (m.matches() && styled && headingWords(m.group(2))) {
            return new Heading(titleCase(m.group(2)), "");
        }
        // font size alone: only once a textual heading has shown where the body starts, so the
        // paper's title and author block above it do not become sections
        if (sawHeading && larger(line) && headingWords(text)) {
            return new Heading(titleCase(text), "");
        }
        return null;
    }

    /** Whether {@code next} is the second line of the heading on {@code line}. */
    private static boolean continues(TextLine line, TextLine next) {
        String text = line.text().strip();
        String rest = next.text().strip();
        if (next.paragraphStart() || next.fontSize() != line.fontSize() || next.bold() != line.bold()
                || rest.isEmpty() || text.endsWith(".") || text.endsWith(":") || rest.endsWith(".")
                || rest.split("\\s+").length > 8 || NUMBERED.matcher(rest).matches() || ROMAN.matcher(rest).matches()) {
            return false;
        }
        boolean upper = mostlyUpper(text);
        return upper ? mostlyUpper(rest) : line.bold();
    }

    private static boolean mostlyUpper(String s) {
        int upper = 0;
        int letters = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                if (Character.isUpperCase(c)) {
                    upper++;
                }
            }
        }
        return letters > 0 && upper * 4 >= letters * 3;
    }

    private boolean larger(TextLine line) {
        return bodySize > 0 && line.fontSize() >= bodySize * 1.12f;
    }

    /** Looks like a heading's title: short, starts with a capital, no sentence end, mostly letters. */
    private static boolean headingWords(String title) {
        String t = title.strip();
        if (t.isEmpty() || t.length() > 90 || !Character.isUpperCase(t.codePointAt(0))) {
            return false;
        }
        if (t.endsWith(".") || t.endsWith(",") || t.endsWith(";") || t.endsWith("=")) {
            return false;
        }
        int words = t.split("\\s+").length;
        if (words > 12) {
            return false;
        }
        int letters = 0;
        int other = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
            } else if (!Character.isWhitespace(c)) {
                other++;
            }
        }
        return letters >= 3 && letters >= 3 * other;
    }

    /** Every longer word starts with a capital ("Related Work"), as headings in title case do. */
    private static boolean capitalised(String title) {
        for (String w : title.split("\\s+")) {
            if (w.length() >= 4 && Character.isLetter(w.charAt(0)) && !Character.isUpperCase(w.charAt(0))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUpper(String s) {
        boolean any = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLowerCase(c)) {
                return false;
            }
            any |= Character.isUpperCase(c);
        }
        return any;
    }

    /** "RELATED WORK" → "Related Work" (words with lower case, like a symbol "z", stay); others keep their case. */
    static String titleCase(String heading) {
        String h = heading.strip();
        if (!mostlyUpper(h)) {
            return h;
        }
        StringBuilder b = new StringBuilder();
        String[] words = h.split("\\s+");
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (i > 0) {
                b.append(' ');
            }
            if (!isUpper(w)) {
                b.append(w);
                continue;
            }
            String lower = w.toLowerCase(Locale.ROOT);
            if (i > 0 && SMALL_WORDS.contains(lower)) {
                b.append(lower);
            } else {
                int first = lower.codePointAt(0);
                b.appendCodePoint(Character.toUpperCase(first)).append(lower.substring(Character.charCount(first)));
            }
        }
        return b.toString();
    }

    // ---- assembly --------------------------------------------------------------------------------

    private List<Section> split(List<TextLine> lines) {
        List<Section> out = new ArrayList<>();
        String heading = "";
        Body body = new Body();
        for (int i = 0; i < lines.size(); i++) {
            TextLine line = lines.get(i);
            Heading h = heading(line);
            if (h != null && h.runOn().isEmpty() && i + 1 < lines.size() && continues(line, lines.get(i + 1))) {
                // a heading broken over two lines ("II. SELF-CONSISTENT ACTION IN THE" / "LARGE z LIMIT")
                TextLine next = lines.get(i + 1);
                Heading whole = heading(new TextLine(line.text().strip() + " " + next.text().strip(), line.fontSize(),
                        line.bold(), line.paragraphStart()));
                if (whole != null) {
                    h = whole;
                    i++;
                }
            }
            if (h != null) {
                if (!heading.isEmpty() || !body.isEmpty()) {
                    out.add(new Section(heading, body.text()));
                }
                heading = h.title();
                body = new Body();
                sawHeading = true;
                if (!h.runOn().isEmpty()) {
                    body.add(h.runOn(), true);
                }
            } else {
                body.add(line.text(), line.paragraphStart());
            }
        }
        if (!heading.isEmpty() || !body.isEmpty()) {
            out.add(new Section(heading, body.text()));
        }
        return out;
    }

    /** A section's text being built: paragraphs of joined lines. */
    private final class Body {
        private final List<StringBuilder> paragraphs = new ArrayList<>();

        boolean isEmpty() {
            return paragraphs.isEmpty();
        }

        void add(String lineText, boolean paragraphStart) {
            String text = lineText.strip().replaceAll("\\s+", " ");
            if (text.isEmpty()) {
                return;
            }
            if (paragraphs.isEmpty()) {
                paragraphs.add(new StringBuilder(text));
                return;
            }
            StringBuilder last = paragraphs.getLast();
            // PDFBox marks each page's first line as a paragraph start; a sentence that runs on
            // across the page break says otherwise
            boolean sentenceOpen = !last.isEmpty() && ".!?:\"”)".indexOf(last.charAt(last.length() - 1)) < 0;
            if (paragraphStart && !sentenceOpen) {
                paragraphs.add(new StringBuilder(text));
            } else {
                join(last, text);
            }
        }

        String text() {
            StringBuilder b = new StringBuilder();
            for (StringBuilder p : paragraphs) {
                if (!b.isEmpty()) {
                    b.append("\n\n");
                }
                b.append(p);
            }
            return b.toString();
        }
    }

    /**
     * Appends a line to a paragraph, undoing hyphenation: "experi-" + "ment" is "experiment",
     * unless the paper itself writes the word with a hyphen elsewhere ("self-supervised") or
     * the hyphen closes a compound ("state-of-the-" + "art").
     */
    void join(StringBuilder paragraph, String next) {
        int n = paragraph.length();
        char lastChar = paragraph.charAt(n - 1);
        boolean hyphen = (lastChar == '-' || lastChar == '\u00AD' || lastChar == '\u2010') && n >= 2
                && Character.isLetter(paragraph.charAt(n - 2));
        if (lastChar == '-' && n >= 2 && Character.isDigit(paragraph.charAt(n - 2)) && !next.isEmpty()
                && Character.isDigit(next.charAt(0))) {
            paragraph.append(next); // a range broken after its dash: "10-" + "20"
            return;
        }
        if (!hyphen || next.isEmpty() || !Character.isLowerCase(next.codePointAt(0))) {
            paragraph.append(' ').append(next);
            return;
        }
        int start = n - 1;
        while (start > 0 && !Character.isWhitespace(paragraph.charAt(start - 1))) {
            start--;
        }
        String prefix = paragraph.substring(start, n - 1).replaceAll("^\\P{L}+", "");
        String suffix = next.split("[^\\p{L}]", 2)[0];
        String joined = (prefix + suffix).toLowerCase(Locale.ROOT);
        String compound = (prefix + "-" + suffix).toLowerCase(Locale.ROOT);
        boolean keepHyphen = lastChar == '-' && (prefix.contains("-")
                || (vocabulary.contains(compound) && !vocabulary.contains(joined)));
        if (keepHyphen) {
            paragraph.append(next);
        } else {
            paragraph.setLength(n - 1);
            paragraph.append(next);
        }
    }

    /**
     * A heading with no text of its own ("3 Method" straight before "3.1 Setup") is folded into
     * the next section, so that looking up "method" finds the text under it.
     */
    static List<Section> mergeEmpty(List<Section> sections) {
        List<Section> out = new ArrayList<>();
        String pending = null; // heading of an empty section, waiting for text
        for (Section s : sections) {
            if (pending != null) {
                s = new Section(pending, (s.heading().isEmpty() ? "" : s.heading() + "\n\n") + s.text());
                pending = null;
            }
            if (s.text().isBlank()) {
                pending = s.heading().isEmpty() ? null : s.heading();
                continue;
            }
            out.add(s);
        }
        if (pending != null) {
            out.add(new Section(pending, ""));
        }
        return out;
    }
}
