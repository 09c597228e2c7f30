package org.paperradio.core.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads the one JSON object a language model was asked to answer with. Models wrap it in prose
 * or Markdown fences now and then, so the outermost {@code {...}} is taken; anything that still
 * does not parse, or is not an object, is an {@link Unusable} answer. Answers are untrusted: the
 * size and nesting are capped, and nothing in them is ever executed or fetched.
 */
public final class ModelJson {

    /** Longest answer read (a summary or a script is far shorter). */
    public static final int MAX_CHARS = 200_000;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(MAX_CHARS).build())
            .build());

    private ModelJson() {
    }

    /** An answer that is not the JSON asked for; the message says why (fed back to the model on a retry). */
    public static final class Unusable extends Exception {
        public Unusable(String message) {
            super(message);
        }
    }

    public static ObjectNode object(String answer) throws Unusable {
        if (answer == null || answer.isBlank()) {
            throw new Unusable("the answer was empty");
        }
        if (answer.length() > MAX_CHARS) {
            throw new Unusable("the answer was longer than " + MAX_CHARS + " characters");
        }
        int start = answer.indexOf('{');
        int end = answer.lastIndexOf('}');
        if (start < 0 || end < start) {
            throw new Unusable("the answer held no JSON object");
        }
        try {
            JsonNode node = MAPPER.readTree(answer.substring(start, end + 1));
            if (node instanceof ObjectNode o) {
                return o;
            }
            throw new Unusable("the answer was not a JSON object");
        } catch (JsonProcessingException e) {
            throw new Unusable("the answer was not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** A text field, stripped; empty when missing or not text-like. Caps its length. */
    public static String text(JsonNode node, String field, int maxChars) {
        JsonNode v = node.path(field);
        String s = v.isTextual() || v.isNumber() ? v.asText().strip() : "";
        return s.length() > maxChars ? s.substring(0, maxChars) : s;
    }
}
