package org.paperradio.core.paper;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What arXiv tells about a paper before anything is downloaded. */
public record PaperMeta(
        ArxivId id,
        String title,
        List<String> authors,
        String abstractText,
        List<String> categories,
        Instant published,
        Instant updated,
        URI pdfUrl,
        License license) {

    public PaperMeta {
        Objects.requireNonNull(id, "id");
        title = title == null ? "" : title.strip().replaceAll("\\s+", " ");
        authors = authors == null ? List.of() : List.copyOf(authors);
        abstractText = abstractText == null ? "" : abstractText.strip().replaceAll("\\s+", " ");
        categories = categories == null ? List.of() : List.copyOf(categories);
        license = license == null ? License.unknown() : license;
    }

    public PaperMeta withLicense(License newLicense) {
        return new PaperMeta(id, title, authors, abstractText, categories, published, updated, pdfUrl, newLicense);
    }

    /** Authors as a host would say them: "A", "A and B", "A, B and others". */
    public String spokenAuthors() {
        return switch (authors.size()) {
            case 0 -> "unnamed authors";
            case 1 -> authors.get(0);
            case 2 -> authors.get(0) + " and " + authors.get(1);
            default -> authors.get(0) + ", " + authors.get(1) + " and colleagues";
        };
    }
}
