package org.paperradio.tts.text;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How to say an all-capitals word: as a word ("NASA"), as letters ("L L M" said "el el em"), or
 * as a fixed reading from a small list ("JSON" is "jason"). Letters are written as their names
 * because a bare letter is ambiguous for the speech engine ("A" reads as the article).
 */
final class Acronyms {

    private static final String[] LETTER_NAMES = {
        "ay", "bee", "see", "dee", "ee", "ef", "gee", "aitch", "eye", "jay", "kay", "el", "em",
        "en", "oh", "pee", "cue", "ar", "ess", "tee", "you", "vee", "double you", "ex", "why", "zee"
    };

    /** Readings that neither spelling nor the pronounceability rule gets right. */
    private static final Map<String, String> BUILT_IN = Map.ofEntries(
            Map.entry("NASA", "nasa"), Map.entry("NATO", "nato"), Map.entry("UNESCO", "unesco"),
            Map.entry("LASER", "laser"), Map.entry("RADAR", "radar"), Map.entry("SONAR", "sonar"),
            Map.entry("COVID", "covid"), Map.entry("ASCII", "askee"), Map.entry("JSON", "jason"),
            Map.entry("JPEG", "jay peg"), Map.entry("GIF", "gif"), Map.entry("RAM", "ram"),
            Map.entry("ROM", "rom"), Map.entry("LAN", "lan"), Map.entry("WAN", "wan"), Map.entry("GAN", "gan"),
            Map.entry("GANS", "gans"), Map.entry("BERT", "bert"), Map.entry("ADAM", "adam"), Map.entry("SOTA", "sota"),
            Map.entry("GLUE", "glue"), Map.entry("COCO", "coco"), Map.entry("ROUGE", "rouge"), Map.entry("BLEU", "blue"),
            Map.entry("YOLO", "yolo"), Map.entry("CIFAR", "seefar"), Map.entry("MNIST", "em nist"),
            Map.entry("IEEE", "eye triple ee"), Map.entry("WIFI", "why fye"), Map.entry("LIDAR", "lidar"),
            Map.entry("SIGGRAPH", "sig graph"), Map.entry("SQL", "sequel"), Map.entry("NUMA", "numa"),
            Map.entry("CUDA", "cuda"), Map.entry("LORA", "lora"), Map.entry("FAIR", "fair"),
            Map.entry("AAAI", "triple ay eye"), Map.entry("ACM", "ay see em"), Map.entry("II", "two"),
            Map.entry("III", "three"), Map.entry("PHD", "pee aitch dee"), Map.entry("OK", "okay"));

    /** Onsets English words start with; anything else at the start gives the word away as letters. */
    private static final Set<String> ONSETS = Set.of(
            "BL", "BR", "CL", "CR", "DR", "FL", "FR", "GL", "GR", "PL", "PR", "SC", "SK", "SL", "SM", "SN", "SP",
            "ST", "SW", "TR", "TW", "TH", "SH", "CH", "WH", "PH", "KN", "QU", "WR");

    private final Map<String, String> words;

    Acronyms(Map<String, String> extra) {
        Map<String, String> m = new HashMap<>(BUILT_IN);
        extra.forEach((k, v) -> m.put(k.toUpperCase(Locale.ROOT), v));
        this.words = Map.copyOf(m);
    }

    /** The built-in or configured reading of this (upper-case) word, or null. */
    String known(String upper) {
        return words.get(upper);
    }

    /**
     * Speaks an all-capitals token (letters and digits, possibly with a plural or possessive
     * "s"). Returns null when the token should be left as it is.
     */
    String speak(String token) {
        String core = token;
        String suffix = "";
        if (core.endsWith("'s") || core.endsWith("’s")) {
            core = core.substring(0, core.length() - 2);
            suffix = "s";
        } else if (core.length() > 2 && core.endsWith("s") && isUpperAlnum(core.substring(0, core.length() - 1))) {
            core = core.substring(0, core.length() - 1);
            suffix = "s";
        }
        // "LLM", "GPT4", "H100" qualify; a lone capital ("Figure B") is left alone
        if (!isUpperAlnum(core) || (countLetters(core) < 2 && countLetters(core) == core.length())) {
            return null;
        }
        String known = words.get(core);
        if (known != null) {
            return known + suffix;
        }
        if (core.chars().allMatch(Character::isLetter) && pronounceable(core)) {
            return core.toLowerCase(Locale.ROOT) + suffix;
        }
        return spell(core, !suffix.isEmpty());
    }

    /** Letter names, digits kept as numbers: "GPT4" becomes "gee pee tee 4". */
    static String spell(String core, boolean plural) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < core.length()) {
            char c = core.charAt(i);
            if (sb.length() > 0) {
                sb.append(' ');
            }
            if (c >= 'A' && c <= 'Z') {
                sb.append(LETTER_NAMES[c - 'A']);
                i++;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < core.length() && Character.isDigit(core.charAt(j))) {
                    j++;
                }
                sb.append(core, i, j);
                i = j;
            } else {
                i++;
            }
        }
        if (plural) {
            char last = sb.charAt(sb.length() - 1);
            boolean sibilant = sb.toString().endsWith("ess") || sb.toString().endsWith("ex")
                    || sb.toString().endsWith("aitch");
            if (Character.isDigit(last)) {
                sb.append("s");
            } else {
                sb.append(sibilant ? "es" : "s");
            }
        }
        return sb.toString();
    }

    /** Whether the letters read like an English word: vowels, no odd clusters, length 4 or more. */
    static boolean pronounceable(String w) {
        if (w.length() < 4 || w.length() > 8) {
            return false;
        }
        int consonantRun = 0;
        int vowelRun = 0;
        int vowels = 0;
        for (int i = 0; i < w.length(); i++) {
            boolean v = "AEIOU".indexOf(w.charAt(i)) >= 0 || (w.charAt(i) == 'Y' && i > 0);
            if (v) {
                vowels++;
                vowelRun++;
                consonantRun = 0;
            } else {
                consonantRun++;
                vowelRun = 0;
            }
            if (consonantRun > 2 || vowelRun > 2) {
                return false;
            }
        }
        if (vowels == 0 || vowels * 4 < w.length()) {
            return false;
        }
        boolean startsWithTwoConsonants = "AEIOU".indexOf(w.charAt(0)) < 0 && "AEIOUY".indexOf(w.charAt(1)) < 0;
        return !startsWithTwoConsonants || ONSETS.contains(w.substring(0, 2));
    }

    private static boolean isUpperAlnum(String s) {
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    private static int countLetters(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetter(s.charAt(i))) {
                n++;
            }
        }
        return n;
    }
}
