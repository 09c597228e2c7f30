package org.paperradio.core.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * What the model said. {@code model} is {@code provider:name} of the model that answered (the
 * server's own name for it when it gives a sane one); {@code took} is the time of the call itself.
 */
public record Answer(String text, String model, Duration took) {
    public Answer {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(took, "took");
    }
}
