package org.paperradio.core.write;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits prose into sentences for selection. Deliberately simple: a sentence ends at . ! or ?
 * followed by white space and a capital, except after common abbreviations, initials and
 * inside numbers.
 */
public final class Sentences {

    private static final Set<String> ABBREVIATIONS = Set.of(
            "e.g", "i.e", "cf", "fig", "figs", "eq", "eqs", "sec", "secs", "ref", "refs", "tab", "al", "vs",
            "etc", "dr", "mr", "ms", "prof", "approx", "resp", "no", "vol", "pp", "ch", "app");
    private static final Pattern END = Pattern.compile("[.!?]+[\"')\\]]*\\s+(?=[\"'(\\[]?[A-Z0-9])");

    private Sentences() {
    }

    public static List<String> split(String text) {
        String t = text.replaceAll("\\s+", " ").strip();
        List<String> out = new ArrayList<>();
        int start = 0;
        Matcher m = END.matcher(t);
        while (m.find()) {
            String before = t.substring(start, m.start());
            int sp = before.lastIndexOf(' ');
            String lastWord = before.substring(sp + 1).toLowerCase(java.util.Locale.ROOT);
            boolean abbreviation = ABBREVIATIONS.contains(lastWord.replaceAll("^[(\\[]", ""))
                    || lastWord.matches("[a-z]");
            if (abbreviation) {
                continue;
            }
            out.add(t.substring(start, m.end()).strip());
            start = m.end();
        }
        if (start < t.length()) {
            out.add(t.substring(start).strip());
        }
        out.removeIf(String::isBlank);
        return out;
    }

    /** Lower-case word tokens (letters and digits), for scoring and overlap. */
    public static List<String> words(String sentence) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("[\\p{L}][\\p{L}\\p{Nd}\\-]*").matcher(sentence.toLowerCase(java.util.Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
