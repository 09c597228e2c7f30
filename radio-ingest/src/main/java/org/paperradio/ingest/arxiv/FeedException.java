package org.paperradio.ingest.arxiv;

/**
 * An answer from arXiv that cannot be read as the feed that was asked for: malformed XML, a
 * document of another kind (an HTML error page), or an error that arXiv reports inside a feed.
 * Never a partial result: a parser either returns everything or throws this.
 */
public class FeedException extends Exception {
    public FeedException(String message) {
        super(message);
    }

    public FeedException(String message, Throwable cause) {
        super(message, cause);
    }
}
