package org.paperradio.stream.twitch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paperradio.core.config.StationConfig;
import org.paperradio.stream.testing.LogCapture;

/**
 * Twitch4J against loopback stand-ins for Twitch: a MockWebServer speaking Helix and another
 * upgrading to a WebSocket that speaks Twitch IRC. This also proves Twitch4J's Helix client
 * (feign-okhttp, built against okhttp 5) runs on the project's okhttp 4.12.
 */
class Twitch4jChannelTest {

    private static final String TOKEN = "s3cr3tTokenXyz0123456789";
    private static final String CLIENT_ID = "cid123abc";
    private static final Function<String, String> ENV =
            Map.of("TWITCH_CLIENT_ID", CLIENT_ID, "TWITCH_OAUTH_TOKEN", "oauth:" + TOKEN)::get;
    private static final StationConfig.Twitch CONFIG =
            new StationConfig.Twitch("PaperRadio", null, null, null, Duration.ofSeconds(30));

    private final MockWebServer helix = new MockWebServer();
    private final MockWebServer irc = new MockWebServer();
    private final List<RecordedRequest> helixRequests = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> ircLines = new LinkedBlockingQueue<>();
    private final List<String> allIrcLines = new CopyOnWriteArrayList<>();
    private final AtomicReference<WebSocket> ircSocket = new AtomicReference<>();
    private final CountDownLatch joined = new CountDownLatch(1);
    private volatile int helixStatus = 200;

