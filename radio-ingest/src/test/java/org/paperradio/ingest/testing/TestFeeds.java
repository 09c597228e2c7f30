package org.paperradio.ingest.testing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.PaperMeta;

/**
 * arXiv answers for tests, written with the namespaces and element names of the real ones: an
 * API search answer (Atom), an API error answer, an OAI-PMH GetRecord in the arXiv format, an
 * OAI-PMH error and a new-style RSS feed.
 */
public final class TestFeeds {

    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private TestFeeds() {
    }

    /** An API answer for these papers, with each pdf link at {@code pdfBase}/pdf/&lt;id&gt;. */
    public static String atom(List<PaperMeta> papers, URI pdfBase) {
        return atom(papers.stream().map(p -> new PaperMeta(p.id(), p.title(), p.authors(), p.abstractText(),
                p.categories(), p.published(), p.updated(), pdfBase.resolve("pdf/" + p.id()), p.license())).toList());
    }

    /** An API answer for these papers, pdf links as in their metadata (left out when null). */
    public static String atom(List<PaperMeta> papers) {
        StringBuilder b = new StringBuilder();
        b.append("<?xml version='1.0' encoding='UTF-8'?>\n")
                .append("<feed xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\""
                        + " xmlns:arxiv=\"http://arxiv.org/schemas/atom\" xmlns=\"http://www.w3.org/2005/Atom\">\n")
                .append("  <id>https://arxiv.org/api/test-feed</id>\n")
                .append("  <title>arXiv Query: search_query=cat:cs.AI&amp;id_list=&amp;start=0&amp;max_results=")
                .append(papers.size()).append("</title>\n")
                .append("  <updated>").append(Instant.parse("2025-01-20T00:00:00Z")).append("</updated>\n")
                .append("  <link href=\"https://arxiv.org/api/query?search_query=cat:cs.AI&amp;start=0\""
                        + " type=\"application/atom+xml\"/>\n")
                .append("  <opensearch:itemsPerPage>").append(papers.size()).append("</opensearch:itemsPerPage>\n")
                .append("  <opensearch:totalResults>").append(papers.size()).append("</opensearch:totalResults>\n")
                .append("  <opensearch:startIndex>0</opensearch:startIndex>\n");
        for (PaperMeta p : papers) {
            b.append("  <entry>\n")
                    .append("    <id>http://arxiv.org/abs/").append(esc(p.id().toString())).append("</id>\n")
                    .append("    <title>").append(esc(p.title())).append("</title>\n");
            if (p.updated() != null) {
                b.append("    <updated>").append(p.updated()).append("</updated>\n");
            }
            b.append("    <link href=\"https://arxiv.org/abs/").append(esc(p.id().toString()))
                    .append("\" rel=\"alternate\" type=\"text/html\"/>\n");
            if (p.pdfUrl() != null) {
                b.append("    <link href=\"").append(esc(p.pdfUrl().toString()))
                        .append("\" rel=\"related\" type=\"application/pdf\" title=\"pdf\"/>\n");
            }
            b.append("    <summary>").append(esc(wrapped(p.abstractText()))).append("</summary>\n");
            for (String c : p.categories()) {
                b.append("    <category term=\"").append(esc(c)).append("\" scheme=\"http://arxiv.org/schemas/atom\"/>\n");
            }
            if (p.published() != null) {
                b.append("    <published>").append(p.published()).append("</published>\n");
            }
            if (!p.categories().isEmpty()) {
                b.append("    <arxiv:primary_category term=\"").append(esc(p.categories().get(0))).append("\"/>\n");
            }
            for (String a : p.authors()) {
                b.append("    <author>\n      <name>").append(esc(a)).append("</name>\n    </author>\n");
            }
            b.append("  </entry>\n");
        }
        return b.append("</feed>\n").toString();
    }

    /** What the API answers for a bad query: a feed whose only entry is the error. */
    public static String atomError(String message) {
        String anchor = message.replaceAll("[^A-Za-z0-9]+", "_");
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">\n"
                + "  <title>arXiv Query: search_query=&amp;id_list=bad</title>\n"
                + "  <id>http://arxiv.org/api/errors</id>\n"
                + "  <opensearch:totalResults>1</opensearch:totalResults>\n"
                + "  <entry>\n"
                + "    <id>http://arxiv.org/api/errors#" + esc(anchor) + "</id>\n"
                + "    <title>Error</title>\n"
                + "    <summary>" + esc(message) + "</summary>\n"
                + "    <updated>2025-01-20T00:00:00-05:00</updated>\n"
                + "    <link href=\"http://arxiv.org/api/errors#" + esc(anchor) + "\" rel=\"alternate\" type=\"text/html\"/>\n"
                + "    <author>\n      <name>arXiv api core</name>\n    </author>\n"
                + "  </entry>\n"
                + "</feed>\n";
    }

