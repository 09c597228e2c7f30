package org.paperradio.stream.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paperradio.stream.testing.LogCapture;

/** The publisher against a scripted server: command sequence, control messages, drops, retries. */
class RtmpPublisherTest {

    private static final String KEY = "live_secret_123";
    private static final RtmpPublisher.Options FAST = RtmpPublisher.Options.defaults()
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400));

    private LogCapture logs;

    @BeforeEach
    void captureLogs() {
        logs = new LogCapture();
    }

    @AfterEach
    void releaseLogs() {
        logs.close();
    }

    @Test
    void speaksTheCommandSequenceAnswersPingsAndAcknowledges() throws Exception {
        try (FakeRtmpServer server = new FakeRtmpServer(0, true);
                RtmpPublisher pub = new RtmpPublisher(server.url(KEY), FAST, Clock.systemUTC())) {
            pub.send(new FlvTag(FlvTag.Type.VIDEO, 5, new byte[] {0x27, 1, 0, 0, 0, 9})); // inter frame first
            pub.send(FlvTag.metadata(new StreamMetadata(320, 240, 30, 200, StreamMetadata.AudioCodec.MP3,
                    44100, 1, 64, null, null)));
            pub.send(new FlvTag(FlvTag.Type.VIDEO, 0, new byte[] {0x17, 0, 0, 0, 0, 1, 66, 0, 30}));
            pub.start();
            await(pub, RtmpPublisher.State.PUBLISHING);
            byte[] big = new byte[10_000]; // several 4096-byte chunks
            big[0] = 0x17;
            big[1] = 1;
            pub.send(new FlvTag(FlvTag.Type.VIDEO, 1000, big));
            pub.send(new FlvTag(FlvTag.Type.AUDIO, 1010, new byte[] {0x2E, 1, 2}));

            List<RtmpMessage> got = new ArrayList<>();
            List<String> commands = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (got.stream().noneMatch(m -> m.typeId() == RtmpMessage.AUDIO) && System.nanoTime() < deadline) {
                FakeRtmpServer.Received r = server.received().poll(100, TimeUnit.MILLISECONDS);
                if (r != null) {
                    got.add(r.message());
                    if (r.message().typeId() == RtmpMessage.COMMAND_AMF0) {
                        commands.add((String) Amf0.decodeAll(r.message().payload()).get(0));
                    }
                }
            }
            assertThat(got.get(0).typeId()).isEqualTo(RtmpMessage.SET_CHUNK_SIZE);
            assertThat(ByteBuffer.wrap(got.get(0).payload()).getInt()).isEqualTo(4096);
            assertThat(commands).startsWith("connect", "releaseStream", "FCPublish", "createStream", "publish");

            RtmpMessage connect = find(got, m -> m.typeId() == 20);
            @SuppressWarnings("unchecked")
            Map<String, Object> props = (Map<String, Object>) Amf0.decodeAll(connect.payload()).get(2);
            assertThat(props).containsEntry("app", "live").containsEntry("type", "nonprivate")
                    .containsEntry("tcUrl", server.url(KEY).replace("/" + KEY, ""));
            assertThat((String) props.get("flashVer")).startsWith("FMLE/3.0");
            RtmpMessage publish = find(got, m -> m.typeId() == 20 && "publish".equals(Amf0.decodeAll(m.payload()).get(0)));
            assertThat(Amf0.decodeAll(publish.payload())).containsExactly("publish", 5.0, null, KEY, "live");
            assertThat(publish.streamId()).isEqualTo(1);

            // ping answered with the same timestamp; acks once 64 bytes have come in
            RtmpMessage pong = find(got, m -> m.typeId() == RtmpMessage.USER_CONTROL);
            assertThat(pong.payload()).containsExactly(0, 7, 0, 0, 0x30, 0x39);
            assertThat(got).anyMatch(m -> m.typeId() == RtmpMessage.ACK);

            // media: @setDataFrame first, the inter frame before the first key frame dropped, rebased times
            List<RtmpMessage> media = got.stream().filter(m -> m.typeId() == 8 || m.typeId() == 9 || m.typeId() == 18)
                    .toList();
            assertThat(media).extracting(RtmpMessage::typeId).containsExactly(18, 9, 9, 8);
            assertThat(Amf0.decodeAll(media.get(0).payload()).subList(0, 2)).containsExactly("@setDataFrame", "onMetaData");
            assertThat(media.get(1).timestamp()).isZero();
            assertThat(media.get(2).payload()).isEqualTo(big);
            assertThat(media.get(2).timestamp()).isZero(); // the first media tag of a connection is rebased to 0
            assertThat(media.get(3).timestamp()).isEqualTo(10);
            assertThat(media).allMatch(m -> m.streamId() == 1);
        }
    }

    @Test
    void retriesARefusedPublishAndDroppedConnectionsWithoutLeakingTheKey() throws Exception {
        List<RtmpPublisher.State> states = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (FakeRtmpServer server = new FakeRtmpServer(2, false);
                RtmpPublisher pub = new RtmpPublisher(server.url(KEY), FAST, Clock.systemUTC(), states::add)) {
            FlvTag avcHeader = new FlvTag(FlvTag.Type.VIDEO, 0, new byte[] {0x17, 0, 0, 0, 0, 1, 66, 0, 30});
            pub.send(FlvTag.metadata(new StreamMetadata(320, 240, 30, 200, StreamMetadata.AudioCodec.MP3,
                    44100, 1, 64, null, null)));
            pub.send(avcHeader);
            pub.start();
            await(pub, RtmpPublisher.State.PUBLISHING);
            assertThat(server.connections()).isEqualTo(3);
            assertThat(states).startsWith(RtmpPublisher.State.CONNECTING, RtmpPublisher.State.BACKOFF,
                    RtmpPublisher.State.CONNECTING, RtmpPublisher.State.BACKOFF, RtmpPublisher.State.CONNECTING,
                    RtmpPublisher.State.PUBLISHING);
            assertThat(pub.reconnects()).isZero();

            server.dropClients();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (pub.reconnects() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(pub.reconnects()).isEqualTo(1);
            await(pub, RtmpPublisher.State.PUBLISHING);

            // the new connection gets metadata and the AVC header again, and video resumes at a key frame
            pub.send(new FlvTag(FlvTag.Type.VIDEO, 9000, new byte[] {0x27, 1, 0, 0, 0, 1}));
            pub.send(new FlvTag(FlvTag.Type.AUDIO, 9010, new byte[] {0x2E, 2}));
            pub.send(new FlvTag(FlvTag.Type.VIDEO, 9033, new byte[] {0x17, 1, 0, 0, 0, 2}));
            List<RtmpMessage> media = new ArrayList<>();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (media.size() < 4 && System.nanoTime() < until) {
                FakeRtmpServer.Received r = server.received().poll(100, TimeUnit.MILLISECONDS);
                if (r != null && r.connection() == 4 && r.message().typeId() != RtmpMessage.COMMAND_AMF0
                        && r.message().typeId() >= RtmpMessage.AUDIO) {
                    media.add(r.message());
                }
            }
            assertThat(media).extracting(RtmpMessage::typeId).containsExactly(18, 9, 8, 9);
            assertThat(media.get(1).payload()).isEqualTo(avcHeader.body());
            assertThat(media.get(2).timestamp()).isZero();
            assertThat(media.get(3).payload()[5]).isEqualTo((byte) 2);
            assertThat(media.get(3).timestamp()).isEqualTo(23);
        }
        String all = String.join("\n", logs.lines());
        assertThat(all).contains("NetStream.Publish.BadName").contains("/live/***").doesNotContain(KEY);
    }

    @Test
    void reconnectsOnItsOwnAfterTheMaximumSession() throws Exception {
        try (FakeRtmpServer server = new FakeRtmpServer(0, false);
                RtmpPublisher pub = new RtmpPublisher(server.url(KEY), FAST.withMaxSession(Duration.ofMillis(300)),
                        Clock.systemUTC())) {
            pub.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (pub.reconnects() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(pub.reconnects()).isGreaterThanOrEqualTo(2);
            // each session ends politely with FCUnpublish + deleteStream
            List<String> commands = new ArrayList<>();
            for (FakeRtmpServer.Received r : server.received()) {
                if (r.message().typeId() == RtmpMessage.COMMAND_AMF0 && r.connection() == 1) {
                    commands.add((String) Amf0.decodeAll(r.message().payload()).get(0));
                }
            }
            assertThat(commands).endsWith("FCUnpublish", "deleteStream");
        }
    }

    @Test
    void sendNeverBlocksWhileTheServerIsAway() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: connections are refused
        }
        try (RtmpPublisher pub = new RtmpPublisher("rtmp://127.0.0.1:" + port + "/live/" + KEY, FAST, Clock.systemUTC())) {
            pub.start();
            long t0 = System.nanoTime();
            for (int i = 0; i < 20_000; i++) {
                pub.send(i % 60 == 0 ? new FlvTag(FlvTag.Type.VIDEO, i, new byte[] {0x17, 1, 0, 0, 0})
                        : new FlvTag(FlvTag.Type.AUDIO, i, new byte[] {0x2E, 0}));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
            assertThat(pub.droppedTags()).isGreaterThan(19_000);
            Thread.sleep(200);
            assertThat(pub.state()).isIn(RtmpPublisher.State.BACKOFF, RtmpPublisher.State.CONNECTING);
        }
        String all = String.join("\n", logs.lines());
        assertThat(all).contains("Connection refused").doesNotContain(KEY);
    }

    @Test
    void rejectsRtmpsAndKeepsTheKeyOutOfErrors() {
        assertThatThrownBy(() -> RtmpUrl.parse("rtmps://live.twitch.tv/app/" + KEY))
                .hasMessageContaining("rtmps").hasMessageNotContaining(KEY);
        assertThatThrownBy(() -> RtmpUrl.parse("http://x/app/" + KEY)).hasMessageNotContaining(KEY);
        RtmpUrl u = RtmpUrl.parse("rtmp://live.twitch.tv/app/" + KEY);
        assertThat(u.port()).isEqualTo(1935);
        assertThat(u.app()).isEqualTo("app");
        assertThat(u.tcUrl()).isEqualTo("rtmp://live.twitch.tv/app");
        assertThat(u.toString()).isEqualTo("rtmp://live.twitch.tv/app/***");
        assertThat(RtmpUrl.parse("rtmp://h:1936/a/b/k?x=1").app()).isEqualTo("a/b");
    }

    private static RtmpMessage find(List<RtmpMessage> got, Predicate<RtmpMessage> p) {
        return got.stream().filter(p).findFirst().orElseThrow();
    }

    private static void await(RtmpPublisher pub, RtmpPublisher.State s) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pub.state() != s && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(pub.state()).isEqualTo(s);
    }
}
