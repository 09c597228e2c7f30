package org.paperradio.stream.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.store.PaperStore;
import org.paperradio.stream.playout.AirFixtures;
import org.paperradio.stream.playout.Ident;
import org.paperradio.stream.playout.Interval;
import org.paperradio.stream.playout.PaperSegment;
import org.paperradio.stream.playout.Rerun;

class SegmentArchiveTest {

    @TempDir
    Path data;

    @Test
    void archivesPaperSegmentsAsTheyStartButNothingElse() throws Exception {
        PaperStore store = new PaperStore(data, Clock.systemUTC());
        PaperRecord rec = AirFixtures.voicedPaper(store, "2501.00021v2", "Archived", 1.0, 440);
        PaperSegment seg = PaperSegment.load(store, rec);
        Clock at = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);

        SegmentArchive archive = new SegmentArchive(data, at);
        archive.segmentStarted(new Ident("Paper Radio", AirFixtures.pcm(0.2, 440)));
        archive.segmentStarted(new Interval("Interval", AirFixtures.pcm(0.2, 440)));
        archive.segmentStarted(new Rerun(seg));
        archive.segmentStarted(seg);
        archive.close();

        Path expected = data.resolve("archive/2026-03-04/050607-2501.00021v2.mp3");
        assertThat(expected).exists();
        assertThat(Files.readAllBytes(expected)).isEqualTo(Files.readAllBytes(seg.mp3()));
        try (Stream<Path> all = Files.walk(data.resolve("archive"))) {
            assertThat(all.filter(Files::isRegularFile)).containsExactly(expected);
        }
    }

    @Test
    void aCopyThatFailsDoesNotStopTheArchive() throws Exception {
        PaperStore store = new PaperStore(data, Clock.systemUTC());
        PaperSegment blocked = PaperSegment.load(store,
                AirFixtures.voicedPaper(store, "2501.00022v1", "Blocked", 0.2, 440));
        PaperSegment next = PaperSegment.load(store,
                AirFixtures.voicedPaper(store, "2501.00023v1", "Next", 0.2, 440));
        Clock at = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);
        // a non-empty folder where the first copy must go: the copy cannot replace it
        Path taken = data.resolve("archive/2026-03-04/050607-2501.00022v1.mp3");
        Files.createDirectories(taken);
        Files.writeString(taken.resolve("keep"), "in the way");

        SegmentArchive archive = new SegmentArchive(data, at);
        archive.segmentStarted(blocked);
        archive.segmentStarted(next);
        archive.close();

        assertThat(taken).isDirectory();
        Path expected = data.resolve("archive/2026-03-04/050607-2501.00023v1.mp3");
        assertThat(Files.readAllBytes(expected)).isEqualTo(Files.readAllBytes(next.mp3()));
    }
}
