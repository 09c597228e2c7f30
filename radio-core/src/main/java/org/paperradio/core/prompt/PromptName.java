package org.paperradio.core.prompt;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The prompt catalog: every prompt file the station reads and the placeholders each may use.
 * This enum is the single table; the loader rejects a file that uses a name not listed here.
 */
public enum PromptName {
    SYSTEM("system.txt", "station"),
    SUMMARY("summary.txt", "title", "authors", "categories", "abstract", "paper_text", "feedback"),
    SECTION_NOTES("section-notes.txt", "title", "section", "section_text"),
    MERGE_SUMMARY("merge-summary.txt", "title", "authors", "categories", "abstract", "section_notes", "feedback"),
    SEGMENT("segment.txt", "station", "host_a", "host_a_persona", "host_b", "host_b_persona",
            "title", "authors", "published", "arxiv_id", "summary", "related", "minutes", "words"),
    DAILY("daily.txt", "station", "host_a", "host_a_persona", "host_b", "host_b_persona",
            "date", "themes", "roundup", "minutes", "words"),
    WEEKLY("weekly.txt", "station", "host_a", "host_a_persona", "host_b", "host_b_persona",
            "week", "themes", "roundup", "minutes", "words");

    private final String fileName;
    private final Set<String> placeholders;

    PromptName(String fileName, String... placeholders) {
        this.fileName = fileName;
        // insertion order is kept so error messages list the names as the table does
        this.placeholders = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(placeholders)));
    }

    /** The file name inside the prompts folder, e.g. {@code summary.txt}. */
    public String fileName() {
        return fileName;
    }

    /** The placeholder names this prompt may use, in catalog order. */
    public Set<String> placeholders() {
        return placeholders;
    }

    /** All catalog file names, comma separated, for messages. */
    static String catalog() {
        return Arrays.stream(values()).map(PromptName::fileName).collect(Collectors.joining(", "));
    }
}
