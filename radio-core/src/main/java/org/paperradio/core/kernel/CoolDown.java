package org.paperradio.core.kernel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How long to leave a failing service alone (a language model, a speech server): after a
 * failure it rests for {@code first}, doubling with each failure in a row, never longer than
 * {@code max}; a success ends the streak. Not thread-safe: its owner holds the lock.
 */
public final class CoolDown {

    private final Clock clock;
    private final Duration first;
    private final Duration max;
    private Instant until = Instant.MIN;
    private int failuresInARow;

    public CoolDown(Clock clock, Duration first, Duration max) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("cool-downs must be positive with max >= first, not " + first + " and "
                    + max);
        }
        this.first = first;
        this.max = max;
    }

    /** Whether the service may be asked now. */
    public boolean ready() {
        return !clock.instant().isBefore(until);
    }

    /** How long until it may be asked again (zero when it may now). */
    public Duration left() {
        Instant now = clock.instant();
        return now.isBefore(until) ? Duration.between(now, until) : Duration.ZERO;
    }

    public int failuresInARow() {
        return failuresInARow;
    }

    /**
     * Counts a failure and rests the service: for {@code asked} when the service said how long
     * (a Retry-After), else the doubling backoff; either way at most {@code max}.
     *
     * @return the rest it got
     */
    public Duration failed(Optional<Duration> asked) {
        failuresInARow++;
        Duration rest = asked.orElseGet(this::backoff);
        rest = rest.compareTo(max) > 0 ? max : rest;
        Instant next = clock.instant().plus(rest);
        if (next.isAfter(until)) {
            until = next;
        }
        return rest;
    }

    /**
     * Ends the streak.
     *
     * @return the failures in a row it ended (0: there was none)
     */
    public int succeeded() {
        int ended = failuresInARow;
        failuresInARow = 0;
        return ended;
    }

    private Duration backoff() {
        Duration d = first;
        for (int i = 1; i < failuresInARow && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d;
    }
}