    /** An OAI-PMH GetRecord answer (metadataPrefix=arXiv) for the paper; no license element when unknown. */
    public static String oaiGetRecord(PaperMeta p, License license) {
        String base = p.id().base();
        StringBuilder authors = new StringBuilder();
        for (String a : p.authors()) {
            int space = a.lastIndexOf(' ');
            String fore = space < 0 ? "" : a.substring(0, space);
            String key = space < 0 ? a : a.substring(space + 1);
            authors.append("<author><keyname>").append(esc(key)).append("</keyname><forenames>").append(esc(fore))
                    .append("</forenames></author>");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd\">\n"
                + "<responseDate>2025-01-20T09:05:29Z</responseDate>\n"
                + "<request verb=\"GetRecord\" identifier=\"oai:arXiv.org:" + esc(base)
                + "\" metadataPrefix=\"arXiv\">https://oaipmh.arxiv.org/oai</request>\n"
                + "<GetRecord>\n<record>\n<header>\n <identifier>oai:arXiv.org:" + esc(base) + "</identifier>\n"
                + " <datestamp>2025-01-19</datestamp>\n <setSpec>cs</setSpec>\n</header>\n<metadata>\n"
                + " <arXiv xmlns=\"http://arxiv.org/OAI/arXiv/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xsi:schemaLocation=\"http://arxiv.org/OAI/arXiv/ http://arxiv.org/OAI/arXiv.xsd\">\n"
                + " <id>" + esc(base) + "</id><created>2025-01-06</created><authors>" + authors + "</authors>"
                + "<title>" + esc(p.title()) + "</title><categories>" + esc(String.join(" ", p.categories()))
                + "</categories>"
                + (license.isKnown() ? "<license>" + esc(license.url()) + "</license>" : "")
                + "<abstract>  " + esc(wrapped(p.abstractText())) + "\n</abstract></arXiv>\n"
                + "</metadata>\n</record>\n</GetRecord>\n</OAI-PMH>\n";
    }

    /** OAI-PMH's answer for an identifier it does not know. */
    public static String oaiNoRecord(ArxivId id) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">\n"
                + "<responseDate>2025-01-20T09:05:29Z</responseDate>\n"
                + "<request verb=\"GetRecord\">https://oaipmh.arxiv.org/oai</request>\n"
                + "<error code=\"idDoesNotExist\">No matches for the identifier oai:arXiv.org:" + esc(id.base())
                + "</error>\n</OAI-PMH>\n";
    }

    /**
     * A new-style RSS feed (rss.arxiv.org) with one item a paper: license in dc:rights (left out
     * when unknown), the given announce type.
     */
    public static String rss(List<PaperMeta> papers, String announceType) {
        StringBuilder b = new StringBuilder();
        b.append("<?xml version='1.0' encoding='UTF-8'?>\n")
                .append("<rss xmlns:arxiv=\"http://arxiv.org/schemas/atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
                        + " xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\""
                        + " version=\"2.0\">\n")
                .append("  <channel>\n")
                .append("    <title>cs updates on arXiv.org</title>\n")
                .append("    <link>http://rss.arxiv.org/rss/cs</link>\n")
                .append("    <description>cs updates on the arXiv.org e-print archive.</description>\n")
                .append("    <language>en-us</language>\n")
                .append("    <pubDate>Mon, 20 Jan 2025 00:00:00 -0500</pubDate>\n");
        for (PaperMeta p : papers) {
            b.append("    <item>\n")
                    .append("      <title>").append(esc(p.title())).append("</title>\n")
                    .append("      <link>https://arxiv.org/abs/").append(esc(p.id().base())).append("</link>\n")
                    .append("      <description>arXiv:").append(esc(p.id().toString())).append(" Announce Type: ")
                    .append(esc(announceType)).append(" \nAbstract: ").append(esc(p.abstractText())).append("</description>\n")
                    .append("      <guid isPermaLink=\"false\">oai:arXiv.org:").append(esc(p.id().toString())).append("</guid>\n");
            for (String c : p.categories()) {
                b.append("      <category>").append(esc(c)).append("</category>\n");
            }
            if (p.published() != null) {
                b.append("      <pubDate>").append(RFC_1123.format(p.published())).append("</pubDate>\n");
            }
            b.append("      <arxiv:announce_type>").append(esc(announceType)).append("</arxiv:announce_type>\n");
            if (p.license().isKnown()) {
                b.append("      <dc:rights>").append(esc(p.license().url())).append("</dc:rights>\n");
            }
            b.append("      <dc:creator>").append(esc(String.join(", ", p.authors()))).append("</dc:creator>\n")
                    .append("    </item>\n");
        }
        return b.append("  </channel>\n</rss>\n").toString();
    }

    /** UTF-8 bytes, as a server sends them. */
    public static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    /** Line breaks every dozen words or so, as arXiv's answers have them. */
    private static String wrapped(String text) {
        String[] words = text.split(" ");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            b.append(words[i]).append(i % 12 == 11 ? "\n" : " ");
        }
        return b.toString().strip();
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
