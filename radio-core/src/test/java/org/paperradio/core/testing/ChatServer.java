package org.paperradio.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;

/**
 * A chat model on loopback for tests: a real HTTP server speaking OpenAI's chat-completions
 * protocol ({@code POST {baseUrl}/chat/completions}) and Ollama's native one
 * ({@code POST {ollamaBaseUrl}/api/chat}), answering from a script. Scripted replies are used
 * in order, one per request; when the script is empty the default answerer (see
 * {@link #answerWith}) writes the answer from the prompt, and without one the server answers
 * 500 so a test notices it asked more than it scripted. Every request is recorded.
 *
 * <pre>{@code
 * try (ChatServer chat = new ChatServer()) {
 *     chat.answer("Hello, listeners.").status(500).answerWith(seen -> "echo: " + seen.user());
 *     ... new StationConfig.Llm("openai", chat.baseUrl(), ...) ...
 * }
 * }</pre>
 */
public final class ChatServer implements AutoCloseable {

    /** What one request asked: the model, the system and last user message, the Authorization header. */
    public record ChatRequestSeen(String model, String system, String user, String authorization) {
    }

    private sealed interface Reply {
    }

    private record Text(String content) implements Reply {
    }

    private record Status(int code, String message) implements Reply {
    }

    private record RateLimited(Duration retryAfter) implements Reply {
    }

    private record Hang() implements Reply {
    }

    private record Raw(String body) implements Reply {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final MockWebServer server = new MockWebServer();
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<ChatRequestSeen> seen = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Function<ChatRequestSeen, String> answerer;
    private volatile Duration delay = Duration.ZERO;

    public ChatServer() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return reply(request);
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    /** The OpenAI-compatible base URL (ends with {@code /v1}). */
    public URI baseUrl() {
        return server.url("/v1").uri();
    }

    /** The base URL for Ollama's native API (the server root). */
    public URI ollamaBaseUrl() {
        return server.url("/").uri();
    }

    /** Next: a well-formed completion (OpenAI's or Ollama's format, as asked) whose content is {@code content}. */
    public synchronized ChatServer answer(String content) {
        script.add(new Text(Objects.requireNonNull(content)));
        return this;
    }

    /** Next: an HTTP error with a body in the protocol's error format. */
    public ChatServer status(int code) {
        return status(code, "ChatServer scripted HTTP " + code);
    }

    /** Next: an HTTP error whose error message is {@code message}. */
    public synchronized ChatServer status(int code, String message) {
        script.add(new Status(code, message));
        return this;
    }

    /** Next: 429 with a {@code Retry-After} header (whole seconds, rounded up). */
    public synchronized ChatServer rateLimited(Duration retryAfter) {
        script.add(new RateLimited(retryAfter));
        return this;
    }

    /** Next: no response at all; the connection stays open until the client gives up. */
    public synchronized ChatServer hang() {
        script.add(new Hang());
        return this;
    }

    /** Next: 200 with exactly this body (e.g. malformed JSON). */
    public synchronized ChatServer raw(String body) {
        script.add(new Raw(body));
        return this;
    }

    /** Answers requests when the script is empty, from what was asked. */
    public ChatServer answerWith(Function<ChatRequestSeen, String> answerer) {
        this.answerer = answerer;
        return this;
    }

