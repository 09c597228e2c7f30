package org.paperradio.core.kernel;

/** The input itself is bad (a broken or encrypted PDF, HTML served as a PDF): retrying will not help. */
public final class BadInputException extends Exception {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
