package org.paperradio.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.ingest.testing.RealFixtures;
import org.paperradio.ingest.testing.TestFeeds;
import org.paperradio.ingest.testing.TestPapers;

class RssFeedParserTest {

    private final RssFeedParser parser = new RssFeedParser();

    @Test
    void readsItemsWithLicenseAndAnnounceType() throws Exception {
        List<PaperMeta> papers = TestPapers.all().stream().map(p -> p.meta().withLicense(p.license())).toList();
        List<RssItem> items = parser.parse(TestFeeds.bytes(TestFeeds.rss(papers, "new")));
        assertThat(items).hasSize(papers.size());
        for (int i = 0; i < papers.size(); i++) {
            PaperMeta want = papers.get(i);
            RssItem got = items.get(i);
            assertThat(got.announceType()).isEqualTo("new");
            assertThat(got.isNew()).isTrue();
            assertThat(got.meta().id()).isEqualTo(want.id());
            assertThat(got.meta().title()).isEqualTo(want.title());
            assertThat(got.meta().authors()).isEqualTo(want.authors());
            assertThat(got.meta().abstractText()).isEqualTo(want.abstractText());
            assertThat(got.meta().categories()).isEqualTo(want.categories());
            assertThat(got.meta().published()).isEqualTo(want.published());
            assertThat(got.meta().license()).isEqualTo(want.license());
            assertThat(got.meta().pdfUrl()).isEqualTo(URI.create("https://arxiv.org/pdf/" + want.id()));
        }
    }

    @Test
    void aReplacementKeepsItsVersionAndKind() throws Exception {
        PaperMeta p = TestPapers.get(1).meta();
        PaperMeta v3 = new PaperMeta(ArxivId.parse("2501.00002v3"), p.title(), p.authors(),
                p.abstractText(), p.categories(), p.published(), p.updated(), null, License.unknown());
        RssItem item = parser.parse(TestFeeds.bytes(TestFeeds.rss(List.of(v3), "replace-cross"))).get(0);
        assertThat(item.meta().id().version()).isEqualTo(3);
        assertThat(item.announceType()).isEqualTo("replace-cross");
        assertThat(item.isNew()).isFalse();
        assertThat(item.meta().license().isKnown()).isFalse();
    }

    @Test
    void theRealErrorFeedIsAFeedExceptionWithArxivsReason() throws Exception {
        byte[] feed = Files.readAllBytes(RealFixtures.require("arxiv-rss-error-bad-archive.xml"));
        assertThatThrownBy(() -> parser.parse(feed))
                .isInstanceOf(FeedException.class).hasMessageContaining("Bad archive 'astroph'");
    }

    @Test
    void theRealEmptyFeedIsAnEmptyList() throws Exception {
        assertThat(parser.parse(Files.readAllBytes(RealFixtures.require("arxiv-rss-empty.xml")))).isEmpty();
    }

    @Test
    void anAtomFeedOrBrokenXmlIsAFeedException() {
        byte[] atom = TestFeeds.bytes(TestFeeds.atom(List.of(TestPapers.get(0).meta())));
        assertThatThrownBy(() -> parser.parse(atom)).isInstanceOf(FeedException.class).hasMessageContaining("not an RSS");
        assertThatThrownBy(() -> parser.parse("<rss><channel><item>".getBytes())).isInstanceOf(FeedException.class);
    }
}
