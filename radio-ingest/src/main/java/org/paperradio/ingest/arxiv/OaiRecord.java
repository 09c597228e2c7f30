package org.paperradio.ingest.arxiv;

import java.util.List;
import org.paperradio.core.paper.License;

/**
 * What an OAI-PMH GetRecord answer in the {@code arXiv} metadata format tells about a paper.
 * {@code id} is the base id without version (OAI records describe the paper, not a version).
 */
public record OaiRecord(String id, String title, List<String> authors, List<String> categories,
                        String abstractText, String doi, License license) {
    public OaiRecord {
        authors = List.copyOf(authors);
        categories = List.copyOf(categories);
        license = license == null ? License.unknown() : license;
    }
}