    @BeforeEach
    void start() throws Exception {
        helix.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                helixRequests.add(r);
                if (helixStatus != 200) {
                    return new MockResponse().setResponseCode(helixStatus)
                            .setBody("{\"error\":\"Unauthorized\",\"status\":401,\"message\":\"Invalid OAuth token\"}");
                }
                String path = r.getPath();
                if (path.equals("/oauth2/validate")) {
                    return json("{\"client_id\":\"" + CLIENT_ID + "\",\"login\":\"paperradio\",\"user_id\":\"1234\","
                            + "\"scopes\":[\"channel:manage:broadcast\",\"chat:read\",\"chat:edit\"],\"expires_in\":5000}");
                }
                if (r.getMethod().equals("GET") && path.startsWith("/helix/users?login=paperradio")) {
                    return json("{\"data\":[{\"id\":\"1234\",\"login\":\"paperradio\",\"display_name\":\"PaperRadio\","
                            + "\"type\":\"\",\"broadcaster_type\":\"\",\"description\":\"\",\"profile_image_url\":\"\","
                            + "\"offline_image_url\":\"\",\"created_at\":\"2020-01-01T00:00:00Z\"}]}");
                }
                if (r.getMethod().equals("GET") && path.startsWith("/helix/games?")) {
                    String name = r.getRequestUrl().queryParameter("name");
                    return "Science & Technology".equals(name)
                            ? json("{\"data\":[{\"id\":\"509670\",\"name\":\"Science & Technology\",\"box_art_url\":\"\",\"igdb_id\":\"\"}]}")
                            : json("{\"data\":[]}");
                }
                if (r.getMethod().equals("PATCH") && path.equals("/helix/channels?broadcaster_id=1234")) {
                    return new MockResponse().setResponseCode(204);
                }
                return new MockResponse().setResponseCode(404);
            }
        });
        helix.start();
        irc.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                return new MockResponse().withWebSocketUpgrade(new TwitchIrc());
            }
        });
        irc.start();
    }

    @AfterEach
    void stop() throws Exception {
        WebSocket ws = ircSocket.get();
        if (ws != null) {
            ws.close(1000, "test over"); // else the server waits for the socket to end
        }
        helix.shutdown();
        irc.shutdown();
    }

    private static MockResponse json(String body) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
    }

    /** Just enough of Twitch IRC: welcome after NICK, acknowledge JOIN, record everything. */
    private final class TwitchIrc extends WebSocketListener {
        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            ircSocket.set(webSocket);
        }

        @Override
        public void onMessage(WebSocket ws, String text) {
            for (String line : text.split("\r?\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                allIrcLines.add(line);
                ircLines.add(line);
                String upper = line.toUpperCase();
                if (upper.startsWith("CAP REQ")) {
                    ws.send(":tmi.twitch.tv CAP * ACK :" + line.substring(line.indexOf(':') + 1) + "\r\n");
                } else if (upper.startsWith("NICK ")) {
                    String nick = line.substring(5).trim();
                    ws.send(":tmi.twitch.tv 001 " + nick + " :Welcome, GLHF!\r\n:tmi.twitch.tv 376 " + nick + " :>\r\n");
                } else if (upper.startsWith("JOIN #")) {
                    String channel = line.substring(5).trim();
                    ws.send(":paperradio!paperradio@paperradio.tmi.twitch.tv JOIN " + channel + "\r\n"
                            + "@room-id=1234 :tmi.twitch.tv ROOMSTATE " + channel + "\r\n");
                    joined.countDown();
                } else if (upper.startsWith("PING")) {
                    ws.send("PONG :tmi.twitch.tv\r\n");
                }
            }
        }
    }

    private String awaitIrcLine(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String line = ircLines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no IRC line starting with '" + prefix + "'; got " + allIrcLines);
    }

    private Twitch4jChannel.Endpoints endpoints() {
        return new Twitch4jChannel.Endpoints(helix.url("/helix").toString(), helix.url("/oauth2").toString(),
                "ws://127.0.0.1:" + irc.getPort(), Duration.ofSeconds(5));
    }

    @Test
    void helixAndChatAgainstLoopbackTwitch() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            Optional<TwitchChannel> opened = TwitchChannels.create(CONFIG, ENV, endpoints());
            assertThat(opened).isPresent();
            try (TwitchChannel channel = opened.get()) {
                assertThat(((Twitch4jChannel) channel).broadcasterId()).isEqualTo("1234");
                BlockingQueue<ChatMessage> received = new LinkedBlockingQueue<>();
                channel.onMessage(received::add);

                // stream info: game id looked up once, then PATCH /channels with title and game_id
                channel.updateStreamInfo("Paper Radio: Graph Networks", "Science & Technology");
                channel.updateStreamInfo("Paper Radio: Next One", "Science & Technology");
                List<RecordedRequest> patches = helixRequests.stream().filter(r -> r.getMethod().equals("PATCH")).toList();
                assertThat(patches).hasSize(2);
                assertThat(helixRequests.stream().filter(r -> r.getPath().startsWith("/helix/games")).count()).isEqualTo(1);
                RecordedRequest patch = patches.get(0);
                assertThat(patch.getPath()).isEqualTo("/helix/channels?broadcaster_id=1234");
                String body = patch.getBody().readUtf8();
                assertThat(body).contains("\"title\":\"Paper Radio: Graph Networks\"", "\"game_id\":\"509670\"");
                assertThat(helixRequests).anyMatch(r -> r.getPath().equals("/oauth2/validate"))
                        .allMatch(r -> !r.getPath().equals("/oauth2/validate") || ("OAuth " + TOKEN).equals(r.getHeader("Authorization")));
                for (RecordedRequest r : helixRequests.stream().filter(r -> r.getPath().startsWith("/helix/")).toList()) {
                    assertThat(r.getHeader("Client-Id")).isEqualTo(CLIENT_ID);
                    assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
                }

                // chat: logged in, joined, a moderator's message arrives as such
                assertThat(joined.await(10, TimeUnit.SECONDS)).as("joined #paperradio").isTrue();
                assertThat(allIrcLines).anyMatch(l -> l.equalsIgnoreCase("NICK paperradio"));
                String pass = allIrcLines.stream().filter(l -> l.toUpperCase().startsWith("PASS")).findFirst().orElseThrow();
                assertThat(pass).as("Twitch4J keeps the token from a host that is not Twitch").doesNotContain(TOKEN);
                ircSocket.get().send("@badges=moderator/1;display-name=Mod;user-id=42 "
                        + ":mod!mod@mod.tmi.twitch.tv PRIVMSG #paperradio :!skip\r\n");
                ircSocket.get().send("@badges=subscriber/12;display-name=Viewer;user-id=77 "
                        + ":viewer!viewer@viewer.tmi.twitch.tv PRIVMSG #paperradio :hello there\r\n");
                ChatMessage first = received.poll(10, TimeUnit.SECONDS);
                assertThat(first).isEqualTo(new ChatMessage("mod", "42", true, "!skip"));
                ChatMessage second = received.poll(10, TimeUnit.SECONDS);
                assertThat(second).isEqualTo(new ChatMessage("viewer", "77", false, "hello there"));

                channel.say("Skipping to the next item.");
                assertThat(awaitIrcLine("PRIVMSG #paperradio")).isEqualTo("PRIVMSG #paperradio :Skipping to the next item.");
            }
            assertThat(logs.lines()).isNotEmpty().noneMatch(l -> l.contains(TOKEN));
        }
    }

    @Test
    void unknownCategorySetsTheTitleOnly() {
        try (TwitchChannel channel = new Twitch4jChannel(CONFIG, ENV, endpoints())) {
            channel.updateStreamInfo("Paper Radio", "No Such Category");
            RecordedRequest patch = helixRequests.stream().filter(r -> r.getMethod().equals("PATCH")).findFirst().orElseThrow();
            assertThat(patch.getBody().readUtf8()).contains("\"title\":\"Paper Radio\"").doesNotContain("game_id");
        }
    }

    @Test
    void refusedCredentialsTurnTwitchOffWithoutLoggingTheToken() {
        helixStatus = 401;
        try (LogCapture logs = new LogCapture()) {
            assertThat(TwitchChannels.create(CONFIG, ENV, endpoints())).isEmpty();
            assertThat(logs.from(TwitchChannels.class)).singleElement().satisfies(l ->
                    assertThat(l).startsWith("WARN").contains("Twitch off: could not open channel PaperRadio"));
            assertThat(logs.lines()).noneMatch(l -> l.contains(TOKEN));
        }
        assertThat(helixRequests).isNotEmpty();
        assertThat(irc.getRequestCount()).as("no chat without a working Helix").isZero();
    }

    @Test
    void withoutCredentialsTwitchIsOffAndSaysSoOnce() {
        try (LogCapture logs = new LogCapture()) {
            assertThat(TwitchChannels.create(CONFIG, Map.of("TWITCH_CLIENT_ID", CLIENT_ID)::get, endpoints())).isEmpty();
            assertThat(TwitchChannels.create(new StationConfig.Twitch(null, null, null, null, null), ENV, endpoints())).isEmpty();
            List<String> said = logs.from(TwitchChannels.class);
            assertThat(said).hasSize(2);
            assertThat(said.get(0)).startsWith("INFO").contains("Twitch off: set environment variable TWITCH_OAUTH_TOKEN")
                    .doesNotContain(CLIENT_ID);
            assertThat(said.get(1)).contains("Twitch off: set twitch.channel in station.yaml").doesNotContain(TOKEN);
        }
        assertThat(helixRequests).isEmpty();
        assertThat(irc.getRequestCount()).isZero();
    }
}
