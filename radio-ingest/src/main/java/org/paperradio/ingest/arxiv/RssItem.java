package org.paperradio.ingest.arxiv;

import org.paperradio.core.paper.PaperMeta;

/**
 * One item of the arXiv RSS feed: the paper and how it was announced ({@code new},
 * {@code cross}, {@code replace} or {@code replace-cross}; "" when the feed does not say).
 */
public record RssItem(PaperMeta meta, String announceType) {
    public RssItem {
        announceType = announceType == null ? "" : announceType.strip();
    }

    /** A first announcement of a new paper (not a cross-list or a replacement). */
    public boolean isNew() {
        return announceType.equals("new");
    }
}
