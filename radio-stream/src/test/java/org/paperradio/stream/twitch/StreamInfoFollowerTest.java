package org.paperradio.stream.twitch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.paperradio.core.testing.MutableClock;
import org.paperradio.stream.playout.NowPlaying;
import org.paperradio.stream.testing.LogCapture;
import org.paperradio.stream.playout.Segment;

class StreamInfoFollowerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicReference<NowPlaying> onAir = new AtomicReference<>();
    private final FakeChannel channel = new FakeChannel();
    private final StreamInfoFollower follower = new StreamInfoFollower(channel, onAir::get, "Paper Radio",
            "Science & Technology", Duration.ofSeconds(60), clock);

    private static NowPlaying item(Segment.Kind kind, String paperId, String title) {
        return new NowPlaying(kind, paperId, title, List.of(), paperId == null ? null : URI.create("https://arxiv.org/abs/" + paperId),
                Instant.EPOCH, Duration.ofMinutes(5), null, null, 0, List.of(), Duration.ZERO);
    }

    @Test
    void titleFollowsThePaperOnAirAtMostOncePerInterval() {
        follower.tick();
        assertThat(channel.updates).containsExactly(new FakeChannel.Info("Paper Radio", "Science & Technology"));

        onAir.set(item(Segment.Kind.PAPER, "2501.00001v1", "Graph Networks"));
        clock.advance(Duration.ofSeconds(10));
        follower.tick();
        assertThat(channel.updates).as("too soon after the last update").hasSize(1);
        clock.advance(Duration.ofSeconds(50));
        follower.tick();
        assertThat(channel.updates).last().isEqualTo(new FakeChannel.Info("Paper Radio: Graph Networks", "Science & Technology"));
        assertThat(follower.currentTitle()).isEqualTo("Paper Radio: Graph Networks");

        clock.advance(Duration.ofMinutes(5));
        follower.tick();
        assertThat(channel.updates).as("nothing changed, nothing sent").hasSize(2);

        onAir.set(item(Segment.Kind.IDENT, null, "Paper Radio ident"));
        clock.advance(Duration.ofMinutes(5));
        follower.tick();
        assertThat(channel.updates).as("an ident leaves the title").hasSize(2);

        onAir.set(item(Segment.Kind.RERUN, "2401.00002v1", "Old But Gold"));
        follower.tick();
        assertThat(channel.updates).last().extracting(FakeChannel.Info::title).isEqualTo("Paper Radio: Old But Gold");
    }

    @Test
    void titleIsOneLineOfAtMost140Chars() {
        onAir.set(item(Segment.Kind.PAPER, "2501.00001v1", "A\nvery\u0000 long " + "title ".repeat(60)));
        follower.tick();
        String title = channel.updates.get(0).title();
        assertThat(title).hasSize(StreamInfoFollower.MAX_TITLE_CHARS).startsWith("Paper Radio: A very long title").endsWith("…")
                .doesNotContainPattern("\\p{Cntrl}");
    }

    @Test
    void survivesChannelFailuresAndRetriesAfterTheInterval() {
        onAir.set(item(Segment.Kind.PAPER, "2501.00001v1", "Graph Networks"));
        channel.failWith = new IllegalStateException("Twitch is down");
        try (LogCapture logs = new LogCapture()) {
            follower.tick();
            for (int i = 0; i < 10; i++) {
                clock.advance(Duration.ofSeconds(6));
                follower.tick();
            }
            assertThat(channel.attempts).as("one attempt per interval").isEqualTo(2);
            assertThat(logs.from(StreamInfoFollower.class)).as("logged once a minute").hasSize(2);

            channel.failWith = null;
            clock.advance(Duration.ofSeconds(60));
            follower.tick();
            assertThat(channel.updates).containsExactly(new FakeChannel.Info("Paper Radio: Graph Networks", "Science & Technology"));
        }
    }

    @Test
    void fromConfigUsesStationNameAndCategory() throws Exception {
        var config = new org.paperradio.core.config.ConfigLoader().parse(
                "station: {name: Arxiv FM}\ntwitch: {channel: arxivfm, category: Talk Shows & Podcasts}\n", "test");
        onAir.set(item(Segment.Kind.PAPER, "2501.00001v1", "Graph Networks"));
        StreamInfoFollower.of(channel, onAir::get, config, clock).tick();
        assertThat(channel.updates).containsExactly(new FakeChannel.Info("Arxiv FM: Graph Networks", "Talk Shows & Podcasts"));
    }

    @Test
    void survivesAFailingNowPlaying() {
        StreamInfoFollower f = new StreamInfoFollower(channel, () -> {
            throw new IllegalStateException("no clock yet");
        }, "Paper Radio", "Science & Technology", Duration.ofSeconds(60), clock);
        f.tick();
        assertThat(channel.updates).isEmpty();
    }
}
