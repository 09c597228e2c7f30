package org.paperradio.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paperradio.core.llm.LlmException.Kind;
import org.paperradio.core.testing.ChatServer;

class GuardedModelTest {

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-05T18:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final HandClock clock = new HandClock();
    private ChatServer chat;
    private GuardedModel model;

    @BeforeEach
    void start() throws IOException {
        chat = new ChatServer();
        LanguageModel inner = LanguageModels.create(
                LangChainModelTest.config("openai", chat.baseUrl(), Duration.ofSeconds(5), 2), Map.<String, String>of()::get)
                .orElseThrow();
        model = new GuardedModel(inner, clock);
    }

    @AfterEach
    void stop() throws IOException {
        chat.close();
    }

    private Kind kindOfFailure() {
        LlmException e = catchThrowableOfType(LlmException.class, () -> model.chat("s", "u"));
        assertThat(e).as("the call should fail").isNotNull();
        return e.kind();
    }

    @Test
    void afterAServerErrorTheModelIsLeftAloneUntilTheCoolDownPasses() throws Exception {
        chat.status(500).answer("back again");

        assertThat(kindOfFailure()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(model.available()).isFalse();

        long start = System.nanoTime();
        LlmException refused = catchThrowableOfType(LlmException.class, () -> model.chat("s", "u"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
        assertThat(refused.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(refused.retryAfter()).contains(GuardedModel.FIRST_COOL_DOWN);
        assertThat(chat.requests()).hasSize(1);

        clock.advance(GuardedModel.FIRST_COOL_DOWN.minusSeconds(1));
        assertThat(kindOfFailure()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(chat.requests()).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(model.available()).isTrue();
        assertThat(model.chat("s", "u").text()).isEqualTo("back again");
        assertThat(chat.requests()).hasSize(2);

        LlmStats stats = model.stats();
        assertThat(stats.calls()).isEqualTo(4);
        assertThat(stats.successes()).isEqualTo(1);
        assertThat(stats.failures(Kind.SERVER_ERROR)).isEqualTo(1);
        assertThat(stats.failures(Kind.UNAVAILABLE)).isEqualTo(2);
        assertThat(stats.failed()).isEqualTo(3);
        assertThat(stats.totalLatency()).isPositive();
        assertThat(stats.available()).isTrue();
    }

    @Test
    void coolDownDoublesWhileFailingAndResetsOnSuccess() {
        chat.status(503).status(502);
        assertThat(kindOfFailure()).isEqualTo(Kind.SERVER_ERROR);
        clock.advance(Duration.ofSeconds(15));
        assertThat(kindOfFailure()).isEqualTo(Kind.SERVER_ERROR);
        clock.advance(Duration.ofSeconds(29));
        assertThat(model.available()).as("second failure: 30 s").isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(model.available()).isTrue();

        chat.answer("ok").status(500);
        assertThat(catchThrowableOfType(LlmException.class, () -> model.chat("s", "u"))).isNull();
        assertThat(kindOfFailure()).isEqualTo(Kind.SERVER_ERROR);
        clock.advance(Duration.ofSeconds(15));
        assertThat(model.available()).as("after a success the streak starts over at 15 s").isTrue();
    }

    @Test
    void rateLimitWaitsAsLongAsTheServerAsksButNotForever() {
        chat.rateLimited(Duration.ofSeconds(40)).rateLimited(Duration.ofHours(5));
        assertThat(kindOfFailure()).isEqualTo(Kind.RATE_LIMITED);
        clock.advance(Duration.ofSeconds(39));
        assertThat(model.available()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(model.available()).isTrue();

        assertThat(kindOfFailure()).isEqualTo(Kind.RATE_LIMITED);
        clock.advance(GuardedModel.MAX_COOL_DOWN);
        assertThat(model.available()).as("a Retry-After of hours is capped").isTrue();
    }

    @Test
    void aBadAnswerDoesNotTakeTheModelDown() {
        chat.raw("not json").status(400);
        assertThat(kindOfFailure()).isEqualTo(Kind.EMPTY);
        assertThat(kindOfFailure()).isEqualTo(Kind.REJECTED);
        assertThat(model.available()).isTrue();
        assertThat(chat.requests()).hasSize(2);
    }
}
