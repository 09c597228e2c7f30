package org.paperradio.stream.station;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.ConfigLoader;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.PaperStore;
import org.paperradio.ingest.testing.TestPapers;

/**
 * Operating a running station over HTTP: liveness and readiness, the Prometheus metrics as a
 * scraper reads them (checked against what happened: a paper done, one failed with its reason,
 * no dead air), and the admin API with and without the bearer token.
 */
class StationOpsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "test-admin-token-8f2c";

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void healthReadinessMetricsAndTheAdminApi() throws Exception {
        try (FakeArxiv arxiv = new FakeArxiv()) {
            StationRun.serveGood(arxiv, 0);
            StationRun.serve(arxiv, 2, "<html>not a pdf</html>".getBytes(StandardCharsets.UTF_8), "text/html");
            Path data = dir.resolve("data");
            StationConfig config = new ConfigLoader().parse(StationRun.config(arxiv.base(), data), "test.yaml");
            String good = TestPapers.get(0).id().toString();
            try (Station station = new Station(config, Clock.systemUTC(), Map.of("PAPER_RADIO_ADMIN_TOKEN", TOKEN)::get)) {
                station.start();
                URI base = URI.create("http://127.0.0.1:" + station.port() + "/");

                assertThat(get(base, "health", null).statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(get(base, "health", null).body()).path("onAir").asBoolean()).isTrue();
                HttpResponse<String> notYet = get(base, "ready", null);
                assertThat(notYet.statusCode()).as("nothing voiced yet: " + notYet.body()).isEqualTo(503);

                PaperStore store = station.store();
                StationRun.await("the good paper voiced and the bad one failed", Duration.ofMinutes(3), () ->
                        StationRun.metric(base, "paperradio_stage_items_total\\{outcome=\"done\",stage=\"voice\"\\}") >= 1
                                && StationRun.metric(base, "paperradio_stage_failures_total\\{reason=\"BadInputException\",stage=\"fetch\"\\}") == 1);
                StationRun.await("ready", Duration.ofMinutes(1), () -> status(base, "ready") == 200);

                HttpResponse<String> scrape = get(base, "metrics", null);
                assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
                String m = scrape.body();
                assertThat(m).contains("# TYPE paperradio_air_dead_seconds_total counter",
                        "paperradio_stage_queue_depth{stage=\"fetch\"}", "paperradio_listeners ",
                        "paperradio_air_items_total{kind=\"ident\"}", "jvm_memory_used_bytes{area=\"heap\"}",
                        "jvm_threads_current", "process_open_fds", "paperradio_stage_seconds_count{stage=\"voice\"}");
                assertThat(StationRun.metric(base, "paperradio_air_dead_seconds_total")).as("dead air").isZero();
                assertThat(StationRun.metric(base, "paperradio_stage_seconds_sum\\{stage=\"voice\"\\}")).isPositive();

                // the admin API: refused without the token, and never the token in an answer
                assertThat(post(base, "api/admin/skip", null).statusCode()).isEqualTo(401);
                assertThat(post(base, "api/admin/skip", "Bearer " + TOKEN + "x").statusCode()).isEqualTo(401);
                assertThat(post(base, "api/admin/skip", TOKEN).statusCode()).as("no Bearer scheme").isEqualTo(401);
                HttpResponse<String> status = get(base, "api/admin/status", "Bearer " + TOKEN);
                assertThat(status.statusCode()).isEqualTo(200);
                assertThat(status.body()).doesNotContain(TOKEN);
                assertThat(JSON.readTree(status.body()).path("stages").get(0).path("stage").asText()).isEqualTo("fetch");

                // hold a stage, and see it held in the metrics
                assertThat(post(base, "api/admin/stages/voice/pause", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
                assertThat(StationRun.metric(base, "paperradio_stage_paused\\{stage=\"voice\"\\}")).isEqualTo(1);
                assertThat(post(base, "api/admin/stages/nope/pause", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
                assertThat(post(base, "api/admin/stages/voice/resume", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
                assertThat(StationRun.metric(base, "paperradio_stage_paused\\{stage=\"voice\"\\}")).isZero();

                // skip what is on air: the next item starts at once
                double before = StationRun.metricSum(base, "paperradio_air_items_total\\{kind=\"[a-z]+\"\\}");
                assertThat(post(base, "api/admin/skip", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
                StationRun.await("the next item after the skip", Duration.ofSeconds(10),
                        () -> StationRun.metricSum(base, "paperradio_air_items_total\\{kind=\"[a-z]+\"\\}") > before);

                // drop the good paper: off the queue and the reruns, failed for good with the operator's reason
                HttpResponse<String> dropped = post(base, "api/admin/papers/" + good + "/drop", "Bearer " + TOKEN);
                assertThat(dropped.statusCode()).as(dropped.body()).isEqualTo(200);
                assertThat(store.load(TestPapers.get(0).id()).failure().reason()).contains("dropped by the operator");
                // requeue the failed one: back in front of fetch (it fails again: the feed still serves HTML)
                String bad = TestPapers.get(2).id().toString();
                HttpResponse<String> requeued = post(base, "api/admin/papers/" + bad + "/requeue", "Bearer " + TOKEN);
                assertThat(requeued.statusCode()).as(requeued.body()).isEqualTo(200);
                StationRun.await("the requeued paper failed again", Duration.ofSeconds(30), () ->
                        StationRun.metric(base, "paperradio_stage_failures_total\\{reason=\"BadInputException\",stage=\"fetch\"\\}") == 2);
                assertThat(post(base, "api/admin/papers/2501.99999v9/requeue", "Bearer " + TOKEN).statusCode())
                        .isEqualTo(404);
                assertThat(post(base, "api/admin/papers/..%2f..%2fetc/drop", "Bearer " + TOKEN).statusCode())
                        .isEqualTo(400);

                // a show now: accepted, made by the scheduler's next tick
                HttpResponse<String> show = post(base, "api/admin/shows/daily/now", "Bearer " + TOKEN);
                assertThat(show.statusCode()).as(show.body()).isEqualTo(202);
                assertThat(JSON.readTree(show.body()).path("subject").asText()).startsWith("daily-");
                assertThat(post(base, "api/admin/shows/monthly/now", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
                assertThat(store.load(TestPapers.get(0).id()).stage()).isNotEqualTo(Stage.DISCOVERED);
            }
        }
    }

    @Test
    void withoutATokenTheAdminApiIsOff() throws Exception {
        try (FakeArxiv arxiv = new FakeArxiv()) {
            StationConfig config = new ConfigLoader().parse(StationRun.config(arxiv.base(), dir.resolve("data")), "t.yaml");
            try (Station station = new Station(config, Clock.systemUTC(), Map.<String, String>of()::get)) {
                station.start();
                URI base = URI.create("http://127.0.0.1:" + station.port() + "/");
                assertThat(post(base, "api/admin/skip", "Bearer anything").statusCode()).isEqualTo(404);
                assertThat(get(base, "api/admin/status", "Bearer ").statusCode()).isEqualTo(404);
                assertThat(get(base, "health", null).statusCode()).isEqualTo(200);
            }
        }
    }

    private int status(URI base, String path) {
        try {
            return get(base, path, null).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private HttpResponse<String> get(URI base, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(URI base, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
