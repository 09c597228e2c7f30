package org.paperradio.core.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed prompt template: literal text and {@code {{name}}} slots. A slot is written on one
 * line, the name is {@code [a-z_]+} and spaces inside the braces are allowed ({@code {{ title }}}).
 * A lone {@code }}} is literal text (JSON examples in prompts end objects that way); {@code {{}
 * always opens a slot.
 */
final class Template {

    static final Pattern NAME = Pattern.compile("[a-z_]+");

    /** One piece of a template. */
    sealed interface Part permits Literal, Slot {
    }

    record Literal(String text) implements Part {
    }

    record Slot(String name, int line) implements Part {
    }

    /** A problem at a 1-based line. */
    record Problem(int line, String message) {
    }

    private final List<Part> parts;

    private Template(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    List<Part> parts() {
        return parts;
    }

    /**
     * Parses {@code text}, adding every malformed slot and every name not in {@code known} to
     * {@code problems}. Malformed slots are kept as literal text so parsing can go on.
     */
    static Template parse(String text, Set<String> known, List<Problem> problems) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int line = 1;
        int pos = 0;
        while (pos < text.length()) {
            int open = text.indexOf("{{", pos);
            if (open < 0) {
                literal.append(text, pos, text.length());
                break;
            }
            line += count(text, pos, open);
            literal.append(text, pos, open);
            int eol = text.indexOf('\n', open);
            int lineEnd = eol < 0 ? text.length() : eol;
            int close = text.indexOf("}}", open + 2);
            if (close < 0 || close > lineEnd) {
                String rest = text.substring(open, lineEnd).stripTrailing();
                problems.add(new Problem(line, "unclosed placeholder \"" + clip(rest)
                        + "\" (write {{name}} on one line)"));
                literal.append("{{");
                pos = open + 2;
                continue;
            }
            String raw = text.substring(open, close + 2);
            String name = text.substring(open + 2, close).strip();
            if (name.isEmpty()) {
                problems.add(new Problem(line, "empty placeholder " + raw + " (this prompt knows: " + list(known) + ")"));
                literal.append(raw);
            } else if (!NAME.matcher(name).matches()) {
                problems.add(new Problem(line, "bad placeholder name " + clip(raw)
                        + " (names are lowercase letters and _; this prompt knows: " + list(known) + ")"));
                literal.append(raw);
            } else {
                if (!known.contains(name)) {
                    problems.add(new Problem(line, "unknown placeholder " + raw + " (this prompt knows: " + list(known) + ")"));
                }
                if (!literal.isEmpty()) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(new Slot(name, line));
            }
            pos = close + 2;
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new Template(parts);
    }

    private static int count(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static String list(Set<String> known) {
        return String.join(", ", known);
    }
}
