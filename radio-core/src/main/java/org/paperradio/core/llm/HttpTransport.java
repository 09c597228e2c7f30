package org.paperradio.core.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP client LangChain4j talks through: plain java.net.http (HTTP/1.1, which every local
 * server speaks), with a size cap on what the server sends back and the {@code Retry-After}
 * header kept on errors (LangChain4j's own client drops headers when the status is not 2xx).
 * Only non-streaming calls are supported; the station never streams.
 */
final class HttpTransport implements HttpClient {

    /** A chat answer is text for a few minutes of radio; anything this big is not one. */
    static final int MAX_ANSWER_BYTES = 8 * 1024 * 1024;
    /** Of an error body only the start is worth keeping (it goes into a log line). */
    static final int MAX_ERROR_BYTES = 16 * 1024;
    private static final java.util.Set<String> RESTRICTED =
            java.util.Set.of("connection", "content-length", "expect", "host", "upgrade");

    /** A non-2xx answer, with the server's Retry-After when it sent one. */
    static final class StatusException extends HttpException {
        private static final long serialVersionUID = 1L;
        private final transient Duration retryAfter;

        StatusException(int statusCode, String body, Duration retryAfter) {
            super(statusCode, body);
            this.retryAfter = retryAfter;
        }

        Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }
    }

    private final java.net.http.HttpClient client;
    private final Duration readTimeout;
    private final Clock clock;

    private HttpTransport(Duration connectTimeout, Duration readTimeout, Clock clock) {
        this.client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                .build();
        this.readTimeout = readTimeout;
        this.clock = clock;
    }

    static Builder builder(Clock clock) {
        return new Builder(clock);
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(URI.create(request.url()))
                .timeout(readTimeout);
        request.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) { // java.net.http sets these itself
                values.forEach(v -> b.header(name, v));
            }
        });
        b.method(request.method().name(), request.body() == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
        // The request timeout only covers the wait for headers; the deadline here also covers a
        // server that sends headers and then trickles (or never finishes) the body.
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(b.build(), info -> new CappedBody(
                info.statusCode() / 100 == 2 ? MAX_ANSWER_BYTES : MAX_ERROR_BYTES, info.statusCode() / 100 == 2));
        HttpResponse<byte[]> response;
        try {
            response = future.get(readTimeout.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            future.cancel(true);
            throw new TimeoutException(new HttpTimeoutException("no complete answer within " + readTimeout));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new LangChain4jException("interrupted while waiting for the model", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof HttpTimeoutException t) {
                throw new TimeoutException(t);
            }
            if (cause instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw cause instanceof RuntimeException r ? r : new LangChain4jException(cause);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw new StatusException(status, new String(response.body(), StandardCharsets.UTF_8),
                    retryAfter(response.headers().firstValue("Retry-After")));
        }
        return SuccessfulHttpResponse.builder().statusCode(status).headers(response.headers().map())
                .body(response.body()).build();
    }

    /** Collects a body up to a cap: past it, an answer fails (it is not a chat answer), an error body is cut. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int cap;
        private final boolean failWhenOver;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(int cap, boolean failWhenOver) {
            this.cap = cap;
            this.failWhenOver = failWhenOver;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                int room = cap - bytes.size();
                if (buffer.remaining() > room) {
                    subscription.cancel();
                    if (failWhenOver) {
                        result.completeExceptionally(
                                new LangChain4jException("the answer is larger than " + cap + " bytes"));
                    } else {
                        byte[] part = new byte[room];
                        buffer.get(part);
                        bytes.writeBytes(part);
                        result.complete(bytes.toByteArray());
                    }
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        throw new UnsupportedOperationException("streaming is not used by the station");
    }

    /** Retry-After is either delta-seconds or an HTTP date; anything else is ignored. */
    private Duration retryAfter(Optional<String> header) {
        if (header.isEmpty()) {
            return null;
        }
        String v = header.get().trim();
        try {
            if (v.matches("\\d{1,9}")) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            Duration d = Duration.between(clock.instant(),
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** What LangChain4j's model builders configure: the timeouts. */
    static final class Builder implements HttpClientBuilder {
        private final Clock clock;
        private Duration connectTimeout;
        private Duration readTimeout;

        private Builder(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        @Override
        public HttpTransport build() {
            Duration read = readTimeout != null ? readTimeout : Duration.ofSeconds(60);
            return new HttpTransport(connectTimeout != null ? connectTimeout : read, read, clock);
        }
    }
}
