package org.paperradio.stream.playout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.testing.Await;

class ReadyQueueTest {

    @TempDir
    Path data;

    @Test
    void acceptBlocksWhileEnoughIsReadyAndGivesUpWhenInterrupted() throws Exception {
        PaperStore store = new PaperStore(data, Clock.systemUTC());
        ReadyQueue ready = new ReadyQueue(store, Duration.ofSeconds(3));
        PaperRecord a = AirFixtures.voicedPaper(store, "2501.00011v1", "A", 2.0, 440);
        PaperRecord b = AirFixtures.voicedPaper(store, "2501.00012v1", "B", 2.0, 440);
        PaperRecord c = AirFixtures.voicedPaper(store, "2501.00013v1", "C", 1.0, 440);
        ready.accept(a);
        ready.accept(b); // 2 s < 3 s: still room
        assertThat(ready.bufferedAhead()).isEqualTo(Duration.ofSeconds(4));
        assertThat(ready.upNext(5)).extracting(PaperSegment::title).containsExactly("A", "B");

        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread blocked = Thread.ofVirtual().start(() -> {
            ready.accept(c);
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        Await.until("accept() waiting for room", Duration.ofSeconds(5),
                () -> blocked.getState() == Thread.State.WAITING);
        blocked.interrupt();
        assertThat(blocked.join(Duration.ofSeconds(2))).isTrue();
        assertThat(interruptKept).isTrue();
        assertThat(ready.size()).isEqualTo(2);
        assertThat(store.load(c.id()).stage()).isEqualTo(Stage.VOICED);

        // taking a segment off makes room and a waiting accept goes through
        Thread waiting = Thread.ofVirtual().start(() -> ready.accept(c));
        Await.until("accept() waiting for room", Duration.ofSeconds(5),
                () -> waiting.getState() == Thread.State.WAITING);
        assertThat(ready.poll().title()).isEqualTo("A");
        assertThat(waiting.join(Duration.ofSeconds(2))).isTrue();
        assertThat(ready.upNext(5)).extracting(PaperSegment::title).containsExactly("B", "C");
        assertThat(ready.bufferedAhead()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aPaperWithoutReadableTimingIsNotQueued() throws Exception {
        PaperStore store = new PaperStore(data, Clock.systemUTC());
        ReadyQueue ready = new ReadyQueue(store, Duration.ofMinutes(1));
        PaperRecord a = AirFixtures.voicedPaper(store, "2501.00014v1", "A", 1.0, 440);
        Files.writeString(store.file(a.id(), PaperFiles.TIMING), "{ not json");
        ready.accept(a);
        ready.accept(a.at(Stage.WRITTEN));
        assertThat(ready.size()).isZero();
        assertThat(ready.poll()).isNull();
    }
}
