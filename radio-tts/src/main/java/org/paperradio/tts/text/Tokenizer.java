package org.paperradio.tts.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paperradio.core.text.SentenceSplitter;

/**
 * Splits text into sentences (with the project's {@link SentenceSplitter}) and sentences into
 * tokens, the shape MaryTTS wants when its own tokeniser (JTok) is not available: words with
 * their apostrophes and hyphens, numbers with their decimal and thousands marks, and each
 * punctuation mark on its own. Stateless and thread-safe.
 */
public final class Tokenizer {

    private static final Pattern TOKEN = Pattern.compile(
            "\\d+(?:[.,:]\\d+)*(?:\\p{L}+)?"
                    + "|[\\p{L}\\p{M}\\p{Nd}]+(?:['’][\\p{L}\\p{M}]+)*(?:-[\\p{L}\\p{M}\\p{Nd}]+)*"
                    + "|\\.{2,}|[!?]+|\\S");

    private Tokenizer() {
    }

    /** Words, numbers and punctuation marks of one sentence, each a token. */
    public static List<String> tokens(String sentence) {
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
    public static List<List<String>> split(String text) {
        List<List<String>> out = new ArrayList<>();
        for (String s : SentenceSplitter.sentences(text)) {
            List<String> t = tokens(s);
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }
}
