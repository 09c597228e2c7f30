package org.paperradio.ingest.testing;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.paperradio.core.config.StationConfig;
import org.paperradio.ingest.arxiv.ArxivHttp;

/** HTTP settings for tests against servers on loopback: polite to arXiv's rules, but fast. */
public final class TestHttp {

    public static final String USER_AGENT = "PaperRadio-Test/1.0 (tests; mailto:tests@example.org)";

    private TestHttp() {
    }

    /** {@code minInterval} between requests, 3 tries, backoff 10 ms up to 50 ms, 5 s timeouts. */
    public static ArxivHttp.Settings settings(Duration minInterval) {
        return new ArxivHttp.Settings(USER_AGENT, minInterval, Duration.ofSeconds(5), 3, Duration.ofMillis(10),
                Duration.ofMillis(50), Duration.ofSeconds(10), Clock.systemUTC());
    }

    /** The arXiv config section pointing API and OAI-PMH at {@code base} (…/api/query, …/oai). */
    public static StationConfig.Arxiv arxivConfig(URI base, List<String> categories, int maxResults) {
        return new StationConfig.Arxiv(base.resolve("api/query"), base.resolve("oai"), categories, maxResults,
                Duration.ofMinutes(30), Duration.ofMillis(1), USER_AGENT, Duration.ofSeconds(5));
    }
}
