package org.paperradio.ingest.arxiv;

/** A response body that is (or announces itself as) larger than the cap the caller set. */
public final class ResponseTooLargeException extends UnacceptableResponseException {
    private final long limit;

    public ResponseTooLargeException(String message, long limit) {
        super(message);
        this.limit = limit;
    }

    /** The cap in bytes that was exceeded. */
    public long limit() {
        return limit;
    }
}
