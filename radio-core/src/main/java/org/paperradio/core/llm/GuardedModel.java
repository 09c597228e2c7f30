package org.paperradio.core.llm;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.paperradio.core.kernel.CoolDown;
import org.paperradio.core.llm.LlmException.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a failing model from slowing the station down: after a failure that says the model is in
 * trouble ({@link Kind#meansDown()}: unreachable, timeout, rate limit, server error) the model is
 * left alone for a cool-down, and meanwhile {@link #chat} fails at once with
 * {@link Kind#UNAVAILABLE} without a network call, so the writer falls back to its extractive
 * text. The cool-down is the server's Retry-After when it gave one, else it starts at
 * {@code firstCoolDown} and doubles with each failure in a row; both are capped at
 * {@code maxCoolDown} (a server's Retry-After is not trusted to park the station for hours). A
 * success ends the streak. Also counts calls for metrics ({@link #stats()}).
 */
public final class GuardedModel implements LanguageModel {

    private static final Logger log = LoggerFactory.getLogger(GuardedModel.class);

    public static final Duration FIRST_COOL_DOWN = Duration.ofSeconds(15);
    public static final Duration MAX_COOL_DOWN = Duration.ofMinutes(10);

    private final LanguageModel delegate;

    // guarded by this
    private final CoolDown coolDown;
    private long calls;
    private long successes;
    private long unusable;
    private final EnumMap<Kind, Long> failures = new EnumMap<>(Kind.class);
    private Duration totalLatency = Duration.ZERO;

    public GuardedModel(LanguageModel delegate, Clock clock) {
        this(delegate, clock, FIRST_COOL_DOWN, MAX_COOL_DOWN);
    }

    public GuardedModel(LanguageModel delegate, Clock clock, Duration firstCoolDown, Duration maxCoolDown) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.coolDown = new CoolDown(clock, firstCoolDown, maxCoolDown);
    }

    @Override
    public String model() {
        return delegate.model();
    }

    /** Whether a call would reach the model now (false while cooling down). */
    public synchronized boolean available() {
        return coolDown.ready();
    }

    @Override
    public Answer chat(String system, String user) throws LlmException {
        synchronized (this) {
            calls++;
            if (!coolDown.ready()) {
                failures.merge(Kind.UNAVAILABLE, 1L, Long::sum);
                Duration left = coolDown.left();
                throw new LlmException(Kind.UNAVAILABLE, model() + " is cooling down after failures; next try in "
                        + Math.max(1, left.toSeconds()) + " s", left, null);
            }
        }
        long start = System.nanoTime();
        try {
            Answer answer = delegate.chat(system, user);
            succeeded(Duration.ofNanos(System.nanoTime() - start));
            return answer;
        } catch (LlmException e) {
            failed(e, Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
    }

    private synchronized void succeeded(Duration took) {
        successes++;
        totalLatency = totalLatency.plus(took);
        int ended = coolDown.succeeded();
        if (ended > 0) {
            log.info("{} answers again after {} failure(s) in a row", model(), ended);
        }
    }

    private synchronized void failed(LlmException e, Duration took) {
        failures.merge(e.kind(), 1L, Long::sum);
        totalLatency = totalLatency.plus(took);
        if (!e.kind().meansDown()) {
            return; // the prompt or the answer was the trouble, not the model
        }
        Duration rest = coolDown.failed(e.retryAfter());
        log.warn("{} failed ({}: {}); not asked again for {} s", model(), e.kind(), e.getMessage(), rest.toSeconds());
    }

    @Override
    public synchronized void unusable(String why) {
        unusable++;
    }

    /** The counters now. */
    public synchronized LlmStats stats() {
        return new LlmStats(calls, successes, Map.copyOf(failures), totalLatency, available(), unusable);
    }
}
