package org.paperradio.stream.feed;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.paperradio.core.paper.Show;

/**
 * RSS 2.0 feeds with the iTunes and Podcasting 2.0 namespaces, written with an
 * {@link XMLStreamWriter} so every title and description is escaped by the writer (text that is
 * not allowed in XML at all, such as control characters, is dropped first).
 *
 * <p>Every URL in a feed is absolute, made from the base URL given here (see {@link FeedApi} for
 * where it comes from). The channel has no {@code itunes:image}: the station has no cover art yet.
 */
public final class PodcastFeeds {

    public static final String ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    public static final String PODCAST = "https://podcastindex.org/namespace/1.0";
    public static final String ATOM = "http://www.w3.org/2005/Atom";
    /** The Podcasting 2.0 namespace UUID for {@code podcast:guid}. */
    static final UUID PODCAST_GUID_NAMESPACE = UUID.fromString("ead4c236-bf58-58c6-a2c6-a6b28d128cb6");
    public static final String CHAPTERS_TYPE = "application/json+chapters";
    public static final String VTT_TYPE = "text/vtt";
    public static final String SRT_TYPE = "application/x-subrip";

    /** The station's feeds. */
    public enum Feed {
        DAILY("daily.xml", "daily", "The daily show: the day's papers, summed up."),
        WEEKLY("weekly.xml", "weekly", "The weekly show: the week's papers, summed up."),
        SEGMENTS("segments.xml", "papers", "Every paper segment the station has aired, one paper an episode.");

        private final String file;
        private final String label;
        private final String about;

        Feed(String file, String label, String about) {
            this.file = file;
            this.label = label;
            this.about = about;
        }

        /** The feed's path on the web server, without a leading slash. */
        public String path() {
            return "feeds/" + file;
        }

        /** The show kind a show feed lists; null for the segments feed. */
        public Show.Kind showKind() {
            return switch (this) {
                case DAILY -> Show.Kind.DAILY;
                case WEEKLY -> Show.Kind.WEEKLY;
                case SEGMENTS -> null;
            };
        }
    }

    private static final DateTimeFormatter RFC_822 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final String stationName;
    private final URI base;

    /** @param base the station's public base URL, absolute http(s), ending with {@code /} */
    public PodcastFeeds(String stationName, URI base) {
        this.stationName = Objects.requireNonNull(stationName, "stationName");
        this.base = Objects.requireNonNull(base, "base");
        if (!base.isAbsolute() || !base.toString().endsWith("/")
                || !("http".equals(base.getScheme()) || "https".equals(base.getScheme()))) {
            throw new IllegalArgumentException("base URL must be absolute http(s) ending with /: " + base);
        }
    }

    /** The absolute URL of a path on the station's web server (path without a leading slash). */
    public String url(String path) {
        return base.resolve(path).toString();
    }

    /** The feed as UTF-8 XML, items in the order given (newest first). */
    public byte[] rss(Feed feed, List<Episode> episodes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16_384);
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("rss");
            w.writeAttribute("version", "2.0");
            w.writeNamespace("itunes", ITUNES);
            w.writeNamespace("podcast", PODCAST);
            w.writeNamespace("atom", ATOM);
            w.writeStartElement("channel");
            String self = url(feed.path());
            String title = stationName + " " + feed.label;
            text(w, "title", title);
            text(w, "link", base.toString());
            text(w, "description", feed.about);
            text(w, "language", "en");
            text(w, "generator", "Paper Radio");
            if (!episodes.isEmpty()) {
                text(w, "lastBuildDate", RFC_822.format(episodes.get(0).published()));
            }
            w.writeEmptyElement("atom", "link", ATOM);
            w.writeAttribute("href", self);
            w.writeAttribute("rel", "self");
            w.writeAttribute("type", "application/rss+xml");
            text(w, "itunes", ITUNES, "author", stationName);
            w.writeEmptyElement("itunes", "category", ITUNES);
            w.writeAttribute("text", "Science");
            w.writeEmptyElement("itunes", "category", ITUNES);
            w.writeAttribute("text", "Technology");
            text(w, "itunes", ITUNES, "explicit", "false");
            text(w, "itunes", ITUNES, "type", "episodic");
            text(w, "podcast", PODCAST, "guid", podcastGuid(self).toString());
            for (Episode e : episodes) {
                item(w, e);
            }
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("feed could not be written", e);
        }
        return out.toByteArray();
    }

    private void item(XMLStreamWriter w, Episode e) throws XMLStreamException {
        w.writeStartElement("item");
        text(w, "title", e.title());
        text(w, "description", e.description());
        if (e.link() != null) {
            text(w, "link", e.link());
        }
        w.writeStartElement("guid");
        w.writeAttribute("isPermaLink", "false");
        w.writeCharacters(xmlText(e.guid()));
        w.writeEndElement();
        text(w, "pubDate", RFC_822.format(e.published()));
        w.writeEmptyElement("enclosure");
        w.writeAttribute("url", url(e.audioPath()));
        w.writeAttribute("length", Long.toString(e.bytes()));
        w.writeAttribute("type", "audio/mpeg");
        text(w, "itunes", ITUNES, "duration", Long.toString(Math.round(e.length().toMillis() / 1000.0)));
        text(w, "itunes", ITUNES, "episodeType", "full");
        w.writeEmptyElement("podcast", "chapters", PODCAST);
        w.writeAttribute("url", url(e.chaptersPath()));
        w.writeAttribute("type", CHAPTERS_TYPE);
        transcript(w, url(e.vttPath()), VTT_TYPE);
        transcript(w, url(e.srtPath()), SRT_TYPE);
        w.writeEndElement();
    }

    private static void transcript(XMLStreamWriter w, String url, String type) throws XMLStreamException {
        w.writeEmptyElement("podcast", "transcript", PODCAST);
        w.writeAttribute("url", url);
        w.writeAttribute("type", type);
        w.writeAttribute("language", "en");
        w.writeAttribute("rel", "captions");
    }

    private static void text(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(xmlText(value));
        w.writeEndElement();
    }

    private static void text(XMLStreamWriter w, String prefix, String ns, String name, String value)
            throws XMLStreamException {
        w.writeStartElement(prefix, name, ns);
        w.writeCharacters(xmlText(value));
        w.writeEndElement();
    }

    /** {@code s} without the characters XML 1.0 cannot carry even escaped (controls, lone surrogates, U+FFFE/F). */
    static String xmlText(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().filter(PodcastFeeds::allowed).forEach(b::appendCodePoint);
        return b.toString();
    }

    private static boolean allowed(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }

    /**
     * The Podcasting 2.0 {@code podcast:guid}: a UUIDv5 in the podcast namespace of the feed URL
     * with its scheme and trailing slashes taken off.
     */
    public static UUID podcastGuid(String feedUrl) {
        String name = feedUrl.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "").replaceFirst("/+$", "");
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            ByteBuffer ns = ByteBuffer.allocate(16).putLong(PODCAST_GUID_NAMESPACE.getMostSignificantBits())
                    .putLong(PODCAST_GUID_NAMESPACE.getLeastSignificantBits());
            sha1.update(ns.array());
            byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
            h[6] = (byte) ((h[6] & 0x0f) | 0x50); // version 5
            h[8] = (byte) ((h[8] & 0x3f) | 0x80); // RFC 4122 variant
            ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
            return new UUID(b.getLong(), b.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }
}
