package org.paperradio.core.select;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.store.AtomicFiles;
import org.paperradio.core.store.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listeners' votes for papers: one per listener per paper (by base id, so any version counts),
 * kept for good in {@code votes.json} so a restart forgets none. Unlike a request, a vote is not
 * used up when the paper airs: it lifts the paper in the selection while it waits and among the
 * week's picks after it aired.
 *
 * <p>A listener is known by an opaque id (the web page's cookie); only a short one-way hash
 * of it is stored, enough to tell voters apart and useless to anyone reading the file.
 */
public final class Votes {

    private static final Logger log = LoggerFactory.getLogger(Votes.class);
    /** Papers with votes kept at most (the oldest voted are forgotten past this). */
    static final int MAX_PAPERS = 5_000;
    /** Voters kept per paper; past this a paper takes no more votes (nothing reaches it anyway). */
    static final int MAX_VOTERS = 10_000;

    private final Path file;
    private final Map<String, Set<String>> voters = new LinkedHashMap<>();

    /** What a vote did: counted, or not (this listener had voted for the paper already, or it is full). */
    public record Outcome(boolean counted, int votes) {
    }

    public Votes(Path file) {
        this.file = file;
        if (Files.isRegularFile(file)) {
            try {
                Map<String, List<String>> stored = Json.mapper().readValue(file.toFile(),
                        new TypeReference<LinkedHashMap<String, List<String>>>() { });
                if (stored != null) { // the file holds just "null"
                    stored.forEach((base, list) -> {
                        if (base != null && list != null && !list.isEmpty()) {
                            Set<String> set = new LinkedHashSet<>();
                            list.stream().filter(v -> v != null && !v.isBlank()).limit(MAX_VOTERS).forEach(set::add);
                            voters.put(base, set);
                        }
                    });
                }
                trim();
            } catch (IOException e) {
                log.warn("{} unreadable, starting with no votes: {}", file, e.toString());
            }
        }
    }

    /**
     * Counts the listener's vote for the paper unless it voted for it already; stored before
     * this returns.
     *
     * @param listener the listener's opaque id (not blank)
     */
    public synchronized Outcome vote(ArxivId id, String listener) throws IOException {
        if (listener == null || listener.isBlank()) {
            throw new IllegalArgumentException("a vote needs a listener id");
        }
        Set<String> set = voters.computeIfAbsent(id.base(), k -> new LinkedHashSet<>());
        if (set.size() >= MAX_VOTERS || !set.add(hash(listener))) {
            return new Outcome(false, set.size());
        }
        voters.put(id.base(), voters.remove(id.base())); // most recently voted last: trimmed last
        trim();
        save();
        return new Outcome(true, set.size());
    }

    public synchronized int count(ArxivId id) {
        Set<String> set = voters.get(id.base());
        return set == null ? 0 : set.size();
    }

    /** Whether this listener voted for the paper. */
    public synchronized boolean hasVoted(ArxivId id, String listener) {
        Set<String> set = voters.get(id.base());
        return set != null && listener != null && set.contains(hash(listener));
    }

    /** Votes by base id, most recently voted last. */
    public synchronized Map<String, Integer> counts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        voters.forEach((base, set) -> out.put(base, set.size()));
        return out;
    }

    private void trim() {
        while (voters.size() > MAX_PAPERS) {
            voters.remove(voters.keySet().iterator().next());
        }
    }

    private void save() throws IOException {
        AtomicFiles.write(file, Json.mapper().writeValueAsBytes(voters));
    }

    /** A short one-way hash: 96 bits keep collisions out of reach for any station's audience. */
    private static String hash(String listener) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(listener.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
