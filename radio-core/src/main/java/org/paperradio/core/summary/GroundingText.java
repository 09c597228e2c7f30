package org.paperradio.core.summary;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Text normalisation shared by the paper index and the claim side of {@link Grounding}, so
 * both compare like with like: Unicode compatibility forms (ligatures, full-width digits), all
 * dashes as {@code -}, {@code ×} as {@code x}, LaTeX {@code \%} and {@code {,}} unescaped.
 */
final class GroundingText {

    private GroundingText() {
    }

    /** Compatibility-composed text (keeps accents, so surfaces read as written) with the replacements above. */
    static String forClaim(String s) {
        return replace(Normalizer.normalize(s, Normalizer.Form.NFKC));
    }

    /** Compatibility-decomposed text without accents ("Gödel" and "Godel" index alike). */
    static String forIndex(String s) {
        return replace(stripMarks(Normalizer.normalize(s, Normalizer.Form.NFKD)));
    }

    /**
     * The matching key of a term: letters and digits only, lower case, accents removed, so
     * "LLaMA-2", "LLaMA 2" and "Llama2" share the key {@code llama2}.
     */
    static String key(String term) {
        String s = stripMarks(Normalizer.normalize(term, Normalizer.Form.NFKD)).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The canonical form of a decimal written with ASCII digits and at most one dot (grouping
     * commas already removed): no leading zeros, no trailing fraction zeros, so "0.50" and "0.5",
     * "007" and "7", "1.0" and "1" are equal, while "95.3" and "95.27" are not.
     */
    static String canonicalNumber(String digits) {
        int dot = digits.indexOf('.');
        String whole = dot < 0 ? digits : digits.substring(0, dot);
        String fraction = dot < 0 ? "" : digits.substring(dot + 1);
        int i = 0;
        while (i < whole.length() - 1 && whole.charAt(i) == '0') {
            i++;
        }
        whole = whole.isEmpty() ? "0" : whole.substring(i);
        int j = fraction.length();
        while (j > 0 && fraction.charAt(j - 1) == '0') {
            j--;
        }
        fraction = fraction.substring(0, j);
        return fraction.isEmpty() ? whole : whole + "." + fraction;
    }

    private static String stripMarks(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int type = Character.getType(c);
            boolean mark = type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK;
            if (mark && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            } else if (!mark && out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /** One pass: dashes, times sign, soft hyphens, LaTeX escapes for percent and digit groups, ~ spaces. */
    private static String replace(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE58', '\uFE63',
                        '\uFF0D' -> out.append('-');
                case '\u00D7', '\u2715', '\u2716' -> out.append('x');
                case '\u00AD' -> {
                    // a soft hyphen is invisible: drop it
                }
                case '\u2018', '\u2019', '\u02BC' -> out.append('\'');
                case '~' -> out.append(' '); // LaTeX non-breaking space
                case '\\' -> {
                    if (i + 1 < n && s.charAt(i + 1) == '%') {
                        out.append('%');
                        i++;
                    } else {
                        out.append(c);
                    }
                }
                case '{' -> {
                    if (i + 2 < n && s.charAt(i + 1) == ',' && s.charAt(i + 2) == '}') {
                        out.append(','); // LaTeX 1{,}024
                        i += 2;
                    } else {
                        out.append(c);
                    }
                }
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
