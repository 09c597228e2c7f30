package org.paperradio.core.llm;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** A chat call that gave no usable answer, and why. Messages never contain the API key. */
public final class LlmException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why there is no answer. */
    public enum Kind {
        /** The server could not be reached (connection refused, unknown host, connection dropped). */
        UNREACHABLE,
        /** No answer within the configured timeout. */
        TIMEOUT,
        /** The server said 429: too many requests. */
        RATE_LIMITED,
        /** The server said 5xx. */
        SERVER_ERROR,
        /** The server refused the request (4xx other than 429: bad key, unknown model, prompt too long). */
        REJECTED,
        /** The server said 200 but gave no usable text (blank content, not a chat answer, malformed JSON). */
        EMPTY,
        /** The model was not asked: it is cooling down after failures, or the caller was interrupted. */
        UNAVAILABLE;

        /** Whether this says the model (not the prompt) is in trouble, so it should be left alone a while. */
        public boolean meansDown() {
            return this == UNREACHABLE || this == TIMEOUT || this == RATE_LIMITED || this == SERVER_ERROR;
        }
    }

    private final Kind kind;
    private final transient Duration retryAfter;

    public LlmException(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.retryAfter = retryAfter;
    }

    public LlmException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** How long the server (or the guard) asked us to wait before trying again, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
