package org.paperradio.stream.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.testing.Await;
import org.paperradio.stream.playout.AirFixtures;
import org.paperradio.stream.playout.Ident;

/** The broadcast tags each frame with the title on air, at the frame where the item's audio starts. */
class IcyTitleTaggingTest {

    private static final int RATE = AirFixtures.RATE;
    private static final int BLOCK = RATE / 10;

    @TempDir
    Path tmp;

    private LiveMp3Broadcast broadcast;

    @AfterEach
    void tearDown() {
        if (broadcast != null) {
            broadcast.close();
        }
    }

    private record Tagged(byte[] mp3, String title) {
    }

    /** The cue, then {@code seconds} of tone in 100 ms blocks, as the clock does. */
    private void air(String title, double seconds, double freq) {
        broadcast.segmentStarted(new Ident(title, AirFixtures.pcm(0.1, freq)));
        short[] tone = AirFixtures.tone(seconds, freq);
        for (int off = 0; off < tone.length; off += BLOCK) {
            broadcast.write(tone, off, Math.min(BLOCK, tone.length - off));
        }
    }

    private void awaitEncoded(long frames) throws InterruptedException {
        Await.until(frames + " frames encoded", Duration.ofSeconds(20),
                () -> broadcast.framesEncoded() >= frames && broadcast.pendingSamples() == 0);
    }

    private static List<Tagged> drain(Listener l) throws InterruptedException {
        List<Tagged> out = new ArrayList<>();
        for (byte[] f = l.next(Duration.ofSeconds(2)); f != null; f = l.poll()) {
            out.add(new Tagged(f, l.title()));
        }
        return out;
    }

    private static int firstWithTitle(List<Tagged> frames, String title) {
        for (int i = 0; i < frames.size(); i++) {
            if (title.equals(frames.get(i).title())) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void theTitleSwitchesAtTheFrameWhereTheNewItemIsHeard() throws Exception {
        broadcast = new LiveMp3Broadcast(RATE, 96, Duration.ofMillis(300), Duration.ofSeconds(10));
        Listener listener = broadcast.subscribe();
        assertThat(listener.title()).isNull();
        air("first", 1.0, 440);
        air("second", 1.0, 880);
        awaitEncoded(70);
        List<Tagged> frames = drain(listener);

        int switchAt = firstWithTitle(frames, "second");
        assertThat(frames.subList(0, switchAt)).allMatch(f -> "first".equals(f.title()));
        assertThat(frames.subList(switchAt, frames.size())).allMatch(f -> "second".equals(f.title()));

        // where the decoded stream really turns to 880 Hz: inside the first frame titled "second"
        ByteArrayOutputStream mp3 = new ByteArrayOutputStream();
        frames.forEach(f -> mp3.writeBytes(f.mp3()));
        Optional<short[]> pcm = AirFixtures.decodeMp3(mp3.toByteArray(), tmp);
        assumeThat(pcm).as("ffmpeg or mpg123 to decode").isPresent();
        int heard = onsetOfHigherTone(pcm.get());
        int perFrame = Mp3Frames.samplesPerFrame(RATE);
        assertThat(heard).isBetween(switchAt * perFrame - 100, (switchAt + 1) * perFrame + 100);
    }

    @Test
    void aLateListenerGetsTheTitleWithItsFirstFrames() throws Exception {
        broadcast = new LiveMp3Broadcast(RATE, 96, Duration.ofMillis(300), Duration.ofSeconds(10));
        air("on air", 1.0, 440);
        awaitEncoded(30);
        Listener late = broadcast.subscribe();
        assertThat(late.next(Duration.ofSeconds(2))).isNotNull();
        assertThat(late.title()).isEqualTo("on air");
    }

    @Test
    void anItemCuedAsTheEncoderFailsIsStillNamedAfterTheRestart() throws Exception {
        AtomicInteger made = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        Supplier<LiveMp3Broadcast.Encoder> lame = LiveMp3Broadcast.lame(RATE, 96);
        Supplier<LiveMp3Broadcast.Encoder> failingOnce = () -> {
            LiveMp3Broadcast.Encoder real = lame.get();
            boolean first = made.getAndIncrement() == 0;
            return new LiveMp3Broadcast.Encoder() {
                @Override
                public byte[] encode(short[] samples, int offset, int length) {
                    if (first && calls.incrementAndGet() == 11) { // the second item's first block
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
        air("before", 1.0, 440);
        air("after", 1.0, 880);
        awaitEncoded(65);
        List<Tagged> frames = drain(listener);
        assertThat(made.get()).isEqualTo(2);
        int switchAt = firstWithTitle(frames, "after");
        assertThat(switchAt).isPositive();
        assertThat(frames.subList(0, switchAt)).allMatch(f -> "before".equals(f.title()));
        assertThat(frames.subList(switchAt, frames.size())).hasSizeGreaterThan(30)
                .allMatch(f -> "after".equals(f.title()));
    }

    /**
     * The first sample from which the tone rises at 880 Hz (every 50 samples) rather than 440: four
     * periods in a row shorter than 75 samples, with hysteresis so noise near zero does not count.
     */
    private static int onsetOfHigherTone(short[] s) {
        List<Integer> rises = new ArrayList<>();
        boolean low = false;
        for (int i = 0; i < s.length; i++) {
            if (s[i] < -2000) {
                low = true;
            } else if (low && s[i] > 2000) {
                rises.add(i);
                low = false;
            }
        }
        for (int k = 0; k + 4 < rises.size(); k++) {
            boolean fast = true;
            for (int j = k; j < k + 4; j++) {
                fast &= rises.get(j + 1) - rises.get(j) < 75;
            }
            if (fast) {
                return rises.get(k);
            }
        }
        return -1;
    }
}
