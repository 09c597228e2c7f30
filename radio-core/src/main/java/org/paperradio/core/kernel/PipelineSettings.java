package org.paperradio.core.kernel;

import java.time.Duration;
import java.util.Map;

/**
 * How the kernel runs the stages.
 *
 * @param queueCapacity papers waiting in front of each stage (a full queue makes the one before wait)
 * @param workers workers per stage by stage name; stages not named get one
 * @param retries further tries after a failure that is not {@link BadInputException}
 * @param backoff wait before the first retry; doubles each time up to {@code maxBackoff}
 * @param pollInterval time between polls of the paper source
 * @param shutdownGrace how long in-flight work may finish on shutdown before it is interrupted
 */
public record PipelineSettings(
        int queueCapacity,
        Map<String, Integer> workers,
        int retries,
        Duration backoff,
        Duration maxBackoff,
        Duration pollInterval,
        Duration shutdownGrace) {

    public PipelineSettings {
        workers = Map.copyOf(workers);
    }

    public int workersFor(String stage) {
        return workers.getOrDefault(stage, 1);
    }

    Duration backoffBefore(int attempt) {
        long factor = 1L << Math.min(attempt - 1, 20);
        Duration d = backoff.multipliedBy(factor);
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
