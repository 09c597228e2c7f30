package org.paperradio.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.License;
import org.paperradio.ingest.testing.TestFeeds;
import org.paperradio.ingest.testing.TestHttp;
import org.paperradio.ingest.testing.TestPapers;

class LicenseLookupTest {

    private final MockWebServer server = new MockWebServer();
    private ArxivHttp http;
    private LicenseLookup lookup;

    @BeforeEach
    void start() throws IOException {
        server.start();
        http = new ArxivHttp(TestHttp.settings(Duration.ZERO));
        lookup = new LicenseLookup(http, server.url("/oai").uri());
    }

    @AfterEach
    void stop() throws IOException {
        http.close();
        server.shutdown();
    }

    @Test
    void asksOaiPmhForTheRecordOfTheBaseIdAndReturnsItsLicense() throws Exception {
        TestPapers.TestPaper paper = TestPapers.get(0);
        server.enqueue(new MockResponse().setBody(TestFeeds.oaiGetRecord(paper.meta(), paper.license())));

        License license = lookup.lookup(ArxivId.parse("2501.00001v2"));

        assertThat(license).isEqualTo(paper.license());
        HttpUrl url = server.takeRequest().getRequestUrl();
        assertThat(url.encodedPath()).isEqualTo("/oai");
        assertThat(url.queryParameter("verb")).isEqualTo("GetRecord");
        assertThat(url.queryParameter("identifier")).isEqualTo("oai:arXiv.org:2501.00001");
        assertThat(url.queryParameter("metadataPrefix")).isEqualTo("arXiv");
    }

    @Test
    void oldStyleIdsKeepTheirArchive() {
        assertThat(lookup.requestUrl(ArxivId.parse("hep-th/9901001v3")).queryParameter("identifier"))
                .isEqualTo("oai:arXiv.org:hep-th/9901001");
    }

    @Test
    void everyFailureGivesAnUnknownLicenseInsteadOfAnError() {
        ArxivId id = TestPapers.get(1).id();
        server.enqueue(new MockResponse().setBody(TestFeeds.oaiNoRecord(id)));
        assertThat(lookup.lookup(id).isKnown()).isFalse();

        server.enqueue(new MockResponse().setBody(TestFeeds.oaiGetRecord(TestPapers.get(1).meta(), License.unknown())));
        assertThat(lookup.lookup(id).isKnown()).isFalse();

        server.enqueue(new MockResponse().setBody("<html>oops</html>"));
        assertThat(lookup.lookup(id).isKnown()).isFalse();

        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setResponseCode(500));
        }
        assertThat(lookup.lookup(id).isKnown()).isFalse();
        assertThat(server.getRequestCount()).isEqualTo(6);
    }
}
