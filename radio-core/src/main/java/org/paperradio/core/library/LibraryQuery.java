package org.paperradio.core.library;

import java.time.Instant;
import java.util.Set;

/**
 * A search of the library: free text (words, not query syntax), optionally only papers in one
 * of {@code categories} (e.g. "cs.CL"; empty means all) published between {@code from} and
 * {@code to} inclusive (null means open), at most {@code limit} hits.
 */
public record LibraryQuery(String text, Set<String> categories, Instant from, Instant to, int limit) {

    /** Longest query text accepted; a search is a few words, not a document. */
    public static final int MAX_TEXT = 1_000;
    /** Most hits one search may ask for. */
    public static final int MAX_LIMIT = 100;
    /** Hits returned when the caller does not say. */
    public static final int DEFAULT_LIMIT = 10;

    public LibraryQuery {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("search text is empty");
        }
        text = text.strip();
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException(
                    "search text is " + text.length() + " characters, at most " + MAX_TEXT + " allowed");
        }
        categories = categories == null ? Set.of() : Set.copyOf(categories);
        if (categories.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("blank category in " + categories);
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("date range is empty: from " + from + " is after to " + to);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
    }

    /** All papers, {@value #DEFAULT_LIMIT} hits. */
    public static LibraryQuery of(String text) {
        return new LibraryQuery(text, Set.of(), null, null, DEFAULT_LIMIT);
    }

    public LibraryQuery inCategories(String... names) {
        return new LibraryQuery(text, Set.of(names), from, to, limit);
    }

    public LibraryQuery between(Instant newFrom, Instant newTo) {
        return new LibraryQuery(text, categories, newFrom, newTo, limit);
    }

    public LibraryQuery withLimit(int newLimit) {
        return new LibraryQuery(text, categories, from, to, newLimit);
    }
}
