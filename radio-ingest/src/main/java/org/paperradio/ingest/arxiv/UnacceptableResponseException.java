package org.paperradio.ingest.arxiv;

import java.io.IOException;

/**
 * The server answered, but not with something usable (wrong content type, gone, too large):
 * asking again will not help, so {@link ArxivHttp} does not retry it.
 */
public class UnacceptableResponseException extends IOException {
    public UnacceptableResponseException(String message) {
        super(message);
    }
}
