package org.paperradio.core.write;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which page of the paper a line talks about, so the picture can follow the script: the page
 * where the line's text (or, for a line in the hosts' own words, its longest distinctive word)
 * first appears, estimated from the position in the text, pages being of about equal length.
 */
final class PageLocator {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final int PROBE_CHARS = 40;
    private static final int MIN_WORD = 7;

    private final String flat;
    private final String lower;
    private final int count;

    PageLocator(String fullText, int count) {
        this.flat = WHITESPACE.matcher(fullText).replaceAll(" ").strip();
        this.lower = flat.toLowerCase(Locale.ROOT);
        this.count = count;
    }

    /** 1-based page of a sentence quoted from the paper, 0 when unknown (no pages, or not in the paper's text). */
    int of(String sentence) {
        if (count <= 0 || flat.isEmpty()) {
            return 0;
        }
        String probe = sentence.length() > PROBE_CHARS ? sentence.substring(0, PROBE_CHARS) : sentence;
        return page(flat.indexOf(probe));
    }

    /** 1-based page where the line's longest word of {@value #MIN_WORD}+ letters first appears, 0 when none does. */
    int ofWords(String line) {
        if (count <= 0 || flat.isEmpty()) {
            return 0;
        }
        String best = "";
        for (String w : line.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}-]+")) {
            if (w.length() >= MIN_WORD && w.length() > best.length() && lower.contains(w)) {
                best = w;
            }
        }
        return best.isEmpty() ? 0 : page(lower.indexOf(best));
    }

    private int page(int at) {
        if (at < 0) {
            return 0;
        }
        return Math.min(count, 1 + (int) ((long) at * count / flat.length()));
    }
}
