package org.paperradio.tts.text;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What a host says in one line: text in parts, some of them said with emphasis (a paper's
 * title in an intro). A voice that can stress words (MaryTTS, through MaryXML prosody) does;
 * one that cannot says {@link #text()}.
 */
public record Utterance(List<Part> parts) {

    /** A run of text, emphasised or not. */
    public record Part(String text, boolean emphasised) {
        public Part {
            text = text == null ? "" : text;
        }
    }

    public Utterance {
        parts = List.copyOf(parts);
    }

    /** Text with nothing emphasised. */
    public static Utterance plain(String text) {
        return new Utterance(List.of(new Part(text, false)));
    }

    /**
     * {@code text} with every occurrence of each phrase (compared ignoring case; the longest
     * phrase wins where two start at one place) emphasised. Blank phrases are ignored.
     */
    public static Utterance emphasising(String text, Collection<String> phrases) {
        String t = text == null ? "" : text;
        List<String> wanted = phrases.stream()
                .filter(p -> p != null && !p.isBlank())
                .map(String::strip)
                .sorted((a, b) -> b.length() - a.length())
                .toList();
        if (wanted.isEmpty()) {
            return plain(t);
        }
        List<Part> parts = new ArrayList<>();
        int plainFrom = 0;
        int i = 0;
        while (i < t.length()) {
            String hit = match(t, i, wanted);
            if (hit == null) {
                i++;
                continue;
            }
            if (i > plainFrom) {
                parts.add(new Part(t.substring(plainFrom, i), false));
            }
            parts.add(new Part(t.substring(i, i + hit.length()), true));
            i += hit.length();
            plainFrom = i;
        }
        if (plainFrom < t.length() || parts.isEmpty()) {
            parts.add(new Part(t.substring(plainFrom), false));
        }
        return new Utterance(parts);
    }

    private static String match(String text, int at, List<String> phrases) {
        for (String p : phrases) {
            if (text.regionMatches(true, at, p, 0, p.length())) {
                return p;
            }
        }
        return null;
    }

    /** Each part's text through {@code f} (the speech normaliser), emphasis kept. */
    public Utterance map(UnaryOperator<String> f) {
        return new Utterance(parts.stream().map(p -> new Part(f.apply(p.text()), p.emphasised())).toList());
    }

    /**
     * The whole text, parts joined by a space where neither side has one and the next part does
     * not start with closing punctuation (a normaliser strips the spaces at a part's ends).
     */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            if (!sb.isEmpty() && !p.text().isEmpty()
                    && !Character.isWhitespace(sb.charAt(sb.length() - 1)) && !Character.isWhitespace(p.text().charAt(0))
                    && ".,;:!?)]}".indexOf(p.text().charAt(0)) < 0) {
                sb.append(' ');
            }
            sb.append(p.text());
        }
        return sb.toString().strip();
    }

    /** Whether any part is emphasised. */
    public boolean hasEmphasis() {
        return parts.stream().anyMatch(p -> p.emphasised() && !p.text().isBlank());
    }

    public boolean isBlank() {
        return parts.stream().allMatch(p -> p.text().isBlank());
    }
}
