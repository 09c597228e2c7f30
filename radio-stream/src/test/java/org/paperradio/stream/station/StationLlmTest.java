package org.paperradio.stream.station;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.ConfigLoader;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.testing.ChatServer;
import org.paperradio.ingest.testing.TestPapers;

/**
 * The whole station with its writer on a chat-completions server on loopback: papers are
 * summarised and written by the model and go on air; the API shows each paper's summary with its
 * provenance and the selection's decision; the prompt reload is guarded by the admin token.
 */
class StationLlmTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SUMMARY = """
            {"gist": "A new look at an old question.", "problem": "The question is hard.",
             "key_idea": "Look at it from the other side.", "method": "A careful study.", "results": [],
             "limitations": "The paper is short.", "why_it_matters": "Others can build on it.",
             "interest": {"score": 7, "reason": "A clear and useful idea."}}""";
    static final String SEGMENT = """
            {"lines": [
              {"speaker": "Ada", "text": "Welcome back. We have a paper that turns an old question around."},
              {"speaker": "Ben", "text": "So what is the trick?"},
              {"speaker": "Ada", "text": "They look at the problem from the other side, and it gets easier."},
              {"speaker": "Ben", "text": "I like that it admits it is a short study."},
              {"speaker": "Ada", "text": "That is all for this one. Stay with us."}
            ]}""";

    @TempDir
    Path dir;

    @Test
    void theModelWritesWhatGoesOnAirAndTheApiShowsWhy() throws Exception {
        try (FakeArxiv arxiv = new FakeArxiv(); ChatServer llm = new ChatServer()) {
            StationRun.serveGood(arxiv, 0);
            StationRun.serveGood(arxiv, 1);
            llm.answerWith(req -> req.user().startsWith("Write a radio segment") ? SEGMENT : SUMMARY);
            Path data = dir.resolve("data");
            String yaml = StationRun.config(arxiv.base(), data) + """
                    llm:
                      provider: openai
                      baseUrl: %s
                      model: test-model
                      apiKeyEnv: TEST_LLM_KEY
                      timeout: 10s
                    admin:
                      tokenEnv: TEST_ADMIN_TOKEN
                    """.formatted(llm.baseUrl());
            StationConfig config = new ConfigLoader().parse(yaml, "test.yaml");
            Map<String, String> env = Map.of("TEST_LLM_KEY", "sk-station-test", "TEST_ADMIN_TOKEN", "s3cret-admin");
            Set<String> good = Set.of(TestPapers.get(0).id().toString(), TestPapers.get(1).id().toString());

            try (Station station = new Station(config, Clock.systemUTC(), env::get)) {
                station.start();
                URI base = URI.create("http://127.0.0.1:" + station.port() + "/");
                HttpClient client = HttpClient.newHttpClient();
                AtomicReference<String> onAir = new AtomicReference<>();
                StationRun.await("a paper written by the model on air", Duration.ofMinutes(3), () ->
                        StationEndToEndTest.now(client, base)
                                .filter(n -> good.contains(n.path("paperId").asText()))
                                .map(n -> {
                                    onAir.set(n.path("paperId").asText());
                                    return true;
                                }).orElse(false));
                String id = onAir.get();

                // its script and its audio are the model's
                Path folder = data.resolve("papers").resolve(org.paperradio.core.paper.ArxivId.parse(id).folderName());
                JsonNode script = JSON.readTree(Files.readString(folder.resolve("script.json")));
                assertThat(script.path("writtenBy").asText()).startsWith("llm ").contains("test-model")
                        .contains("segment.txt@");
                assertThat(Files.readString(folder.resolve("audio/timing.json"))).contains("turns an old question around");

                // the API shows the summary, who produced it, and why the paper was chosen
                JsonNode paper = get(client, base.resolve("api/papers/" + id), 200);
                assertThat(paper.path("summary").path("gist").asText()).isEqualTo("A new look at an old question.");
                assertThat(paper.path("summary").path("interest").asInt()).isEqualTo(7);
                assertThat(paper.path("summary").path("producedBy").path("model").asText()).contains("test-model");
                assertThat(paper.path("summary").path("producedBy").path("prompts").has("summary.txt")).isTrue();
                assertThat(paper.path("pick").path("outcome").asText()).isEqualTo("chosen");
                assertThat(paper.path("pick").path("reasons").toString()).contains("interest 7/10");
                JsonNode selection = get(client, base.resolve("api/selection"), 200);
                assertThat(selection.path("recent").findValuesAsText("paper")).contains(id);

                // the paper went to the model as quoted data, with the key from the environment
                assertThat(llm.requests()).anySatisfy(r -> {
                    assertThat(r.user()).contains("<data name=\"paper_text\">");
                    assertThat(r.authorization()).isEqualTo("Bearer sk-station-test");
                });

                // the prompt reload is the admin's
                assertThat(post(client, base.resolve("api/config/reload"), null).statusCode()).isEqualTo(401);
                assertThat(post(client, base.resolve("api/config/reload"), "Bearer wrong").statusCode()).isEqualTo(401);
                HttpResponse<String> reload = post(client, base.resolve("api/config/reload"), "Bearer s3cret-admin");
                assertThat(reload.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(reload.body()).path("versions").has("segment.txt")).isTrue();

                // the station serves its podcast feeds (links to the address the request came to)
                HttpResponse<String> feed = client.send(HttpRequest.newBuilder(base.resolve("feeds/daily.xml")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(feed.statusCode()).isEqualTo(200);
                assertThat(feed.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                        .startsWith("application/rss+xml"));
                assertThat(feed.body()).contains("<rss").contains(base.resolve("feeds/daily.xml").toString());

                // a listener's request is counted
                HttpResponse<String> asked = post(client, base.resolve("api/papers/" + id + "/request"), null);
                assertThat(asked.statusCode()).isEqualTo(202);
                assertThat(JSON.readTree(asked.body()).path("requests").asInt()).isEqualTo(1);
            }
        }
    }

    private static JsonNode get(HttpClient client, URI uri, int status) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> post(HttpClient client, URI uri, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