    /** Every answer (scripted or default) takes this long before it is sent: a slow model. */
    public ChatServer delayAnswers(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** The chat requests seen so far, in order. */
    public List<ChatRequestSeen> requests() {
        return List.copyOf(seen);
    }

    /** The raw JSON bodies of the chat requests seen so far, in order. */
    public List<String> requestBodies() {
        return List.copyOf(bodies);
    }

    /** The most requests that were being answered at the same moment. */
    public int maxConcurrent() {
        return maxInFlight.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private MockResponse reply(RecordedRequest request) {
        String path = request.getRequestUrl() == null ? "" : request.getRequestUrl().encodedPath();
        boolean openAi = path.equals("/v1/chat/completions");
        boolean ollama = path.equals("/api/chat");
        if (!"POST".equals(request.getMethod()) || !(openAi || ollama)) {
            return error(openAi, 404, "ChatServer: no such endpoint " + request.getMethod() + " " + path);
        }
        String body = request.getBody().readUtf8();
        ChatRequestSeen asked;
        try {
            asked = parse(json.readTree(body), request.getHeader("Authorization"));
        } catch (IOException | RuntimeException e) {
            return error(openAi, 400, "ChatServer: the request is not a chat request: " + e.getMessage());
        }
        seen.add(asked);
        bodies.add(body);
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            Reply reply;
            synchronized (this) {
                reply = script.poll();
            }
            if (reply == null) {
                Function<ChatRequestSeen, String> a = answerer;
                if (a == null) {
                    return error(openAi, 500, "ChatServer: nothing scripted and no default answerer");
                }
                reply = new Text(a.apply(asked));
            }
            if (reply instanceof Text && !delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            return switch (reply) {
                case Text t -> json(200, openAi ? completion(asked, t.content()) : ollamaCompletion(asked, t.content()));
                case Status s -> error(openAi, s.code(), s.message());
                case RateLimited r -> error(openAi, 429, "Rate limit reached; try again later")
                        .setHeader("Retry-After", String.valueOf((r.retryAfter().toMillis() + 999) / 1000));
                case Hang h -> new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
                case Raw r -> new MockResponse().setResponseCode(200)
                        .setHeader("Content-Type", "application/json").setBody(r.body());
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static ChatRequestSeen parse(JsonNode request, String authorization) {
        List<String> system = new ArrayList<>();
        String user = null;
        for (JsonNode m : request.path("messages")) {
            String role = m.path("role").asText();
            String content = content(m.path("content"));
            if (role.equals("system")) {
                system.add(content);
            } else if (role.equals("user")) {
                user = content;
            }
        }
        return new ChatRequestSeen(request.path("model").asText(null), system.isEmpty() ? null : String.join("\n", system),
                user, authorization);
    }

    /** A message's content: a string, or OpenAI's list of parts of which the text ones count. */
    private static String content(JsonNode content) {
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                if (part.path("type").asText().equals("text")) {
                    sb.append(part.path("text").asText());
                }
            }
            return sb.toString();
        }
        return content.asText(null);
    }

    private ObjectNode completion(ChatRequestSeen asked, String content) {
        ObjectNode c = json.createObjectNode();
        c.put("id", "chatcmpl-chatserver" + ids.incrementAndGet());
        c.put("object", "chat.completion");
        c.put("created", Instant.now().getEpochSecond());
        c.put("model", asked.model());
        c.put("system_fingerprint", "fp_chatserver");
        ObjectNode choice = c.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        int prompt = tokens(asked.system()) + tokens(asked.user());
        int completion = tokens(content);
        ObjectNode usage = c.putObject("usage");
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        return c;
    }

    private ObjectNode ollamaCompletion(ChatRequestSeen asked, String content) {
        ObjectNode c = json.createObjectNode();
        c.put("model", asked.model());
        c.put("created_at", Instant.now().toString());
        ObjectNode message = c.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        c.put("done_reason", "stop");
        c.put("done", true);
        c.put("total_duration", 1_000_000L);
        c.put("load_duration", 100_000L);
        c.put("prompt_eval_count", tokens(asked.system()) + tokens(asked.user()));
        c.put("prompt_eval_duration", 400_000L);
        c.put("eval_count", tokens(content));
        c.put("eval_duration", 500_000L);
        return c;
    }

    /** A rough token count (about one per word) for the usage numbers. */
    private static int tokens(String text) {
        return text == null || text.isBlank() ? 0 : text.strip().split("\\s+").length;
    }

    private MockResponse error(boolean openAi, int code, String message) {
        ObjectNode e = json.createObjectNode();
        if (openAi) {
            ObjectNode err = e.putObject("error");
            err.put("message", message);
            err.put("type", code == 429 ? "requests" : code >= 500 ? "server_error" : "invalid_request_error");
            err.putNull("param");
            err.putNull("code");
        } else {
            e.put("error", message);
        }
        return json(code, e);
    }

    private MockResponse json(int code, ObjectNode body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(body.toString());
    }
}
