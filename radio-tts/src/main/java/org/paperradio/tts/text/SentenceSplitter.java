package org.paperradio.tts.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into sentences and sentences into tokens, the shape MaryTTS wants when its own
 * tokeniser (JTok) is not available. A sentence ends at {@code . ! ?} (and closing quotes or
 * brackets) followed by white space, except after a known abbreviation ("e.g.", "Dr.",
 * "Fig."), an initial ("J. Smith") or when the next word starts in lower case; a blank line
 * always ends one. Decimals ("3.5") never split: no white space follows their dot. Thread-safe.
 */
public final class SentenceSplitter {

    private static final Set<String> ABBREVIATIONS = Set.of(
            "e.g", "i.e", "cf", "viz", "vs", "al", "approx", "resp", "fig", "figs", "eq", "eqs", "eqn", "sec", "secs",
            "sect", "tab", "ref", "refs", "thm", "lem", "def", "prop", "alg", "app", "appx", "ch", "dr", "mr",
            "mrs", "ms", "prof", "st", "jr", "sr", "no", "nos", "vol", "pp", "p", "ca", "w.r.t", "a.k.a", "inc",
            "ltd", "co", "corp", "dept", "univ", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
            "oct", "nov", "dec", "u.s", "u.k", "ph.d", "et");
    private static final Pattern BOUNDARY = Pattern.compile("[.!?]+[\"'”’)\\]]*(?=\\s)|\\n\\s*\\n");
    private static final Pattern TOKEN = Pattern.compile(
            "\\d+(?:[.,:]\\d+)*(?:\\p{L}+)?"
                    + "|[\\p{L}\\p{M}\\p{Nd}]+(?:['’][\\p{L}\\p{M}]+)*(?:-[\\p{L}\\p{M}\\p{Nd}]+)*"
                    + "|\\.{2,}|[!?]+|\\S");

    /** Sentences of {@code text} in order, stripped; never an empty string. */
    public List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        Matcher m = BOUNDARY.matcher(text);
        int start = 0;
        while (m.find()) {
            if (m.group().startsWith(".") && !m.group().startsWith("..") && !endsSentence(text, start, m)) {
                continue;
            }
            if (m.group().charAt(0) != '\n' && nextStartsLowerCase(text, m.end())) {
                continue;
            }
            add(out, text.substring(start, m.group().charAt(0) == '\n' ? m.start() : m.end()));
            start = m.end();
        }
        add(out, text.substring(start));
        return out;
    }

    /** Words, numbers and punctuation marks of one sentence, each a token. */
    public List<String> tokens(String sentence) {
        List<String> out = new ArrayList<>();
        if (sentence == null) {
            return out;
        }
        Matcher m = TOKEN.matcher(sentence);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Each sentence of {@code text} as its tokens; sentences without a token are left out. */
    public List<List<String>> split(String text) {
        List<List<String>> out = new ArrayList<>();
        for (String s : sentences(text)) {
            List<String> t = tokens(s);
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static boolean endsSentence(String text, int sentenceStart, Matcher m) {
        int end = m.start(); // the dot
        int wordStart = end;
        while (wordStart > sentenceStart && !Character.isWhitespace(text.charAt(wordStart - 1))
                && text.charAt(wordStart - 1) != '(' && text.charAt(wordStart - 1) != '[') {
            wordStart--;
        }
        String word = text.substring(wordStart, end);
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
        String t = s.strip().replaceAll("\\s+", " ");
        if (!t.isEmpty()) {
            out.add(t);
        }
    }
}
