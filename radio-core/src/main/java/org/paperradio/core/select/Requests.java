package org.paperradio.core.select;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.store.AtomicFiles;
import org.paperradio.core.store.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listener requests for papers (from the web page, the API or chat), counted per paper (by base
 * id, so any version counts) and kept in {@code requests.json} so a restart forgets none. A
 * request goes first in the selection and is cleared when the paper is chosen.
 */
public final class Requests {

    private static final Logger log = LoggerFactory.getLogger(Requests.class);
    /** Open requests kept at most (the oldest are forgotten past this). */
    static final int MAX_OPEN = 1_000;

    private final Path file;
    private final Map<String, Integer> counts = new LinkedHashMap<>();

    public Requests(Path file) {
        this.file = file;
        if (Files.isRegularFile(file)) {
            try {
                Map<String, Integer> stored = Json.mapper().readValue(file.toFile(),
                        new TypeReference<LinkedHashMap<String, Integer>>() { });
                // a hand-edited or damaged file: only positive counts, at most MAX_OPEN of the newest
                if (stored == null) { // the file holds just "null"
                    stored = Map.of();
                }
                stored.forEach((base, n) -> {
                    if (base != null && n != null && n > 0) {
                        counts.put(base, n);
                    }
                });
                while (counts.size() > MAX_OPEN) {
                    counts.remove(counts.keySet().iterator().next());
                }
            } catch (IOException e) {
                log.warn("{} unreadable, starting with no requests: {}", file, e.toString());
            }
        }
    }

    /** Counts one more request for the paper; returns how many it has now. */
    public synchronized int add(ArxivId id) throws IOException {
        int n = counts.merge(id.base(), 1, Integer::sum);
        while (counts.size() > MAX_OPEN) {
            counts.remove(counts.keySet().iterator().next());
        }
        save();
        return n;
    }

    public synchronized int count(ArxivId id) {
        return counts.getOrDefault(id.base(), 0);
    }

    /** Clears a paper's requests (it got its segment). */
    public synchronized void clear(ArxivId id) throws IOException {
        if (counts.remove(id.base()) != null) {
            save();
        }
    }

    /** Open requests by base id, oldest first. */
    public synchronized Map<String, Integer> open() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(counts)); // Map.copyOf would lose the order
    }

    private void save() throws IOException {
        AtomicFiles.write(file, Json.mapper().writeValueAsBytes(counts));
    }
}
