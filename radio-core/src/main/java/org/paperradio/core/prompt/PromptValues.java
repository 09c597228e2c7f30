package org.paperradio.core.prompt;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The values for one rendering, immutable: each call returns a new set.
 * <pre>{@code PromptValues.create().plain("host_a", "Ada").quoted("abstract", paper.abstractText())}</pre>
 * {@link #plain} is for the station's own words (host names, the date, word counts). Everything
 * that came from a paper, a listener or an earlier model answer goes through {@link #quoted}: it
 * is rendered as a {@code <data name="...">} block that the system prompt tells the model to treat
 * as material, never as instructions, and that the value itself cannot close.
 */
public final class PromptValues {

    /** The default cap on one quoted value, in chars. */
    public static final int DEFAULT_MAX_QUOTED_CHARS = 200_000;

    // "<data", "</data", "< / DATA" ...: the opening "<" becomes "&lt;" so no tag survives
    private static final Pattern DATA_TAG = Pattern.compile("<(\\s*/?\\s*data)", Pattern.CASE_INSENSITIVE);

    private final Map<String, String> rendered;

    private PromptValues(Map<String, String> rendered) {
        this.rendered = rendered;
    }

    /** An empty set of values. */
    public static PromptValues create() {
        return new PromptValues(Map.of());
    }

    /** Inserts {@code value} as it is. */
    public PromptValues plain(String name, String value) {
        return with(name, Objects.requireNonNull(value, () -> "value for {{" + name + "}}"));
    }

    /** Inserts {@code value} as a data block, capped at {@link #DEFAULT_MAX_QUOTED_CHARS}. */
    public PromptValues quoted(String name, String value) {
        return quoted(name, value, DEFAULT_MAX_QUOTED_CHARS);
    }

    /** Inserts {@code value} as a data block, cut after {@code maxChars} chars with a visible mark. */
    public PromptValues quoted(String name, String value, int maxChars) {
        Objects.requireNonNull(value, () -> "value for {{" + name + "}}");
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive, got " + maxChars);
        }
        String body = value;
        if (body.length() > maxChars) {
            int cut = maxChars;
            if (Character.isHighSurrogate(body.charAt(cut - 1))) {
                cut--; // never split a character in two
            }
            body = body.substring(0, cut) + "\n[truncated: " + (value.length() - cut) + " more characters not shown]";
        }
        body = DATA_TAG.matcher(body).replaceAll("&lt;$1");
        return with(name, "<data name=\"" + name + "\">\n" + body + "\n</data>");
    }

    /** The names given so far. */
    public Set<String> names() {
        return rendered.keySet();
    }

    /** The text that replaces {@code {{name}}}, or null if none was given. */
    String rendered(String name) {
        return rendered.get(name);
    }

    private PromptValues with(String name, String text) {
        if (name == null || !Template.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad placeholder name '" + name + "' (lowercase letters and _)");
        }
        if (rendered.containsKey(name)) {
            throw new IllegalArgumentException("a value for {{" + name + "}} was already given");
        }
        Map<String, String> next = new LinkedHashMap<>(rendered);
        next.put(name, text);
        return new PromptValues(Collections.unmodifiableMap(next));
    }

    @Override
    public String toString() {
        return "PromptValues" + rendered.keySet();
    }
}
