package org.paperradio.stream.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} actions per client address in any sliding {@code window} (listener
 * requests, votes). Memory is bounded: past {@value #MAX_CLIENTS} addresses the table starts
 * over, so a flood of addresses costs a reset window, never the heap.
 */
final class ClientRateLimit {

    static final int MAX_CLIENTS = 10_000;

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> byClient = new ConcurrentHashMap<>();

    ClientRateLimit(int limit, Duration window, Clock clock) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    int limit() {
        return limit;
    }

    /** Counts one action for the client and says whether it is within the limit (not counted when not). */
    boolean allow(String client) {
        Instant now = clock.instant();
        if (byClient.size() > MAX_CLIENTS) {
            byClient.clear();
        }
        Deque<Instant> times = byClient.computeIfAbsent(client, k -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst().plus(window).isBefore(now)) {
                times.removeFirst();
            }
            if (times.size() >= limit) {
                return false;
            }
            times.addLast(now);
            return true;
        }
    }
}
