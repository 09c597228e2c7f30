package org.paperradio.core.summary;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a paper contains, built once: the canonical value of every number in it, its word
 * tokens, and a compact copy of its text for names written in parts.
 *
 * <p>The compact copy is the lower-case text with the small separators between tokens
 * (space, hyphen, dot, slash, underscore, apostrophe; at most three of them, so a line break
 * inside "Ima-\ngeNet" counts) removed and every other separator kept as one space. Token
 * boundaries are recorded, including the ones between letters and digits, and a name matches
 * only from a boundary to a boundary: "Llama 2" and "LLaMA-2" both read {@code llama2}, while
 * "T5" is not found in "at 5" and "GPT-5" is not found in "GPT-50".
 */
final class GroundingIndex {

    /** Plain decimals, also inside names ("ResNet-50" gives 50): the paper side is permissive. */
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
    /** Digit groups: "1,024", "1 024" (after a LaTeX thin space), "12,345.6". */
    private static final Pattern GROUPED = Pattern.compile("(?<![\\d.,])\\d{1,3}(?:[, ]\\d{3})+(?:\\.\\d+)?(?!\\d)");
    private static final int MAX_JOINABLE = 3;
    /** No name is this long; refusing longer keys keeps a hostile claim from costly scans. */
    static final int MAX_KEY = 120;

    private final Set<String> numbers = new HashSet<>();
    private final Set<String> tokens = new HashSet<>();
    private final String compact;
    private final BitSet starts = new BitSet();
    private final BitSet ends = new BitSet();

    GroundingIndex(String rawText) {
        String text = GroundingText.forIndex(rawText);
        indexNumbers(text);
        this.compact = buildCompact(text);
    }

    /** Whether the paper has a number with this canonical value (see {@link GroundingText#canonicalNumber}). */
    boolean hasNumber(String canonical) {
        return numbers.contains(canonical);
    }

    /** Whether a term with this key (see {@link GroundingText#key}) is in the paper, allowing plural -s/-es. */
    boolean hasTerm(String key) {
        if (key.isEmpty()) {
            return true;
        }
        if (key.length() > MAX_KEY) {
            return false;
        }
        List<String> variants = new ArrayList<>(5);
        variants.add(key);
        variants.add(key + "s");
        variants.add(key + "es");
        if (key.length() > 3 && key.endsWith("es")) {
            variants.add(key.substring(0, key.length() - 2));
        }
        if (key.length() > 2 && key.endsWith("s")) {
            variants.add(key.substring(0, key.length() - 1));
        }
        // whole tokens first (a hash look-up), the scan of the compact text only when needed
        for (String v : variants) {
            if (tokens.contains(v)) {
                return true;
            }
        }
        for (String v : variants) {
            if (inCompact(v)) {
                return true;
            }
        }
        return false;
    }

    private boolean inCompact(String key) {
        int from = 0;
        while (true) {
            int at = compact.indexOf(key, from);
            if (at < 0) {
                return false;
            }
            if (starts.get(at) && ends.get(at + key.length())) {
                return true;
            }
            from = at + 1;
        }
    }

    private void indexNumbers(String text) {
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            numbers.add(GroundingText.canonicalNumber(m.group()));
        }
        Matcher g = GROUPED.matcher(text);
        while (g.find()) {
            numbers.add(GroundingText.canonicalNumber(g.group().replace(",", "").replace(" ", "")));
        }
    }

    private String buildCompact(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int n = text.length();
        int previousEnd = -1;
        int i = 0;
        while (i < n) {
            if (!Character.isLetterOrDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && Character.isLetterOrDigit(text.charAt(i))) {
                i++;
            }
            String token = text.substring(start, i).toLowerCase(Locale.ROOT);
            if (previousEnd >= 0 && !joinable(text, previousEnd, start)) {
                out.append(' ');
            }
            int at = out.length();
            starts.set(at);
            for (int k = 1; k < token.length(); k++) {
                if (Character.isDigit(token.charAt(k)) != Character.isDigit(token.charAt(k - 1))) {
                    starts.set(at + k); // "gpt4" is also "gpt" + "4"
                    ends.set(at + k);
                }
            }
            out.append(token);
            ends.set(out.length());
            tokens.add(token);
            previousEnd = i;
        }
        return out.toString();
    }

    private static boolean joinable(String text, int from, int to) {
        if (to - from > MAX_JOINABLE) {
            return false;
        }
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            boolean small = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-' || c == '.' || c == '/'
                    || c == '_' || c == '\'';
            if (!small) {
                return false;
            }
        }
        return true;
    }
}
