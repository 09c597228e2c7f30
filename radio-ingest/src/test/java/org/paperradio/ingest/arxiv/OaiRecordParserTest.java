package org.paperradio.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paperradio.core.paper.License;
import org.paperradio.ingest.testing.RealFixtures;
import org.paperradio.ingest.testing.TestFeeds;
import org.paperradio.ingest.testing.TestPapers;

class OaiRecordParserTest {

    private final OaiRecordParser parser = new OaiRecordParser();

    @Test
    void readsLicenseAndMetadataOfAGeneratedRecord() throws Exception {
        TestPapers.TestPaper paper = TestPapers.get(3);
        OaiRecord r = parser.parse(TestFeeds.bytes(TestFeeds.oaiGetRecord(paper.meta(), paper.license())));
        assertThat(r.license()).isEqualTo(paper.license());
        assertThat(r.license().url()).isEqualTo("http://creativecommons.org/licenses/by-nc-sa/4.0/");
        assertThat(r.id()).isEqualTo("2501.00004");
        assertThat(r.title()).isEqualTo(paper.meta().title());
        assertThat(r.authors()).isEqualTo(paper.meta().authors());
        assertThat(r.categories()).isEqualTo(paper.meta().categories());
        assertThat(r.abstractText()).isEqualTo(paper.meta().abstractText());
    }

    @Test
    void aRecordWithoutLicenseGivesUnknown() throws Exception {
        OaiRecord r = parser.parse(TestFeeds.bytes(TestFeeds.oaiGetRecord(TestPapers.get(0).meta(), License.unknown())));
        assertThat(r.license().isKnown()).isFalse();
    }

    @Test
    void anUnknownIdentifierIsNoSuchRecord() {
        byte[] answer = TestFeeds.bytes(TestFeeds.oaiNoRecord(TestPapers.get(0).id()));
        assertThatThrownBy(() -> parser.parse(answer)).isInstanceOf(OaiRecordParser.NoSuchRecordException.class)
                .hasMessageContaining("idDoesNotExist");
    }

    @Test
    void otherDocumentsAreFeedExceptions() {
        byte[] atom = TestFeeds.bytes(TestFeeds.atom(List.of(TestPapers.get(0).meta())));
        assertThatThrownBy(() -> parser.parse(atom)).isInstanceOf(FeedException.class).hasMessageContaining("OAI-PMH");
        byte[] broken = "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><GetRecord>".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.parse(broken)).isInstanceOf(FeedException.class);
        byte[] empty = "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"/>".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.parse(empty)).isInstanceOf(FeedException.class).hasMessageContaining("no record");
    }

    @Test
    void readsTheRealOaiFixture() throws Exception {
        OaiRecord r = parser.parse(Files.readAllBytes(RealFixtures.require("arxiv-oai-getrecord-1401.2122.xml")));
        assertThat(r.license().url()).isEqualTo(License.ARXIV_NONEXCLUSIVE);
        assertThat(r.id()).isEqualTo("1401.2122");
        assertThat(r.title()).isEqualTo("New integrable (3+1)-dimensional systems and contact geometry");
        assertThat(r.authors()).containsExactly("A. Sergyeyev");
        assertThat(r.categories()).contains("math.AP", "hep-th", "nlin.SI");
        assertThat(r.doi()).isEqualTo("10.1007/s11005-017-1013-4");
        assertThat(r.abstractText()).startsWith("We introduce a novel systematic construction");
    }
}
