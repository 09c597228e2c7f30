package org.paperradio.stream.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.testing.Await;
import org.paperradio.stream.playout.AirFixtures;

class LiveMp3BroadcastTest {

    private static final int RATE = AirFixtures.RATE;

    @TempDir
    Path tmp;

    private LiveMp3Broadcast broadcast;

    @AfterEach
    void tearDown() {
        if (broadcast != null) {
            broadcast.close();
        }
    }

    /** Writes {@code seconds} of tone in 100 ms blocks, as the clock does. */
    private void air(double seconds) {
        short[] tone = AirFixtures.tone(seconds, 440);
        for (int off = 0; off < tone.length; off += RATE / 10) {
            broadcast.write(tone, off, Math.min(RATE / 10, tone.length - off));
        }
    }

    /** Waits until at least {@code n} frames are out and all PCM written so far is encoded. */
    private static void awaitFrames(LiveMp3Broadcast b, long n) throws InterruptedException {
        Await.until(n + " frames encoded and nothing pending", Duration.ofSeconds(20),
                () -> b.framesEncoded() >= n && b.pendingSamples() == 0);
    }

    /** Reads whatever the listener holds now, waiting briefly for the first frame. */
    private static byte[] drain(Listener l) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] f = l.next(Duration.ofSeconds(2));
        while (f != null) {
            out.writeBytes(f);
            f = l.poll();
        }
        return out.toByteArray();
    }

    /** Checks the header independently of Mp3Frames: sync, MPEG-1 Layer III, 96 kbit/s, 44.1 kHz. */
    private static void assertStartsWithFrameHeader(byte[] b) {
        assertThat(b.length).isGreaterThan(4);
        assertThat(b[0] & 0xff).isEqualTo(0xff);
        assertThat(b[1] & 0xfe).isEqualTo(0xfa); // 111 11 01 x: sync, MPEG-1, Layer III
        assertThat((b[2] >> 4) & 0xf).isEqualTo(7); // 96 kbit/s
        assertThat((b[2] >> 2) & 0x3).isEqualTo(0); // 44.1 kHz
    }

    @Test
    void listenersJoiningAtDifferentTimesEachGetWholeFramesThatDecode() throws Exception {
        broadcast = new LiveMp3Broadcast(RATE, 96, Duration.ofMillis(500), Duration.ofSeconds(5));
        air(1.0);
        awaitFrames(broadcast, 30);
        Listener first = broadcast.subscribe();
        air(1.0);
        awaitFrames(broadcast, 68);
        Listener second = broadcast.subscribe();
        assertThat(broadcast.listenerCount()).isEqualTo(2);
        air(1.0);
        awaitFrames(broadcast, 105);

        byte[] a = drain(first);
        byte[] b = drain(second);
        assertStartsWithFrameHeader(a);
        assertStartsWithFrameHeader(b);
        // the first joined 1 s earlier: it holds about 1 s more (both start with a 0.5 s burst)
        double bytesPerSecond = 96_000 / 8.0;
        assertThat((a.length - b.length) / bytesPerSecond).isBetween(0.8, 1.2);
        assertThat(b.length / bytesPerSecond).isBetween(1.2, 1.8);

        first.close();
        assertThat(broadcast.listenerCount()).isEqualTo(1);

        Optional<short[]> decoded = AirFixtures.decodeMp3(a, tmp);
        assumeThat(decoded).as("ffmpeg or mpg123 to decode").isPresent();
        short[] pcm = decoded.get();
        assertThat((double) pcm.length / RATE).isBetween(2.0, 2.7);
        assertThat(AirFixtures.rms(pcm)).isGreaterThan(0.1); // the tone is at 0.24 of full scale
    }

    @Test
    void aStalledListenerIsDroppedWithoutSlowingTheOther() throws Exception {
        broadcast = new LiveMp3Broadcast(RATE, 96, Duration.ofMillis(200), Duration.ofSeconds(1));
        Listener stalled = broadcast.subscribe();
        Listener reader = broadcast.subscribe();
        AtomicInteger read = new AtomicInteger();
        Thread readerThread = Thread.ofPlatform().start(() -> {
            try {
                while (reader.isOpen()) {
                    if (reader.next(Duration.ofMillis(100)) != null) {
                        read.incrementAndGet();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // 4 s of air, 100 ms at a time, each block only once the reader has read all before it:
        // the reader never lags, whatever the machine's load, while the stalled one never reads
        short[] tone = AirFixtures.tone(4.0, 440);
        for (int off = 0; off < tone.length; off += RATE / 10) {
            broadcast.write(tone, off, Math.min(RATE / 10, tone.length - off));
            Await.until("the reader to catch up", Duration.ofSeconds(10),
                    () -> broadcast.pendingSamples() == 0 && read.get() == broadcast.framesEncoded());
        }

        assertThat(broadcast.framesEncoded()).isGreaterThan(4 * RATE / 1152 - 3);
        assertThat(stalled.wasDropped()).isTrue();
        assertThat(stalled.isOpen()).isFalse();
        assertThat(stalled.next(Duration.ofMillis(10))).isNull();
        assertThat(reader.isOpen()).isTrue();
        assertThat(reader.wasDropped()).isFalse();
        assertThat(broadcast.listenerCount()).isEqualTo(1);

        broadcast.close();
        assertThat(readerThread.join(Duration.ofSeconds(5))).isTrue();
        assertThat(reader.isOpen()).isFalse();
    }

    @Test
    void anEncoderThatThrowsIsReplacedAndTheStreamGoesOn() throws Exception {
        AtomicInteger made = new AtomicInteger();
        AtomicInteger blocks = new AtomicInteger();
        Supplier<LiveMp3Broadcast.Encoder> lame = LiveMp3Broadcast.lame(RATE, 96);
        // the first encoder dies on its 5th block, with an Error rather than an exception
        Supplier<LiveMp3Broadcast.Encoder> failingOnce = () -> {
            LiveMp3Broadcast.Encoder real = lame.get();
            boolean first = made.incrementAndGet() == 1;
            return new LiveMp3Broadcast.Encoder() {
                @Override
                public byte[] encode(short[] samples, int offset, int length) {
                    if (first && blocks.incrementAndGet() == 5) {
                        throw new InternalError("simulated encoder crash");
                    }
                    return real.encode(samples, offset, length);
                }

                @Override
                public void close() {
                    real.close();
                }
            };
        };
        broadcast = new LiveMp3Broadcast(RATE, Duration.ofMillis(200), Duration.ofSeconds(10), failingOnce);
        Listener listener = broadcast.subscribe();
        air(1.0);
        awaitFrames(broadcast, 1);
        assertThat(made.get()).isEqualTo(2);
        long before = broadcast.framesEncoded();
        air(1.0);
        awaitFrames(broadcast, before + 30);
        assertThat(made.get()).isEqualTo(2);

        // one listener kept its stream across the crash: whole frames only, about 1.9 s of audio
        byte[] mp3 = drain(listener);
        assertThat(listener.isOpen()).isTrue();
        assertStartsWithFrameHeader(mp3);
        Mp3Frames frames = new Mp3Frames();
        int total = frames.feed(mp3).stream().mapToInt(f -> f.length).sum();
        assertThat(frames.skippedBytes()).isZero();
        assertThat(total).isEqualTo(mp3.length);
        assertThat(mp3.length / (96_000 / 8.0)).isBetween(1.6, 2.0);

        Optional<short[]> decoded = AirFixtures.decodeMp3(mp3, tmp);
        assumeThat(decoded).as("ffmpeg or mpg123 to decode").isPresent();
        assertThat((double) decoded.get().length / RATE).isBetween(1.6, 2.0);
        assertThat(AirFixtures.rms(decoded.get())).isGreaterThan(0.1);
    }
}
