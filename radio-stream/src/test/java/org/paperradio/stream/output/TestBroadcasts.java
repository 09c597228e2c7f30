package org.paperradio.stream.output;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import org.paperradio.stream.playout.AirFixtures;

/** Live broadcasts for tests in other packages. */
public final class TestBroadcasts {

    private TestBroadcasts() {
    }

    /**
     * A broadcast whose encoder replays, frame by frame, real MP3 frames of a tone that jump3r
     * encoded once: a test can push minutes of stream through it for next to no CPU.
     */
    public static LiveMp3Broadcast replaying(int sampleRate, int kbps, Duration burst, Duration maxLag) {
        LiveMp3Broadcast.Encoder lame = LiveMp3Broadcast.lame(sampleRate, kbps).get();
        short[] tone = AirFixtures.tone(2.0, 440);
        List<byte[]> frames = new Mp3Frames().feed(lame.encode(tone, 0, tone.length));
        lame.close();
        int perFrame = Mp3Frames.samplesPerFrame(sampleRate);
        return new LiveMp3Broadcast(sampleRate, burst, maxLag, () -> new LiveMp3Broadcast.Encoder() {
            private long samples;
            private long framesOut;

            @Override
            public byte[] encode(short[] pcm, int offset, int length) {
                samples += length;
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                while ((framesOut + 1) * perFrame <= samples) {
                    out.writeBytes(frames.get((int) (framesOut++ % frames.size())));
                }
                return out.toByteArray();
            }

            @Override
            public void close() {
            }
        });
    }
}
