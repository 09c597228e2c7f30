package org.paperradio.stream.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.ConfigLoader;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.testing.ChatServer;
import org.paperradio.stream.testing.LogCapture;

/**
 * The whole station run with a fake secret in every environment variable its config names (the
 * LLM key, the speech server key, the Icecast source password, the RTMP stream key, Twitch's
 * client id and token, the admin token), while every one of those services fails: the model
 * answers 401 and 500, the speech server 500, Icecast and RTMP are closed ports, and a client
 * tries the admin API with wrong tokens (and once with the right one). The failures are logged,
 * at DEBUG too, but no secret (nor its Basic-auth encoding) appears in any log line, in any file
 * the station wrote, or in any HTTP answer.
 */
class SecretsNotLoggedTest {

    private static final String LLM_KEY = "sk-fake-llm-key-5e7a1c0042";
    private static final String SPEECH_KEY = "sk-fake-speech-key-9b3d77";
    private static final String ICECAST_PASSWORD = "icecast-source-pw-4f1e";
    private static final String STREAM_KEY = "live_rtmp_streamkey_8c2f";
    private static final String TWITCH_CLIENT = "twitchclientid3a9d";
    private static final String TWITCH_TOKEN = "oauth-twitch-token-61bb";
    private static final String ADMIN_TOKEN = "admin-token-ffee-2203";
    private static final String SUMMARY = """
            {"gist": "A new look at an old question.", "problem": "The question is hard.",
             "key_idea": "Look at it from the other side.", "method": "A careful study.", "results": [],
             "limitations": "The paper is short.", "why_it_matters": "Others can build on it.",
             "interest": {"score": 7, "reason": "A clear and useful idea."}}""";

    @TempDir
    Path dir;

