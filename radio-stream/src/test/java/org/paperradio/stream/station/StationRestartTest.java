package org.paperradio.stream.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.AppendLog;
import org.paperradio.core.store.PaperStore;
import org.paperradio.ingest.testing.TestPapers;

/**
 * Kills a real station process (SIGKILL, no shutdown hook) in the middle of its work, again and
 * again: once right after its first paper is voiced, then at random moments (seeded; the seed is
 * in the failure message) while it starts, downloads, renders, writes and voices. Then a last run
 * finishes the work, and the store and the arXiv server show that no paper was lost, no stage's
 * work was recorded twice, a finished download was never repeated, and no half-written file is left.
 */
class StationRestartTest {

    @TempDir
    Path dir;

    @Test
    void aKilledStationResumesWithoutLosingOrRepeatingWork() throws Exception {
        try (FakeArxiv arxiv = new FakeArxiv()) {
            for (int i = 0; i < 4; i++) {
                StationRun.serveGood(arxiv, i);
            }
            Path data = dir.resolve("data");
            Path config = StationRun.writeConfig(dir, arxiv.base(), data);
            List<ArxivId> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ids.add(TestPapers.get(i).id());
            }

            long seed = System.nanoTime();
            Random random = new Random(seed);
            List<Set<String>> fetchedAtKill = new ArrayList<>();
            Process first = startStation(config, dir.resolve("first.log"));
            try {
                StationRun.await("the first paper voiced", Duration.ofMinutes(3), () -> count(data, "voiced") >= 1);
            } finally {
                fetchedAtKill.add(subjects(data, "fetched"));
                first.destroyForcibly().waitFor();
            }
            assertThat(count(data, "voiced")).as("killed mid-run: not all papers voiced yet").isLessThan(4);
            List<Long> killedAfter = new ArrayList<>();
            for (int k = 0; k < 2 && count(data, "voiced") < 4; k++) {
                long millis = 4_000 + random.nextInt(12_000); // the JVM starts in ~3-6 s: some land in start-up
                killedAfter.add(millis);
                Process p = startStation(config, dir.resolve("killed-" + k + ".log"));
                Thread.sleep(millis);
                fetchedAtKill.add(subjects(data, "fetched"));
                p.destroyForcibly().waitFor();
            }
            String plan = "seed " + seed + ", random kills after " + killedAfter + " ms";

            Process second = startStation(config, dir.resolve("second.log"));
            try {
                StationRun.await("all papers voiced after the restarts (" + plan + ")", Duration.ofMinutes(4),
                        () -> count(data, "voiced") >= 4);
            } finally {
                second.destroy(); // SIGTERM: the shutdown hook stops the station cleanly
                assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s of SIGTERM").isTrue();
            }
            assertThat(Files.readString(dir.resolve("second.log"))).as("clean shutdown").contains("Test Radio stopped");

            assertThat(Files.readString(dir.resolve("second.log"))).as("the second run resumed stored papers")
                    .contains("resumed");

            // before a store is opened on the folder (opening one clears temporary files)
            StationRun.assertNoHalfWrittenFiles(data);
            PaperStore store = new PaperStore(data, Clock.systemUTC());
            List<AppendLog.Entry> events = store.events().read();
            for (ArxivId id : ids) {
                // a download is repeated only when a kill cut it off (before it was recorded as fetched)
                long cutOff = fetchedAtKill.stream().filter(s -> !s.contains(id.toString())).count();
                assertThat(arxiv.hits(FakeArxiv.pdfPath(id))).as("downloads of " + id + " (" + plan + ")")
                        .isBetween(1, (int) (1 + cutOff));
                // no stage's work recorded twice (a kill between paper.json and its journal line may lose
                // the line: the record below is the truth)
                for (String event : List.of("discovered", "fetched", "extracted", "indexed", "written", "voiced")) {
                    assertThat(events.stream().filter(e -> e.event().equals(event) && e.subject().equals(id.toString())))
                            .as(event + " " + id + " (" + plan + ")").hasSizeLessThanOrEqualTo(1);
                }
                PaperRecord rec = store.load(id);
                assertThat(rec.failed()).isFalse();
                assertThat(rec.stage()).isIn(Stage.VOICED, Stage.AIRED);
                assertThat(store.file(id, "audio/segment.mp3")).isNotEmptyFile();
            }
        }
    }

    private static Set<String> subjects(Path data, String event) {
        try {
            return new AppendLog(data.resolve("events.log"), Clock.systemUTC()).read().stream()
                    .filter(e -> e.event().equals(event)).map(AppendLog.Entry::subject).collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }

    private static long count(Path data, String event) {
        try {
            AppendLog log = new AppendLog(data.resolve("events.log"), Clock.systemUTC());
            Map<String, Long> byEvent = log.read().stream()
                    .collect(Collectors.groupingBy(AppendLog.Entry::event, Collectors.counting()));
            return byEvent.getOrDefault(event, 0L);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The station's own main in a child JVM with this test's class path. */
    private static Process startStation(Path config, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = List.of(java, "-Xmx768m", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), Station.class.getName(), "--config", config.toString());
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
