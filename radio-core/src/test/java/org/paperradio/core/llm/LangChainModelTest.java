package org.paperradio.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.llm.LlmException.Kind;
import org.paperradio.core.testing.ChatServer;

class LangChainModelTest {

    private static final String KEY = "sk-test-5f1d9a0c7e";
    private static final Map<String, String> ENV = Map.of("RADIO_TEST_LLM_KEY", KEY);

    private final ObjectMapper json = new ObjectMapper();
    private ChatServer chat;

    @BeforeEach
    void start() throws IOException {
        chat = new ChatServer();
    }

    @AfterEach
    void stop() throws IOException {
        chat.close();
    }

    static StationConfig.Llm config(String provider, URI baseUrl, Duration timeout, int concurrency) {
        return new StationConfig.Llm(provider, baseUrl, "tiny-model", "RADIO_TEST_LLM_KEY", timeout, 321, 0.25,
                concurrency, 4096, null);
    }

    private LanguageModel openAi(Duration timeout) {
        return LanguageModels.create(config("openai", chat.baseUrl(), timeout, 2), ENV::get).orElseThrow();
    }

    private LlmException failure(LanguageModel model) {
        LlmException e = catchThrowableOfType(LlmException.class, () -> model.chat("You are a radio host.", "Hi"));
        assertThat(e).as("the call should fail").isNotNull();
        assertThat(e.getMessage()).doesNotContain(KEY).contains("openai:tiny-model");
        return e;
    }

