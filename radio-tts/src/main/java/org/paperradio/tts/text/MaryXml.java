package org.paperradio.tts.text;

import java.io.IOException;
import java.util.List;
import org.paperradio.core.xml.SafeXml;
import org.w3c.dom.Document;

/**
 * Builds the MaryXML document for MaryTTS's {@code TOKENS} input type: one paragraph, one
 * {@code <s>} per sentence, one {@code <t>} per token. Text is escaped, and characters XML
 * does not allow at all are dropped, so any token list gives a well-formed document.
 */
public final class MaryXml {

    public static final String NAMESPACE = "http://mary.dfki.de/2002/MaryXML";
    public static final String DEFAULT_LANG = "en-US";

    private MaryXml() {
    }

    /** The document as text, for {@code en-US}. */
    public static String build(List<List<String>> sentences) {
        return build(sentences, DEFAULT_LANG);
    }

    public static String build(List<List<String>> sentences, String lang) {
        return buildTokens(sentences.stream()
                .map(s -> s.stream().map(t -> new Token(t, null)).toList())
                .toList(), lang);
    }

    /**
     * Prosody for emphasised words (a title): higher and a little slower. Measured on
     * cmu-slt-hsmm: median pitch 175 to about 195 Hz over the phrase, about 6% longer.
     * ({@code volume} is accepted by MARY and does nothing for HMM voices.)
     */
    static final String EMPHASIS = "<prosody pitch=\"+12%\" rate=\"-8%\">";

    /**
     * One token of a sentence: its text, when known its pronunciation in MARY's allophone
     * notation (the {@code ph} attribute; MARY's phonemiser leaves such tokens alone), and
     * whether it is said with emphasis (runs of emphasised tokens share one {@link #EMPHASIS}).
     */
    public record Token(String text, String phonemes, boolean emphasised) {
        public Token(String text, String phonemes) {
            this(text, phonemes, false);
        }

        public static Token of(String text) {
            return new Token(text, null);
        }
    }

    /** The document as text, tokens with their phonemes where given. */
    public static String buildTokens(List<List<Token>> sentences, String lang) {
        return buildTokens(sentences, lang, 1.0);
    }

    /**
     * As above, spoken at {@code rate} times the voice's own pace (an SSML-style
     * {@code <prosody rate>} around the paragraph; 1.0 leaves it out).
     */
    public static String buildTokens(List<List<Token>> sentences, String lang, double rate) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<maryxml xmlns=\"").append(NAMESPACE).append("\" version=\"0.5\" xml:lang=\"")
                .append(escape(lang)).append("\">\n<p>\n");
        boolean paced = Math.abs(rate - 1.0) > 1e-6;
        if (paced) {
            long change = Math.round((rate - 1.0) * 100);
            sb.append("<prosody rate=\"").append(change >= 0 ? "+" : "").append(change).append("%\">\n");
        }
        for (List<Token> sentence : sentences) {
            StringBuilder s = new StringBuilder();
            boolean stressing = false;
            for (Token token : sentence) {
                String t = token == null || token.text() == null ? "" : escape(token.text().strip());
                if (t.isEmpty()) {
                    continue;
                }
                if (token.emphasised() != stressing) {
                    s.append(stressing ? "</prosody>" : EMPHASIS);
                    stressing = token.emphasised();
                }
                String ph = token.phonemes() == null ? "" : escape(token.phonemes().strip());
                s.append(ph.isEmpty() ? "<t>" : "<t ph=\"" + ph + "\">").append(t).append("</t>");
            }
            if (stressing) {
                s.append("</prosody>");
            }
            if (!s.isEmpty()) {
                sb.append("<s>").append(s).append("</s>\n");
            }
        }
        if (paced) {
            sb.append("</prosody>\n");
        }
        sb.append("</p>\n</maryxml>\n");
        return sb.toString();
    }

    /**
     * The document parsed into DOM, as {@code LocalMaryInterface.generateAudio(Document)} takes
     * it. Parsed with the project's hardened parser, though {@link #build} escapes every token,
     * so no markup from the text can get into the document.
     */
    public static Document document(List<List<String>> sentences) {
        return parse(build(sentences));
    }

    /** Like {@link #document}, for tokens that may carry phonemes. */
    public static Document tokenDocument(List<List<Token>> sentences) {
        return tokenDocument(sentences, 1.0);
    }

    /** As above at {@code rate} times the voice's pace. */
    public static Document tokenDocument(List<List<Token>> sentences, double rate) {
        return parse(buildTokens(sentences, DEFAULT_LANG, rate));
    }

    private static Document parse(String xml) {
        try {
            return SafeXml.parse(xml, "MaryXML");
        } catch (IOException e) {
            throw new IllegalStateException("built MaryXML does not parse", e); // a bug, not bad input
        }
    }

    /** Escapes XML's five special characters and drops characters XML 1.0 forbids. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (allowed(cp)) {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        });
        return sb.toString();
    }

    private static boolean allowed(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD
                || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }
}
