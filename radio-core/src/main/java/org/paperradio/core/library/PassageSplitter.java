package org.paperradio.core.library;

import java.util.ArrayList;
import java.util.List;
import org.paperradio.core.text.SentenceSplitter;

/**
 * Cuts a paper's body into passages of whole sentences, about {@value #MIN_CHARS} to
 * {@value #MAX_CHARS} characters each (short enough for the embedding model's 256-token window),
 * at most {@value #MAX_PASSAGES} per paper so one huge paper cannot blow up indexing time.
 */
final class PassageSplitter {

    static final int MIN_CHARS = 400;
    static final int MAX_CHARS = 800;
    static final int MAX_PASSAGES = 64;
    // only this much of the body can end up in passages (plus slack for a cut sentence)
    private static final int MAX_INPUT = MAX_PASSAGES * MAX_CHARS + MAX_CHARS;

    private PassageSplitter() {
    }

    /** The passages of {@code body} in order; empty for a null or blank body. */
    static List<String> split(String body) {
        List<String> out = new ArrayList<>();
        if (body == null || body.isBlank()) {
            return out;
        }
        String text = body.length() > MAX_INPUT ? body.substring(0, MAX_INPUT) : body;
        StringBuilder current = new StringBuilder();
        for (String sentence : SentenceSplitter.sentences(text)) {
            if (out.size() >= MAX_PASSAGES) {
                return out;
            }
            if (!current.isEmpty() && current.length() + 1 + sentence.length() > MAX_CHARS) {
                out.add(current.toString());
                current.setLength(0);
            }
            // a single sentence longer than a passage (a table, a formula dump) is cut into pieces
            String rest = sentence;
            while (rest.length() > MAX_CHARS && out.size() < MAX_PASSAGES) {
                int cut = rest.lastIndexOf(' ', MAX_CHARS);
                cut = cut < MIN_CHARS ? MAX_CHARS : cut;
                out.add(rest.substring(0, cut).strip());
                rest = rest.substring(cut).strip();
            }
            if (out.size() >= MAX_PASSAGES) {
                return out;
            }
            if (!rest.isEmpty()) {
                if (!current.isEmpty()) {
                    current.append(' ');
                }
                current.append(rest);
            }
            if (current.length() >= MIN_CHARS) {
                out.add(current.toString());
                current.setLength(0);
            }
        }
        if (!current.isEmpty() && out.size() < MAX_PASSAGES) {
            out.add(current.toString());
        }
        return out;
    }
}
