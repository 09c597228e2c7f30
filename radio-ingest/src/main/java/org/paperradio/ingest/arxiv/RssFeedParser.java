package org.paperradio.ingest.arxiv;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Reads the new-style arXiv RSS feed (rss.arxiv.org, 2024 on). Unlike the API, each item
 * carries its license ({@code <dc:rights>}) and announcement kind
 * ({@code <arxiv:announce_type>}). A bad query comes back as a feed titled "Feed error for
 * query"; that throws {@link FeedException} with arXiv's explanation.
 */
public final class RssFeedParser {

    public static final String DC = "http://purl.org/dc/elements/1.1/";
    public static final String ARXIV = AtomFeedParser.ARXIV;

    private static final Logger log = LoggerFactory.getLogger(RssFeedParser.class);
    /** The description starts "arXiv:2411.17700v1 Announce Type: new \nAbstract: ...". */
    private static final Pattern DESCRIPTION = Pattern.compile(
            "(?s)\\s*arXiv:(\\S+)\\s+Announce Type:\\s*(\\S+)\\s*(?:Abstract:\\s*)?(.*)");

    public List<RssItem> parse(byte[] xml) throws FeedException {
        Document doc;
        try {
            doc = SafeXml.parse(xml, "arXiv RSS answer");
        } catch (XmlException e) {
            throw new FeedException(e.getMessage(), e);
        }
        Element rss = doc.getDocumentElement();
        if (!SafeXml.is(rss, "", "rss")) {
            throw new FeedException("arXiv RSS answer is not an RSS feed: root element is <" + rss.getTagName() + ">");
        }
        Element channel = SafeXml.child(rss, "", "channel");
        if (channel == null) {
            throw new FeedException("arXiv RSS answer has no <channel>");
        }
        String title = SafeXml.text(channel, "", "title");
        if (title.startsWith("Feed error")) {
            String why = SafeXml.text(channel, "", "description");
            throw new FeedException("arXiv RSS reported an error: " + (why.isEmpty() ? title : why));
        }
        List<RssItem> out = new ArrayList<>();
        for (Element item : SafeXml.children(channel, "", "item")) {
            RssItem parsed = item(item);
            if (parsed != null) {
                out.add(parsed);
            }
        }
        return out;
    }

    private static RssItem item(Element item) {
        Element descriptionElement = SafeXml.child(item, "", "description");
        String description = descriptionElement == null ? "" : descriptionElement.getTextContent();
        Matcher m = DESCRIPTION.matcher(description);
        String idText = SafeXml.text(item, "", "guid");
        if (idText.startsWith("oai:arXiv.org:")) {
            idText = idText.substring("oai:arXiv.org:".length());
        } else if (m.matches()) {
            idText = m.group(1);
        } else {
            idText = SafeXml.text(item, "", "link");
        }
        ArxivId id;
        try {
            id = ArxivId.parse(idText);
        } catch (IllegalArgumentException e) {
            log.warn("skipped an RSS item with an unreadable id '{}'", AtomFeedParser.abbreviate(idText));
            return null;
        }
        String announce = SafeXml.text(item, ARXIV, "announce_type");
        if (announce.isEmpty() && m.matches()) {
            announce = m.group(2);
        }
        String abstractText = m.matches() ? m.group(3) : description;
        List<String> authors = new ArrayList<>();
        for (Element creator : SafeXml.children(item, DC, "creator")) {
            for (String name : SafeXml.collapse(creator.getTextContent()).split(",\\s*|\\s+and\\s+")) {
                if (!name.isBlank()) {
                    authors.add(name.strip());
                }
            }
        }
        Set<String> categories = new LinkedHashSet<>();
        for (Element c : SafeXml.children(item, "", "category")) {
            String term = SafeXml.collapse(c.getTextContent());
            if (!term.isEmpty()) {
                categories.add(term);
            }
        }
        Instant published = date(SafeXml.text(item, "", "pubDate"), id);
        String rights = SafeXml.text(item, DC, "rights");
        PaperMeta meta = new PaperMeta(id, SafeXml.text(item, "", "title"), authors, abstractText,
                List.copyOf(categories), published, published, AtomFeedParser.canonicalPdf(id),
                rights.isEmpty() ? License.unknown() : License.of(rights));
        return new RssItem(meta, announce);
    }

    private static Instant date(String text, ArxivId id) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try (PaperLog.Scope scope = PaperLog.scope(id)) {
                log.warn("has an unreadable pubDate '{}'", AtomFeedParser.abbreviate(text));
            }
            return null;
        }
    }
}
