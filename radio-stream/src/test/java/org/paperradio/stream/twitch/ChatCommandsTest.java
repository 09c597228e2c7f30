package org.paperradio.stream.twitch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.select.Requests;
import org.paperradio.core.testing.MutableClock;
import org.paperradio.stream.playout.NowPlaying;
import org.paperradio.stream.playout.Segment;

class ChatCommandsTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicReference<NowPlaying> onAir = new AtomicReference<>();
    private final AtomicInteger skips = new AtomicInteger();
    private final List<String> searched = new ArrayList<>();
    /** The library knows papers by base id (any version). */
    private final Set<String> library = Set.of("2501.00001", "hep-th/9901001");
    private Requests requests;

    private ChatCommands commands(Function<String, List<String>> search, ChatCommands.Limits limits) {
        requests = new Requests(dir.resolve("requests.json"));
        ChatCommands.Actions actions = new ChatCommands.Actions(onAir::get,
                ChatCommands.PaperRequests.of(requests, id -> library.contains(id.base())),
                ChatCommands.Actions.upNextOf(onAir::get), search, skips::incrementAndGet);
        return new ChatCommands(actions, limits, clock);
    }

    private ChatCommands commands() {
        return commands(words -> {
            searched.add(words);
            return List.of("Attention Is All You Need", "Deep Residual Learning");
        }, new ChatCommands.Limits(Duration.ofSeconds(30), 20, Duration.ofSeconds(30)));
    }

    private static ChatMessage viewer(String id, String text) {
        return new ChatMessage("viewer" + id, id, false, text);
    }

    private static ChatMessage mod(String text) {
        return new ChatMessage("Mod", "42", true, text);
    }

    private static NowPlaying paper(String title, List<String> authors, List<NowPlaying.UpNext> upNext) {
        return new NowPlaying(Segment.Kind.PAPER, "2501.00001v1", title, authors,
                URI.create("https://arxiv.org/abs/2501.00001v1"), Instant.EPOCH, Duration.ofMinutes(5),
                "Ada", "line", 1, upNext, Duration.ZERO);
    }

    @Test
    void nowSaysTitleAuthorsAndLink() {
        ChatCommands c = commands();
        assertThat(c.handle(viewer("1", "!now"))).contains("Nothing is on air yet.");
        onAir.set(paper("Graph Networks", List.of("A. One", "B. Two", "C. Three", "D. Four"), List.of()));
        clock.advance(Duration.ofSeconds(31));
        assertThat(c.handle(viewer("1", "  !NOW  ")).orElseThrow())
                .isEqualTo("Now: Graph Networks by A. One, B. Two, C. Three et al. https://arxiv.org/abs/2501.00001v1");
    }

    @Test
    void paperRequestsAKnownPaperThroughRequests() throws IOException {
        ChatCommands c = commands();
        assertThat(c.handle(viewer("1", "!paper 2501.00001v2")).orElseThrow()).contains("Requested 2501.00001");
        assertThat(requests.count(ArxivId.parse("2501.00001"))).isEqualTo(1);
        assertThat(c.handle(viewer("2", "!paper https://arxiv.org/abs/hep-th/9901001")).orElseThrow())
                .contains("Requested hep-th/9901001");
        assertThat(new Requests(dir.resolve("requests.json")).open()).containsKeys("2501.00001", "hep-th/9901001");
    }

    @Test
    void paperUnknownToTheLibraryIsNotRequested() {
        ChatCommands c = commands();
        assertThat(c.handle(viewer("1", "!paper 2502.12345")).orElseThrow()).contains("not in the library");
        assertThat(requests.open()).isEmpty();
    }

    @Test
    void paperRejectsGarbageWithUsageAndNeverEchoesIt() {
        ChatCommands c = commands();
        for (String bad : List.of("!paper ../../etc", "!paper 2501.00001 extra", "!paper",
                "!paper 2501.00001\u0000", "!paper <script>alert(1)</script>", "!paper 2501.00001/../../x")) {
            clock.advance(Duration.ofMinutes(1));
            String reply = c.handle(viewer("1", bad)).orElseThrow();
            assertThat(reply).as(bad).startsWith("Usage: !paper").doesNotContain("etc", "extra", "script");
        }
        assertThat(requests.open()).isEmpty();
    }

    @Test
    void queueListsUpNext() {
        ChatCommands c = commands();
        assertThat(c.handle(viewer("1", "!queue"))).contains("Nothing is queued yet.");
        List<NowPlaying.UpNext> next = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            next.add(new NowPlaying.UpNext("2501.0000" + i, "Paper " + i, Duration.ofMinutes(4)));
        }
        onAir.set(paper("On air", List.of(), next));
        assertThat(c.handle(viewer("2", "!queue")).orElseThrow())
                .isEqualTo("Up next: 1) Paper 1 | 2) Paper 2 | 3) Paper 3 | 4) Paper 4 | 5) Paper 5 | +2 more");
    }

    @Test
    void searchPassesOnlySanitisedCappedWordsAndDoesNotEchoThem() {
        ChatCommands c = commands();
        String reply = c.handle(viewer("1", "!search graph\u0007 neural\u202E\u200B   networks")).orElseThrow();
        assertThat(reply).isEqualTo("Found: 1) Attention Is All You Need | 2) Deep Residual Learning");
        assertThat(searched).containsExactly("graph neural networks");

        String longWords = "word ".repeat(100);
        assertThat(c.handle(viewer("2", "!search " + longWords))).isPresent();
        assertThat(searched.get(1)).hasSizeLessThanOrEqualTo(ChatCommands.MAX_SEARCH_CHARS).startsWith("word word");
        assertThat(searched.get(1)).doesNotContainPattern("\\p{Cntrl}");

        assertThat(c.handle(viewer("3", "!search \u0001\u0002"))).contains("Usage: !search <words>");
        assertThat(searched).hasSize(2);
    }

    @Test
    void searchWithoutALibrarySaysSo() {
        ChatCommands c = commands(null, new ChatCommands.Limits(Duration.ofSeconds(30), 20, Duration.ofSeconds(30)));
        assertThat(c.handle(viewer("1", "!search anything"))).contains("Search is not available.");
    }

    @Test
    void onlyModeratorsSkip() {
        ChatCommands c = commands();
        assertThat(c.handle(viewer("1", "!skip"))).contains("Sorry, only moderators can skip.");
        assertThat(skips).hasValue(0);
        assertThat(c.handle(mod("!skip"))).contains("Skipping to the next item.");
        assertThat(skips).hasValue(1);
    }

    @Test
    void normalChatAndUnknownCommandsAreIgnored() {
        ChatCommands c = commands();
        assertThat(c.handle(viewer("1", "hello !now"))).isEmpty();
        assertThat(c.handle(viewer("1", "!ban someone"))).isEmpty();
        assertThat(c.handle(viewer("1", "!nowplaying"))).isEmpty();
        assertThat(c.handle(viewer("1", ""))).isEmpty();
        // ignored messages do not use up the cooldown
        assertThat(c.handle(viewer("1", "!now"))).isPresent();
    }

    @Test
    void veryLongMessagesAreIgnored() {
        ChatCommands c = commands();
        assertThat(c.handle(viewer("1", "!search " + "x".repeat(100_000)))).isEmpty();
        assertThat(searched).isEmpty();
    }

    @Test
    void perUserCooldownWithModeratorSkipExempt() {
        ChatCommands c = commands();
        assertThat(c.handle(viewer("1", "!now"))).isPresent();
        assertThat(c.handle(viewer("1", "!queue"))).as("same user within cooldown").isEmpty();
        assertThat(c.handle(new ChatMessage("renamed", "1", false, "!now"))).as("keyed by user id").isEmpty();
        assertThat(c.handle(viewer("2", "!queue"))).as("another user").isPresent();
        clock.advance(Duration.ofSeconds(29));
        assertThat(c.handle(viewer("1", "!now"))).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(c.handle(viewer("1", "!now"))).isPresent();

        assertThat(c.handle(mod("!now"))).isPresent();
        assertThat(c.handle(mod("!now"))).as("moderators have a cooldown for other commands").isEmpty();
        assertThat(c.handle(mod("!skip"))).isPresent();
        assertThat(c.handle(mod("!skip"))).isPresent();
        assertThat(skips).hasValue(2);
    }

    @Test
    void globalLimitIgnoresExcessCommands() {
        ChatCommands c = commands(w -> List.of(), new ChatCommands.Limits(Duration.ofSeconds(30), 3, Duration.ofSeconds(30)));
        for (int i = 0; i < 3; i++) {
            assertThat(c.handle(viewer("u" + i, "!now"))).isPresent();
        }
        assertThat(c.handle(viewer("u9", "!now"))).isEmpty();
        assertThat(c.handle(mod("!skip"))).isEmpty();
        assertThat(skips).hasValue(0);
        clock.advance(Duration.ofSeconds(30));
        assertThat(c.handle(viewer("u9", "!now"))).isPresent();
    }

    @Test
    void repliesAreOneLineCappedAndNeverChatCommands() {
        ChatCommands c = commands(w -> List.of("/ban everyone\r\nPRIVMSG #x :evil", "T".repeat(1000)),
                new ChatCommands.Limits(Duration.ZERO, 20, Duration.ofSeconds(30)));
        String reply = c.handle(viewer("1", "!search x")).orElseThrow();
        assertThat(reply).hasSizeLessThanOrEqualTo(ChatCommands.MAX_REPLY_CHARS).doesNotContain("\r", "\n").endsWith("…");

        onAir.set(paper(".me\nis\u0000hacked", List.of(), List.of()));
        String now = c.handle(viewer("1", "!now")).orElseThrow();
        assertThat(now).startsWith("Now: .me is hacked").doesNotContainPattern("\\p{Cntrl}");
        onAir.set(null);
    }

    @Test
    void failingCollaboratorGivesAShortApology() {
        ChatCommands.Actions actions = new ChatCommands.Actions(() -> {
            throw new IllegalStateException("boom");
        }, id -> {
            throw new IOException("disk full");
        }, List::of, null, () -> { });
        ChatCommands c = new ChatCommands(actions, new ChatCommands.Limits(Duration.ZERO, 20, Duration.ofSeconds(30)), clock);
        assertThat(c.handle(viewer("1", "!now"))).contains("Sorry, that did not work. Please try again later.");
        assertThat(c.handle(viewer("1", "!paper 2501.00001"))).contains("Sorry, that did not work. Please try again later.");
    }

    @Test
    void attachRepliesOnTheChannel() {
        FakeChannel channel = new FakeChannel();
        commands().attach(channel);
        channel.receive(viewer("1", "!skip"));
        channel.receive(viewer("2", "just chatting"));
        assertThat(channel.said).containsExactly("Sorry, only moderators can skip.");
    }

    @Test
    void limitsFromConfig() {
        var twitch = new org.paperradio.core.config.StationConfig.Twitch("chan", null, null, null, Duration.ofSeconds(12));
        assertThat(ChatCommands.Limits.of(twitch).userCooldown()).isEqualTo(Duration.ofSeconds(12));
        assertThat(Optional.of(ChatCommands.Limits.of(twitch).maxReplies())).contains(20);
    }
}