    @Test
    void sendsModelPromptsLimitsAndKeyAndReturnsTheAnswer() throws Exception {
        chat.answer("  Good evening, listeners.  ");
        LanguageModel model = openAi(Duration.ofSeconds(10));

        Answer answer = model.chat("You are Ada, a radio host.", "Introduce paper 2401.00001.");

        assertThat(model.model()).isEqualTo("openai:tiny-model");
        assertThat(answer.text()).isEqualTo("Good evening, listeners.");
        assertThat(answer.model()).isEqualTo("openai:tiny-model");
        assertThat(answer.took()).isPositive().isLessThan(Duration.ofSeconds(10));
        assertThat(chat.requests()).containsExactly(new ChatServer.ChatRequestSeen("tiny-model",
                "You are Ada, a radio host.", "Introduce paper 2401.00001.", "Bearer " + KEY));
        JsonNode body = json.readTree(chat.requestBodies().get(0));
        assertThat(body.path("max_tokens").asInt()).isEqualTo(321);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.25);
        assertThat(body.path("stream").asBoolean()).isFalse();
    }

    @Test
    void withoutAKeyInTheEnvironmentSendsAPlaceholder() throws Exception {
        chat.answer("fine");
        LanguageModel model = LanguageModels.create(config("openai", chat.baseUrl(), Duration.ofSeconds(10), 1),
                name -> null).orElseThrow();

        model.chat("s", "u");

        assertThat(chat.requests().get(0).authorization()).isEqualTo("Bearer not-needed");
    }

    @Test
    void providerNoneMeansNoModel() {
        assertThat(LanguageModels.create(new StationConfig.Llm(null, null, null, null, null, null, null, null, null,
                null), ENV::get)).isEmpty();
    }

    @Test
    void serverErrorIsServerError() {
        chat.status(500);
        LlmException e = failure(openAi(Duration.ofSeconds(10)));
        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.getMessage()).contains("500");
        assertThat(e.retryAfter()).isEmpty();
    }

    @Test
    void badKeyIsRejectedAndTheEchoedKeyIsNotRepeated() {
        // OpenAI's 401 body names the key it was given
        chat.status(401, "Incorrect API key provided: " + KEY + ". You can find your API key at ...");
        LlmException e = failure(openAi(Duration.ofSeconds(10)));
        assertThat(e.kind()).isEqualTo(Kind.REJECTED);
        assertThat(e.getMessage()).contains("401").contains("Incorrect API key provided: ***");
    }

    @Test
    void unknownModelIsRejected() {
        chat.status(404, "The model `tiny-model` does not exist");
        assertThat(failure(openAi(Duration.ofSeconds(10))).kind()).isEqualTo(Kind.REJECTED);
    }

    @Test
    void rateLimitCarriesRetryAfter() {
        chat.rateLimited(Duration.ofSeconds(7));
        LlmException e = failure(openAi(Duration.ofSeconds(10)));
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void aHangingServerTimesOut() {
        chat.hang();
        long start = System.nanoTime();
        LlmException e = failure(openAi(Duration.ofSeconds(1)));
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(waited).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
    }

    @Test
    void aTricklingBodyTimesOut() throws IOException {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
                    .setBody("{\"choices\": []," + " ".repeat(200) + "}").throttleBody(20, 1, TimeUnit.SECONDS));
            server.start(InetAddress.getLoopbackAddress(), 0);
            LanguageModel model = LanguageModels.create(config("openai", server.url("/v1").uri(),
                    Duration.ofSeconds(1), 1), ENV::get).orElseThrow();
            long start = System.nanoTime();
            assertThat(failure(model).kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void retryAfterAsAnHttpDate() throws IOException {
        try (MockWebServer server = new MockWebServer()) {
            String in30s = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
            server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", in30s));
            server.start(InetAddress.getLoopbackAddress(), 0);
            LanguageModel model = LanguageModels.create(config("openai", server.url("/v1").uri(),
                    Duration.ofSeconds(5), 1), ENV::get).orElseThrow();
            LlmException e = failure(model);
            assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
            assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(27),
                    Duration.ofSeconds(30)));
        }
    }

    @Test
    void malformedJsonIsEmpty() {
        chat.raw("{\"choices\": [ {\"message\": ");
        assertThat(failure(openAi(Duration.ofSeconds(10))).kind()).isEqualTo(Kind.EMPTY);
    }

    @Test
    void jsonThatIsNoCompletionIsEmpty() {
        chat.raw("{}").raw("[1, 2, 3]").raw("<html>proxy login</html>");
        LanguageModel model = openAi(Duration.ofSeconds(10));
        for (int i = 0; i < 3; i++) {
            assertThat(failure(model).kind()).as("answer %d", i).isEqualTo(Kind.EMPTY);
        }
        assertThat(chat.requests()).hasSize(3);
    }

    @Test
    void blankContentIsEmpty() {
        chat.answer("   \n ");
        assertThat(failure(openAi(Duration.ofSeconds(10))).kind()).isEqualTo(Kind.EMPTY);
    }

    @Test
    void anOversizedAnswerIsEmpty() {
        chat.raw("{\"pad\": \"" + "a".repeat(HttpTransport.MAX_ANSWER_BYTES) + "\"}");
        assertThat(failure(openAi(Duration.ofSeconds(10))).kind()).isEqualTo(Kind.EMPTY);
    }

    @Test
    void aClosedPortIsUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        LanguageModel model = LanguageModels.create(config("openai", URI.create("http://127.0.0.1:" + port + "/v1"),
                Duration.ofSeconds(5), 1), ENV::get).orElseThrow();
        LlmException e = failure(model);
        assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(e.getMessage()).contains("127.0.0.1:" + port);
    }

    @Test
    void neverMoreCallsAtOnceThanConfigured() throws Exception {
        chat.answerWith(seen -> "answer to " + seen.user()).delayAnswers(Duration.ofMillis(300));
        LanguageModel model = openAi(Duration.ofSeconds(10));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String user = "question " + i;
                answers.add(pool.submit(() -> model.chat("s", user)));
            }
            for (int i = 0; i < 6; i++) {
                assertThat(answers.get(i).get().text()).isEqualTo("answer to question " + i);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(chat.requests()).hasSize(6);
        assertThat(chat.maxConcurrent()).isEqualTo(2);
    }

    @Test
    void ollamaNativeApi() throws Exception {
        chat.answer("Hallo from Ollama.").status(500);
        LanguageModel model = LanguageModels.create(config("ollama", chat.ollamaBaseUrl(), Duration.ofSeconds(10), 1),
                ENV::get).orElseThrow();

        Answer answer = model.chat("You are Ben.", "Say hello.");

        assertThat(model.model()).isEqualTo("ollama:tiny-model");
        assertThat(answer.text()).isEqualTo("Hallo from Ollama.");
        assertThat(answer.model()).isEqualTo("ollama:tiny-model");
        ChatServer.ChatRequestSeen seen = chat.requests().get(0);
        assertThat(seen.model()).isEqualTo("tiny-model");
        assertThat(seen.system()).isEqualTo("You are Ben.");
        assertThat(seen.user()).isEqualTo("Say hello.");
        JsonNode options = json.readTree(chat.requestBodies().get(0)).path("options");
        assertThat(options.path("num_predict").asInt()).isEqualTo(321);
        assertThat(options.path("temperature").asDouble()).isEqualTo(0.25);
        assertThat(options.path("num_ctx").asInt()).isEqualTo(4096);

        LlmException e = catchThrowableOfType(LlmException.class, () -> model.chat("s", "again"));
        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
    }
}
