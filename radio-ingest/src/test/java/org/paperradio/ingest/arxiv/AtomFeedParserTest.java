package org.paperradio.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.ingest.testing.RealFixtures;
import org.paperradio.ingest.testing.TestFeeds;
import org.paperradio.ingest.testing.TestPapers;

class AtomFeedParserTest {

    private final AtomFeedParser parser = new AtomFeedParser();

    @Test
    void readsEveryFieldOfAGeneratedFeed() throws Exception {
        URI base = URI.create("http://127.0.0.1:8123/");
        List<PaperMeta> papers = TestPapers.all().stream().map(p -> p.metaWithPdfAt(base)).toList();
        List<PaperMeta> parsed = parser.parse(TestFeeds.bytes(TestFeeds.atom(papers)));
        assertThat(parsed).hasSize(papers.size());
        for (int i = 0; i < papers.size(); i++) {
            PaperMeta want = papers.get(i);
            PaperMeta got = parsed.get(i);
            assertThat(got.id()).isEqualTo(want.id());
            assertThat(got.title()).isEqualTo(want.title());
            assertThat(got.authors()).isEqualTo(want.authors());
            assertThat(got.abstractText()).isEqualTo(want.abstractText());
            assertThat(got.categories()).isEqualTo(want.categories());
            assertThat(got.published()).isEqualTo(want.published());
            assertThat(got.updated()).isEqualTo(want.updated());
            assertThat(got.pdfUrl()).isEqualTo(URI.create("http://127.0.0.1:8123/pdf/" + want.id()));
            assertThat(got.license()).isEqualTo(License.unknown());
        }
        assertThat(parsed).isEqualTo(papers);
    }

    @Test
    void derivesThePdfLinkFromTheIdWhenTheFeedHasNone() throws Exception {
        PaperMeta p = TestPapers.get(2).meta();
        PaperMeta noPdf = new PaperMeta(p.id(), p.title(), p.authors(), p.abstractText(), p.categories(), p.published(),
                p.updated(), null, p.license());
        PaperMeta got = parser.parse(TestFeeds.bytes(TestFeeds.atom(List.of(noPdf)))).get(0);
        assertThat(got.pdfUrl()).isEqualTo(URI.create("https://arxiv.org/pdf/2501.00003v1"));
    }

    @Test
    void takesTheLicenseWhenAnEntryCarriesOne() throws Exception {
        String feed = TestFeeds.atom(List.of(TestPapers.get(0).meta())).replace("</summary>",
                "</summary>\n    <arxiv:license>http://creativecommons.org/licenses/by/4.0/</arxiv:license>");
        PaperMeta got = parser.parse(TestFeeds.bytes(feed)).get(0);
        assertThat(got.license().url()).isEqualTo("http://creativecommons.org/licenses/by/4.0/");
    }

    @Test
    void skipsEntriesWithUnreadableIdsAndKeepsTheRest() throws Exception {
        String feed = TestFeeds.atom(List.of(TestPapers.get(0).meta(), TestPapers.get(1).meta()))
                .replace("<id>http://arxiv.org/abs/2501.00001v1</id>", "<id>http://arxiv.org/abs/not-an-id</id>");
        List<PaperMeta> got = parser.parse(TestFeeds.bytes(feed));
        assertThat(got).extracting(p -> p.id().toString()).containsExactly("2501.00002v1");
    }

    @Test
    void anEmptyFeedIsAnEmptyList() throws Exception {
        assertThat(parser.parse(TestFeeds.bytes(TestFeeds.atom(List.of())))).isEmpty();
    }

    @Test
    void anArxivErrorEntryIsAFeedExceptionWithArxivsMessage() {
        byte[] feed = TestFeeds.bytes(TestFeeds.atomError("incorrect id format for 1234.56789"));
        assertThatThrownBy(() -> parser.parse(feed))
                .isInstanceOf(FeedException.class)
                .hasMessageContaining("incorrect id format for 1234.56789");
    }

    @Test
    void malformedXmlIsAFeedException() {
        String good = TestFeeds.atom(List.of(TestPapers.get(0).meta()));
        byte[] cut = good.substring(0, good.length() / 2).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.parse(cut)).isInstanceOf(FeedException.class).hasMessageContaining("XML");
        assertThatThrownBy(() -> parser.parse(new byte[0])).isInstanceOf(FeedException.class).hasMessageContaining("empty");
    }

    @Test
    void aDocumentThatIsNotAtomIsAFeedException() {
        byte[] html = "<html><body><h1>Service Unavailable</h1></body></html>".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.parse(html)).isInstanceOf(FeedException.class)
                .hasMessageContaining("not an Atom feed").hasMessageContaining("<html>");
        byte[] rss = TestFeeds.bytes(TestFeeds.rss(List.of(TestPapers.get(0).meta()), "new"));
        assertThatThrownBy(() -> parser.parse(rss)).isInstanceOf(FeedException.class);
    }

    @Test
    void doesNotExpandExternalEntities(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xxe = "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE feed [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>http://arxiv.org/abs/2501.00001v1</id>"
                + "<title>&xxe;</title></entry></feed>";
        assertThatThrownBy(() -> parser.parse(xxe.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FeedException.class)
                .hasMessageContaining("DOCTYPE")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("TOP-SECRET-CONTENT"));
    }

    @Test
    void refusesEntityExpansionBombs() {
        String bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE feed [<!ENTITY a \"aaaaaaaaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
                + "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>&c;</title></feed>";
        assertThatThrownBy(() -> parser.parse(bomb.getBytes(StandardCharsets.UTF_8))).isInstanceOf(FeedException.class);
    }

    @Test
    void readsTheRealApiFixture() throws Exception {
        Path fixture = RealFixtures.require("arxiv-api-search-10-entries.xml");
        List<PaperMeta> papers = parser.parse(Files.readAllBytes(fixture));
        assertThat(papers).hasSize(10);
        PaperMeta first = papers.get(0);
        assertThat(first.id().toString()).isEqualTo("2202.12139v1");
        assertThat(first.title()).isEqualTo(
                "Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques");
        assertThat(first.authors()).containsExactly("Mohit Kumar Ahuja", "Arnaud Gotlieb", "Helge Spieker");
        assertThat(first.categories()).containsExactly("cs.SE", "cs.LG");
        assertThat(first.published()).isEqualTo(Instant.parse("2022-02-24T15:05:19Z"));
        assertThat(first.pdfUrl()).isEqualTo(URI.create("https://arxiv.org/pdf/2202.12139v1"));
        assertThat(first.abstractText()).startsWith("Deep Learning (DL) has revolutionized");
        assertThat(first.license().isKnown()).isFalse();
        assertThat(papers).allSatisfy(p -> {
            assertThat(p.title()).isNotBlank();
            assertThat(p.authors()).isNotEmpty();
            assertThat(p.pdfUrl().toString()).startsWith("https://arxiv.org/pdf/" + p.id().base());
        });
    }
}
