package org.paperradio.core.llm;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counters of a {@link GuardedModel} at one moment: chat calls asked for (including those
 * refused while the model was down), answers, failures by kind, the summed latency of the
 * calls that reached the model, and answers the station could not use (nonsense).
 */
public record LlmStats(long calls, long successes, Map<LlmException.Kind, Long> failures, Duration totalLatency,
                       boolean available, long unusable) {
    public LlmStats {
        EnumMap<LlmException.Kind, Long> all = new EnumMap<>(LlmException.Kind.class);
        for (LlmException.Kind k : LlmException.Kind.values()) {
            all.put(k, failures.getOrDefault(k, 0L));
        }
        failures = java.util.Collections.unmodifiableMap(all);
    }

    public long failures(LlmException.Kind kind) {
        return failures.get(kind);
    }

    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }
}
