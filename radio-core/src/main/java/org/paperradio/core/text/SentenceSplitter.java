package org.paperradio.core.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's one sentence splitter (the writer picks sentences with it, the voices speak
 * them one at a time). A sentence ends at {@code . ! ?} (and closing quotes or brackets)
 * followed by white space, except after a known abbreviation ("e.g.", "Dr.", "Fig.", "et
 * al."), an initial ("J. Smith") or when the next word starts in lower case; a blank line
 * always ends one. Decimals ("3.5") never split: no white space follows their dot. Runs in
 * time linear in the text; stateless and thread-safe.
 */
public final class SentenceSplitter {

    private static final Set<String> ABBREVIATIONS = Set.of(
            "e.g", "i.e", "cf", "viz", "vs", "al", "approx", "resp", "fig", "figs", "eq", "eqs", "eqn", "sec", "secs",
            "sect", "tab", "ref", "refs", "thm", "lem", "def", "prop", "alg", "app", "appx", "ch", "dr", "mr",
            "mrs", "ms", "prof", "st", "jr", "sr", "no", "nos", "vol", "pp", "p", "ca", "w.r.t", "a.k.a", "inc",
            "ltd", "co", "corp", "dept", "univ", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
            "oct", "nov", "dec", "u.s", "u.k", "ph.d", "et");
    private static final Pattern BOUNDARY = Pattern.compile("[.!?]+[\"'”’)\\]]*(?=\\s)|\\n\\s*\\n");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** A word starts with a letter and goes on with letters, digits and hyphens: "state-of-the-art", "gpt4". */
    private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}\\p{Nd}\\-]*");

    private SentenceSplitter() {
    }

    /** Sentences of {@code text} in order, stripped, white space runs made one space; never an empty string. */
    public static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        Matcher m = BOUNDARY.matcher(text);
        int start = 0;
        while (m.find()) {
            boolean blankLine = m.group().charAt(0) == '\n';
            if (m.group().startsWith(".") && !m.group().startsWith("..") && !endsSentence(text, start, m.start())) {
                continue;
            }
            if (!blankLine && nextStartsLowerCase(text, m.end())) {
                continue;
            }
            add(out, text.substring(start, blankLine ? m.start() : m.end()));
            start = m.end();
        }
        add(out, text.substring(start));
        return out;
    }

    /**
     * The lower-case words of {@code text} (letters first, then letters, digits and hyphens),
     * for scoring and comparing sentences; numbers and punctuation are left out.
     */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Whether the dot at {@code dot} ends a sentence rather than an abbreviation or an initial. */
    private static boolean endsSentence(String text, int sentenceStart, int dot) {
        int wordStart = dot;
        while (wordStart > sentenceStart && !Character.isWhitespace(text.charAt(wordStart - 1))
                && text.charAt(wordStart - 1) != '(' && text.charAt(wordStart - 1) != '[') {
            wordStart--;
        }
        String word = text.substring(wordStart, dot);
        if (word.isEmpty()) {
            return true;
        }
        if (word.length() == 1 && Character.isUpperCase(word.charAt(0))) {
            return false; // an initial: "J. Smith"
        }
        return !ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT));
    }

    private static boolean nextStartsLowerCase(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '"' || c == '\'' || c == '(' || c == '“' || c == '‘') {
                continue;
            }
            return Character.isLowerCase(c);
        }
        return false;
    }

    private static void add(List<String> out, String s) {
        String t = WHITESPACE.matcher(s.strip()).replaceAll(" ");
        if (!t.isEmpty()) {
            out.add(t);
        }
    }
}
