package org.paperradio.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.paperradio.core.testing.MutableClock;

class CoolDownTest {

    @Test
    void restsDoubleUpToTheCapAndASuccessEndsTheStreak() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
        CoolDown c = new CoolDown(clock, Duration.ofSeconds(10), Duration.ofSeconds(35));
        assertThat(c.ready()).isTrue();

        assertThat(c.failed(Optional.empty())).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.ready()).isFalse();
        assertThat(c.left()).isEqualTo(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(10));
        assertThat(c.ready()).isTrue();
        assertThat(c.failed(Optional.empty())).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.failed(Optional.empty())).as("capped").isEqualTo(Duration.ofSeconds(35));
        assertThat(c.failed(Optional.of(Duration.ofHours(2)))).as("a Retry-After is capped too")
                .isEqualTo(Duration.ofSeconds(35));
        assertThat(c.failed(Optional.of(Duration.ofSeconds(3)))).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.left()).as("a shorter rest never shortens the one running").isEqualTo(Duration.ofSeconds(35));
        assertThat(c.failuresInARow()).isEqualTo(5);

        assertThat(c.succeeded()).isEqualTo(5);
        assertThat(c.succeeded()).isZero();
        clock.advance(Duration.ofSeconds(35));
        assertThat(c.failed(Optional.empty())).as("a new streak starts over").isEqualTo(Duration.ofSeconds(10));

        assertThatThrownBy(() -> new CoolDown(clock, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