    /** A loopback port nothing listens on (bound, then closed). */
    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void noSecretReachesTheLogsTheDataFolderOrTheApi() throws Exception {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("TEST_LLM_KEY", LLM_KEY);
        secrets.put("TEST_SPEECH_KEY", SPEECH_KEY);
        secrets.put("TEST_ICECAST_PASSWORD", ICECAST_PASSWORD);
        secrets.put("TEST_STREAM_KEY", STREAM_KEY);
        secrets.put("TWITCH_CLIENT_ID", TWITCH_CLIENT);
        secrets.put("TWITCH_OAUTH_TOKEN", TWITCH_TOKEN);
        secrets.put("TEST_ADMIN_TOKEN", ADMIN_TOKEN);
        // what a careless log line would show instead of the secret itself
        Map<String, String> forms = new LinkedHashMap<>();
        secrets.values().forEach(s -> forms.put(s, s));
        String basic = Base64.getEncoder().encodeToString(("source:" + ICECAST_PASSWORD).getBytes(StandardCharsets.UTF_8));
        forms.put(basic, "the Icecast password as Basic auth");

        int icecastPort = closedPort();
        int rtmpPort = closedPort();
        List<String> answers = new ArrayList<>();
        try (LogCapture logs = new LogCapture(); FakeArxiv arxiv = new FakeArxiv(); ChatServer llm = new ChatServer();
             MockWebServer speech = new MockWebServer()) {
            StationRun.serveGood(arxiv, 0);
            // the model fails, then refuses the key (saying which one it got, masked, as OpenAI does), then answers
            llm.status(500).status(401, "Incorrect API key provided: sk-fake-******0042.").answerWith(req -> SUMMARY);
            speech.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse().setResponseCode(500).setBody("{\"error\": \"speech server down\"}");
                }
            });
            speech.start();
            Path data = dir.resolve("data");
            String yaml = StationRun.config(arxiv.base(), data) + """
                    llm:
                      provider: openai
                      baseUrl: %s
                      model: test-model
                      apiKeyEnv: TEST_LLM_KEY
                      timeout: 5s
                    admin:
                      tokenEnv: TEST_ADMIN_TOKEN
                    speech:
                      backend: server
                      server:
                        baseUrl: %s
                        apiKeyEnv: TEST_SPEECH_KEY
                        timeout: 5s
                    video: {enabled: true, width: 320, height: 180, fps: 25, bitrate: 200}
                    rtmp:
                      - {name: closed, url: "rtmp://127.0.0.1:%d/app", keyEnv: TEST_STREAM_KEY}
                    icecast:
                      - {name: relay, url: "http://127.0.0.1:%d/live.mp3", passwordEnv: TEST_ICECAST_PASSWORD}
                    twitch:
                      clientIdEnv: TWITCH_CLIENT_ID
                      tokenEnv: TWITCH_OAUTH_TOKEN
                    """.formatted(llm.baseUrl(), speech.url("/").uri(), rtmpPort, icecastPort);
            StationConfig config = new ConfigLoader().parse(yaml, "test.yaml");

            try (Station station = new Station(config, Clock.systemUTC(), secrets::get)) {
                station.start();
                // long enough for every failing service to be tried and logged, at least once,
                // and on for a while: reconnects, retries and the first paper's way to air log more
                long started = System.nanoTime();
                while (System.nanoTime() - started < Duration.ofSeconds(25).toNanos()
                        && (System.nanoTime() - started < Duration.ofSeconds(15).toNanos() || !(llm.requests().size() >= 1
                        && speech.getRequestCount() >= 1 && mentioned(logs, "icecast") && mentioned(logs, "rtmp")))) {
                    Thread.sleep(200);
                }

                URI base = URI.create("http://127.0.0.1:" + station.port() + "/");
                HttpClient client = HttpClient.newHttpClient();
                for (String path : List.of("api/now", "api/selection", "api/shows", "api/schedule", "feeds/daily.xml",
                        "feeds/segments.xml", "", "archive", "metrics", "api/search?q=question")) {
                    answers.add(send(client, HttpRequest.newBuilder(base.resolve(path)).GET()));
                }
                for (String auth : List.of("Bearer wrong", "Bearer " + ADMIN_TOKEN.substring(0, 10),
                        "Bearer " + ADMIN_TOKEN + "x", "Basic " + ADMIN_TOKEN, "Bearer " + ADMIN_TOKEN)) {
                    answers.add(send(client, HttpRequest.newBuilder(base.resolve("api/config/reload"))
                            .header("Authorization", auth).POST(HttpRequest.BodyPublishers.noBody())));
                    answers.add(send(client, HttpRequest.newBuilder(base.resolve("api/admin/status"))
                            .header("Authorization", auth).GET()));
                    if (!auth.equals("Bearer " + ADMIN_TOKEN)) {
                        assertThat(answers.subList(answers.size() - 2, answers.size()))
                                .as("admin routes with %s", auth).allMatch(a -> a.startsWith("401 ") || a.startsWith("404 "));
                    }
                }
                // the operator's controls with a wrong token: refused, and the token they carry is not logged either
                for (String path : List.of("api/admin/skip", "api/admin/reload", "api/admin/stages/voice/pause")) {
                    answers.add(send(client, HttpRequest.newBuilder(base.resolve(path))
                            .header("Authorization", "Bearer " + ADMIN_TOKEN.substring(0, 10))
                            .POST(HttpRequest.BodyPublishers.noBody())));
                    assertThat(answers.get(answers.size() - 1)).as(path).matches("(?s)(401|404) .*");
                }
            }

            // the secrets were in use: the model and the speech server were sent their keys, the outputs failed and said so
            assertThat(mentioned(logs, "icecast")).as("an Icecast failure was logged").isTrue();
            assertThat(mentioned(logs, "rtmp")).as("an RTMP failure was logged").isTrue();
            assertThat(llm.requests()).anySatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + LLM_KEY));
            assertThat(speech.takeRequest().getHeader("Authorization")).isEqualTo("Bearer " + SPEECH_KEY);

            List<String> lines = logs.lines();
            List<String> leaks = new ArrayList<>();
            for (String line : lines) {
                forms.forEach((form, what) -> {
                    if (line.contains(form)) {
                        leaks.add("log line with " + what + ": " + line);
                    }
                });
            }
            try (Stream<Path> files = Files.walk(data)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    if (Files.size(f) < 50_000_000) {
                        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                        forms.forEach((form, what) -> {
                            if (text.contains(form)) {
                                leaks.add("file " + data.relativize(f) + " holds " + what);
                            }
                        });
                    }
                }
            }
            for (String answer : answers) {
                forms.forEach((form, what) -> {
                    if (answer.contains(form)) {
                        leaks.add("HTTP answer " + answer.lines().findFirst().orElse("") + " holds " + what);
                    }
                });
            }
            assertThat(leaks).as("%d log lines checked", lines.size()).isEmpty();
        }
    }

    /** Whether a WARN or ERROR line mentions {@code text} (any case): a failure was logged. */
    private static boolean mentioned(LogCapture logs, String text) {
        return logs.lines().stream().anyMatch(l -> (l.startsWith("WARN") || l.startsWith("ERROR"))
                && l.toLowerCase(Locale.ROOT).contains(text));
    }

    /** The answer as "status uri" on its first line, then headers and body, for the leak check. */
    private static String send(HttpClient client, HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.request().method() + " " + r.uri() + "\n" + r.headers().map() + "\n" + r.body();
    }
}
