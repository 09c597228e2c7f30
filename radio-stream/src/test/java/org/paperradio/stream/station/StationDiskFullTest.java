package org.paperradio.stream.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.ConfigLoader;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.AppendLog;
import org.paperradio.core.store.PaperStore;
import org.paperradio.ingest.testing.TestPapers;
import org.paperradio.stream.testing.LogCapture;
import org.paperradio.stream.testing.SmallDisk;
import org.paperradio.tts.audio.WavFiles;

/**
 * The station's data folder on a real 96 MB tmpfs that fills up (but for 400 KB) while papers are
 * in flight: what cannot be written fails for now with "No space left on device" (in the log and
 * /metrics), the air goes on from what was already voiced, nothing half-written is left to read
 * back, and once space is free again the same papers finish, each exactly once.
 */
class StationDiskFullTest {

    @TempDir
    Path dir;

    @Test
    void aFullDiskCostsNothingAndTheWorkResumesWhenSpaceIsBack() throws Exception {
        Optional<SmallDisk> mounted = SmallDisk.mount(dir.resolve("data"), 96);
        assumeThat(mounted).as("mounting a tmpfs needs root (the CI machine has it)").isPresent();
        try (SmallDisk disk = mounted.get(); FakeArxiv arxiv = new FakeArxiv(); LogCapture logs = new LogCapture()) {
            Path data = dir.resolve("data");
            StationRun.serveGood(arxiv, 0);
            StationConfig config = new ConfigLoader().parse(StationRun.config(arxiv.base(), data), "disk.yaml");
            ArxivId first = TestPapers.get(0).id();
            List<ArxivId> later = List.of(TestPapers.get(1).id(), TestPapers.get(2).id());

            try (Station station = new Station(config, Clock.systemUTC(), Map.<String, String>of()::get)) {
                station.start();
                URI base = URI.create("http://127.0.0.1:" + station.port() + "/");
                PaperStore store = station.store();
                StationRun.await("the first paper voiced", Duration.ofMinutes(3),
                        () -> atLeast(store, first, Stage.VOICED));
                byte[] firstAudio = audioOf(store, first);

                // the disk fills up but for 400 KB: a paper.json and a PDF fit, page images and audio do not
                long filled = disk.fill(400 * 1024);
                // (the station may write a little meanwhile: the archive, the aired log)
                assertThat(disk.usable()).as("free after filling " + filled + " bytes").isLessThan(600_000L);
                StationRun.serveGood(arxiv, 1);
                StationRun.serveGood(arxiv, 2);
                StationRun.await("a write refused for want of space", Duration.ofMinutes(2), () ->
                        logs.lines().stream().anyMatch(l -> l.contains("No space left on device")));
                Thread.sleep(5_000); // the station lives with a full disk for a while

                assertThat(later).noneMatch(id -> atLeast(store, id, Stage.VOICED));
                assertThat(StationRun.listen(base, Duration.ofSeconds(3))).as("bytes of /live.mp3 in 3 s").isGreaterThan(8_000);
                assertThat(StationRun.metric(base, "paperradio_air_dead_seconds_total")).as("dead air").isZero();
                double unstored = StationRun.metric(base, "paperradio_poll_store_failures_total");
                double stageFailures = StationRun.metricSum(base,
                        "paperradio_stage_items_total\\{outcome=\"(retried|failed)\",stage=\"[a-z]+\"\\}");
                assertThat(unstored).as("the store-failures metric is there").isGreaterThanOrEqualTo(0);
                assertThat(stageFailures).as("the stage-items metric is there").isGreaterThanOrEqualTo(0);
                assertThat(unstored + stageFailures).as("the full disk in /metrics").isPositive();
                StationRun.assertPapersReadBack(data);

                // space again: the same papers go on from where they stopped
                disk.free();
                StationRun.await("the later papers voiced once there is space", Duration.ofMinutes(4),
                        () -> later.stream().allMatch(id -> atLeast(store, id, Stage.VOICED)));
                assertThat(audioOf(store, first)).as("the first paper's audio untouched").isEqualTo(firstAudio);
                StationRun.assertPapersReadBack(data);
                List<AppendLog.Entry> events = store.events().read();
                for (ArxivId id : List.of(first, later.get(0), later.get(1))) {
                    // never twice; a line may be lost to the full disk (the journal gives way, paper.json holds)
                    for (String event : List.of("discovered", "fetched", "extracted", "indexed", "written", "voiced")) {
                        assertThat(events).filteredOn(e -> e.event().equals(event) && e.subject().equals(id.toString()))
                                .as(event + " " + id).hasSizeLessThanOrEqualTo(1);
                    }
                    assertThat(WavFiles.read(store.file(id, "audio/segment.wav")).duration())
                            .isGreaterThan(Duration.ofSeconds(5));
                }
                assertThat(StationRun.metric(base, "paperradio_air_dead_seconds_total")).as("dead air").isZero();
            }
            StationRun.assertNoHalfWrittenFiles(data); // the station has stopped: no temporary file may be left
        }
    }

    private static boolean atLeast(PaperStore store, ArxivId id, Stage stage) {
        return StationRun.record(store, id).filter(r -> !r.failed() && r.stage().ordinal() >= stage.ordinal()).isPresent();
    }

    private static byte[] audioOf(PaperStore store, ArxivId id) throws IOException {
        return Files.readAllBytes(store.file(id, "audio/segment.wav"));
    }

}
