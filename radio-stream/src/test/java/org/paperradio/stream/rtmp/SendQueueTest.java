package org.paperradio.stream.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendQueueTest {

    private static FlvTag key(long ts) {
        return new FlvTag(FlvTag.Type.VIDEO, ts, new byte[] {0x17, 1, 0, 0, 0});
    }

    private static FlvTag inter(long ts) {
        return new FlvTag(FlvTag.Type.VIDEO, ts, new byte[] {0x27, 1, 0, 0, 0});
    }

    private static FlvTag audio(long ts) {
        return new FlvTag(FlvTag.Type.AUDIO, ts, new byte[] {0x2E, 0});
    }

    private static List<String> drain(SendQueue q) throws InterruptedException {
        List<String> out = new ArrayList<>();
        FlvTag t;
        while ((t = q.poll(0)) != null) {
            out.add((t.isConfig() ? "C" : t.isKeyframe() ? "K" : t.type() == FlvTag.Type.AUDIO ? "A" : "P") + t.timestampMs());
        }
        return out;
    }

    @Test
    void whenFullDropsTheOldestDroppableAndTheVideoThatDependsOnIt() throws InterruptedException {
        SendQueue q = new SendQueue(8);
        q.offer(FlvTag.avcSequenceHeader(0, new byte[] {0x67, 66, 0, 30}, new byte[] {0x68}), true);
        q.offer(key(0), true);
        q.offer(inter(1), true);
        q.offer(inter(2), true);
        q.offer(audio(3), true);
        q.offer(key(4), true);
        q.offer(inter(5), true);
        q.offer(audio(6), true);
        q.offer(audio(7), true); // 9 > 8: P1 goes, and P2 with it (it predicts from P1)
        assertThat(drain(q)).containsExactly("C0", "K0", "A3", "K4", "P5", "A6", "A7");
        assertThat(q.dropped()).isEqualTo(2);
    }

    @Test
    void whenNoKeyFrameIsQueuedLaterInterFramesAreDroppedUntilOneArrives() throws InterruptedException {
        SendQueue q = new SendQueue(8);
        for (int i = 0; i < 9; i++) {
            q.offer(inter(i), true);
        }
        q.offer(inter(9), true);
        q.offer(audio(10), true);
        q.offer(key(11), true);
        q.offer(inter(12), true);
        assertThat(drain(q)).containsExactly("A10", "K11", "P12");
    }

    @Test
    void whileDisconnectedAKeyFrameClearsOlderMediaButKeepsTheLatestConfig() throws InterruptedException {
        SendQueue q = new SendQueue(16);
        FlvTag meta1 = new FlvTag(FlvTag.Type.SCRIPT, 0, Amf0.encode("onMetaData", 1));
        FlvTag meta2 = new FlvTag(FlvTag.Type.SCRIPT, 0, Amf0.encode("onMetaData", 2));
        q.offer(meta1, false);
        q.offer(audio(1), false);
        q.offer(inter(2), false);
        q.offer(meta2, false);
        q.offer(key(3), false);
        assertThat(q.latestConfig()).containsExactly(meta2);
        assertThat(drain(q)).containsExactly("C0", "K3");
    }
}
