package org.paperradio.core.prompt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * All catalog prompts, loaded and validated together, so a show never mixes prompts of two
 * edits. Immutable and safe to share between threads. Made by {@link PromptLoader}.
 */
public final class PromptSet {

    /**
     * A prompt filled in for one model call.
     *
     * @param text    the text to send
     * @param version the prompt file's version, to record with the artifact
     * @param file    the prompt's file name in the catalog, e.g. {@code summary.txt}
     */
    public record Rendered(String text, String version, String file) {
    }

    private final Map<PromptName, Prompt> prompts;
    private final Map<PromptName, Template> templates;
    private final Map<String, String> versions;

    /** Takes already validated prompts: every catalog entry, each parsing cleanly. */
    PromptSet(Map<PromptName, Prompt> prompts) {
        this.prompts = Collections.unmodifiableMap(new EnumMap<>(prompts));
        this.templates = new EnumMap<>(PromptName.class);
        Map<String, String> v = new LinkedHashMap<>();
        for (PromptName name : PromptName.values()) {
            Prompt p = Objects.requireNonNull(prompts.get(name), () -> "no prompt " + name.fileName());
            List<Template.Problem> problems = new ArrayList<>();
            templates.put(name, Template.parse(p.text(), name.placeholders(), problems));
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(p.file() + ": " + problems);
            }
            v.put(name.fileName(), p.version());
        }
        this.versions = Collections.unmodifiableMap(v);
    }

    /** The loaded prompt. */
    public Prompt get(PromptName name) {
        return prompts.get(name);
    }

    /** File name to version, in catalog order. */
    public Map<String, String> versions() {
        return versions;
    }

    /**
     * Fills in a prompt in one pass: inserted values are never scanned for placeholders again.
     *
     * @throws IllegalArgumentException naming every placeholder the prompt uses that
     *                                  {@code values} lacks (values it does not use are fine)
     */
    public Rendered render(PromptName name, PromptValues values) {
        Prompt prompt = prompts.get(name);
        Set<String> missing = new LinkedHashSet<>();
        StringBuilder out = new StringBuilder(prompt.text().length() + 1024);
        for (Template.Part part : templates.get(name).parts()) {
            switch (part) {
                case Template.Literal l -> out.append(l.text());
                case Template.Slot s -> {
                    String value = values.rendered(s.name());
                    if (value == null) {
                        missing.add(s.name());
                    } else {
                        out.append(value);
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(name.fileName() + " uses "
                    + String.join(", ", missing.stream().map(m -> "{{" + m + "}}").toList())
                    + " but no value was given (given: " + String.join(", ", values.names()) + ")");
        }
        return new Rendered(out.toString(), prompt.version(), name.fileName());
    }

    @Override
    public String toString() {
        return "PromptSet" + versions;
    }
}
