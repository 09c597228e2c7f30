package org.paperradio.ingest.arxiv;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.PaperLog;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.xml.SafeXml;
import org.paperradio.core.xml.SafeXml.XmlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Reads an arXiv API answer (Atom 1.0 with arXiv's extension elements) into paper metadata.
 *
 * <p>arXiv reports a bad query not with an HTTP error but with a feed whose only entry has an
 * id under {@code /api/errors}; that, a document that is not an Atom feed, and malformed XML
 * all throw {@link FeedException}. Entries whose id is not an arXiv id are skipped with a
 * warning: one odd entry must not cost the others.
 */
public final class AtomFeedParser {

    public static final String ATOM = "http://www.w3.org/2005/Atom";
    public static final String ARXIV = "http://arxiv.org/schemas/atom";
    public static final String OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/";

    private static final Logger log = LoggerFactory.getLogger(AtomFeedParser.class);

    /** Parses a whole feed; throws rather than return a partial result. */
    public List<PaperMeta> parse(byte[] xml) throws FeedException {
        Document doc;
        try {
            doc = SafeXml.parse(xml, "arXiv API answer");
        } catch (XmlException e) {
            throw new FeedException(e.getMessage(), e);
        }
        Element feed = doc.getDocumentElement();
        if (!SafeXml.is(feed, ATOM, "feed")) {
            throw new FeedException("arXiv API answer is not an Atom feed: root element is <"
                    + feed.getTagName() + ">" + (feed.getNamespaceURI() == null ? "" : " in " + feed.getNamespaceURI()));
        }
        List<Element> entries = SafeXml.children(feed, ATOM, "entry");
        for (Element entry : entries) {
            String id = SafeXml.text(entry, ATOM, "id");
            if (id.contains("/api/errors")) {
                String summary = SafeXml.text(entry, ATOM, "summary");
                throw new FeedException("arXiv API reported an error: " + (summary.isEmpty() ? id : summary));
            }
        }
        List<PaperMeta> out = new ArrayList<>(entries.size());
        for (Element entry : entries) {
            String rawId = SafeXml.text(entry, ATOM, "id");
            ArxivId id;
            try {
                id = ArxivId.parse(rawId);
            } catch (IllegalArgumentException e) {
                log.warn("skipped a feed entry with an unreadable id '{}'", abbreviate(rawId));
                continue;
            }
            out.add(entry(entry, id));
        }
        return out;
    }

    private static PaperMeta entry(Element entry, ArxivId id) {
        List<String> authors = new ArrayList<>();
        for (Element a : SafeXml.children(entry, ATOM, "author")) {
            String name = SafeXml.text(a, ATOM, "name");
            if (!name.isEmpty()) {
                authors.add(name);
            }
        }
        // primary category first, then the others in feed order
        Set<String> categories = new LinkedHashSet<>();
        Element primary = SafeXml.child(entry, ARXIV, "primary_category");
        if (primary != null && !primary.getAttribute("term").isBlank()) {
            categories.add(primary.getAttribute("term").strip());
        }
        for (Element c : SafeXml.children(entry, ATOM, "category")) {
            String term = c.getAttribute("term").strip();
            if (!term.isEmpty()) {
                categories.add(term);
            }
        }
        String licenseUrl = SafeXml.text(entry, ARXIV, "license");
        return new PaperMeta(
                id,
                SafeXml.text(entry, ATOM, "title"),
                authors,
                SafeXml.text(entry, ATOM, "summary"),
                List.copyOf(categories),
                instant(SafeXml.text(entry, ATOM, "published"), id),
                instant(SafeXml.text(entry, ATOM, "updated"), id),
                pdfUrl(entry, id),
                licenseUrl.isEmpty() ? License.unknown() : License.of(licenseUrl));
    }

    /** The link titled "pdf" if it is an http(s) URL, else the canonical arXiv PDF address. */
    private static URI pdfUrl(Element entry, ArxivId id) {
        for (Element link : SafeXml.children(entry, ATOM, "link")) {
            if ("pdf".equals(link.getAttribute("title").strip())) {
                URI u = httpUri(link.getAttribute("href"));
                if (u != null) {
                    return u;
                }
                try (PaperLog.Scope scope = PaperLog.scope(id)) {
                    log.warn("has an unusable pdf link, using arXiv's");
                }
            }
        }
        return canonicalPdf(id);
    }

    /** https://arxiv.org/pdf/&lt;id&gt;, arXiv's stable address for a version's PDF. */
    public static URI canonicalPdf(ArxivId id) {
        return URI.create("https://arxiv.org/pdf/" + id);
    }

    static URI httpUri(String text) {
        try {
            URI u = new URI(text.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null ? u : null;
        } catch (Exception e) {
            return null;
        }
    }

    static Instant instant(String text, ArxivId id) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try (PaperLog.Scope scope = PaperLog.scope(id)) {
                log.warn("has an unreadable date '{}'", abbreviate(text));
            }
            return null;
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
