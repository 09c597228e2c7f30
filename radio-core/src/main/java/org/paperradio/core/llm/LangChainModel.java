package org.paperradio.core.llm;

import com.fasterxml.jackson.core.JacksonException;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import org.paperradio.core.llm.LlmException.Kind;

/**
 * A {@link LanguageModel} over a LangChain4j {@link ChatModel} (built by {@link LanguageModels}):
 * at most {@code concurrency} calls at once (a fair semaphore, so waiting writers go in order),
 * and every LangChain4j or HTTP failure turned into an {@link LlmException} of the right kind.
 */
public final class LangChainModel implements LanguageModel {

    private static final Pattern SANE_MODEL_NAME = Pattern.compile("[A-Za-z0-9._:/@+\\-]{1,100}");
    private static final int MAX_DETAIL = 200;

    private final String provider;
    private final String name;
    private final ChatModel delegate;
    private final Semaphore permits;
    private final String endpoint;
    private final String secret;

    /**
     * @param provider  {@code openai} or {@code ollama}
     * @param name      the configured model name
     * @param endpoint  the server, named in messages (credentials in it are not shown)
     * @param secret    the API key, removed from any message that might echo it (may be empty)
     */
    LangChainModel(String provider, String name, ChatModel delegate, int concurrency, URI endpoint, String secret) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.name = Objects.requireNonNull(name, "name");
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
        }
        this.permits = new Semaphore(concurrency, true);
        this.endpoint = shown(endpoint);
        this.secret = secret == null ? "" : secret;
    }

    @Override
    public String model() {
        return provider + ":" + name;
    }

    @Override
    public Answer chat(String system, String user) throws LlmException {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("the user prompt is empty");
        }
        List<ChatMessage> messages = new ArrayList<>(2);
        if (system != null && !system.isBlank()) {
            messages.add(SystemMessage.from(system));
        }
        messages.add(UserMessage.from(user));
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException(Kind.UNAVAILABLE, model() + ": interrupted while waiting for a free slot");
        }
        long start = System.nanoTime();
        try {
            ChatResponse response = delegate.chat(ChatRequest.builder().messages(messages).build());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            String text = response == null || response.aiMessage() == null ? null : response.aiMessage().text();
            if (text == null || text.isBlank()) {
                throw new LlmException(Kind.EMPTY, model() + " at " + endpoint + " answered with no text");
            }
            return new Answer(text.strip(), answeredBy(response), took);
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new LlmException(Kind.UNAVAILABLE, model() + ": interrupted while waiting for the answer",
                        null, null);
            }
            throw classify(e, Duration.ofNanos(System.nanoTime() - start));
        } finally {
            permits.release();
        }
    }

    /** The server's own name for the model (e.g. a dated version) when it gives a sane one. */
    private String answeredBy(ChatResponse response) {
        String said = response.modelName();
        return said != null && SANE_MODEL_NAME.matcher(said).matches() ? provider + ":" + said : model();
    }

    /** Sorts a failure by what it means for the station, looking through the whole cause chain. */
    private LlmException classify(RuntimeException e, Duration after) {
        List<Throwable> chain = chain(e);
        String who = model() + " at " + endpoint;
        for (Throwable t : chain) {
            if (t instanceof HttpException h) {
                int status = h.statusCode();
                Duration retryAfter = t instanceof HttpTransport.StatusException s ? s.retryAfter().orElse(null) : null;
                Kind kind = status == 429 ? Kind.RATE_LIMITED
                        : status == 408 ? Kind.TIMEOUT
                        : status >= 500 ? Kind.SERVER_ERROR
                        : Kind.REJECTED;
                String message = who + " answered HTTP " + status + detail(h.getMessage())
                        + (retryAfter != null ? " (retry after " + retryAfter.toSeconds() + " s)" : "");
                return new LlmException(kind, message, retryAfter, null);
            }
        }
        if (has(chain, HttpTimeoutException.class, SocketTimeoutException.class,
                dev.langchain4j.exception.TimeoutException.class)) {
            return new LlmException(Kind.TIMEOUT, who + " gave no answer within the timeout (waited "
                    + after.toMillis() + " ms)", null, null);
        }
        if (has(chain, ConnectException.class, UnknownHostException.class, UnresolvedAddressException.class,
                NoRouteToHostException.class, UnresolvedModelServerException.class)) {
            return new LlmException(Kind.UNREACHABLE, who + " cannot be reached (" + describe(chain) + ")",
                    null, null);
        }
        if (has(chain, JacksonException.class)) {
            return new LlmException(Kind.EMPTY, who + " answered with malformed JSON", null, null);
        }
        if (has(chain, IOException.class)) {
            return new LlmException(Kind.UNREACHABLE, who + ": the connection failed (" + describe(chain) + ")",
                    null, null);
        }
        // A 200 that LangChain4j could not read as a chat answer (no choices, wrong shape).
        return new LlmException(Kind.EMPTY, who + " answered with something that is not a chat answer ("
                + describe(chain) + ")", null, null);
    }

    private static List<Throwable> chain(Throwable e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> out = new ArrayList<>();
        for (Throwable t = e; t != null && seen.add(t) && out.size() < 32; t = t.getCause()) {
            out.add(t);
        }
        return out;
    }

    @SafeVarargs
    private static boolean has(List<Throwable> chain, Class<? extends Throwable>... types) {
        for (Throwable t : chain) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The innermost exception's class and message: usually the one that says what happened. */
    private String describe(List<Throwable> chain) {
        Throwable root = chain.get(chain.size() - 1);
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + clean(message));
    }

    private String detail(String body) {
        return body == null || body.isBlank() ? "" : ": " + clean(body);
    }

    /** One line, bounded, and without the key (an error body may echo the Authorization header). */
    private String clean(String text) {
        String s = text.replaceAll("\\s+", " ").strip();
        if (secret.length() >= 4) {
            s = s.replace(secret, "***");
        }
        return s.length() > MAX_DETAIL ? s.substring(0, MAX_DETAIL) + "..." : s;
    }

    private static String shown(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + path;
    }
}
