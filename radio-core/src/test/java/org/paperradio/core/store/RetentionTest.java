package org.paperradio.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperradio.core.testing.TestMeta.meta;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.ConfigLoader;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.Failure;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.testing.MutableClock;

class RetentionTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    /** Everything a voiced paper has; the first four are the big derived files. */
    private static final List<String> BIG = List.of(PaperFiles.PDF, "pages/001.png", "pages/002.png", PaperFiles.WAV);
    private static final List<String> SMALL = List.of(PaperFiles.RECORD, PaperFiles.SUMMARY, PaperFiles.SCRIPT,
            PaperFiles.TIMING, PaperFiles.MP3, PaperFiles.SECTIONS);

    @TempDir
    Path tmp;
    private Path data;
    private Path outside;
    private final MutableClock clock = new MutableClock(NOW);
    private PaperStore store;

    @BeforeEach
    void open() throws IOException {
        data = Files.createDirectories(tmp.resolve("data"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        store = new PaperStore(data, clock);
    }

    private Retention retention(String yaml) throws Exception {
        return new Retention(store, new ConfigLoader().parse(yaml, "test.yaml"), clock);
    }

    /** A paper with every artifact, at {@code stage}, its way ended (paper.json written) {@code ago}. */
    private ArxivId paper(String id, Stage stage, Failure failure, Duration ago) throws IOException {
        ArxivId a = store.add(meta(id)).orElseThrow().id();
        for (String f : BIG) {
            write(store.folder(a).resolve(f), 1000);
        }
        for (String f : SMALL.subList(1, SMALL.size())) {
            write(store.folder(a).resolve(f), 10);
        }
        store.advance(a, stage);
        if (failure != null) {
            store.fail(a, failure);
        }
        age(store.folder(a).resolve(PaperFiles.RECORD), ago);
        return a;
    }

    private static void write(Path file, int bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
    }

    private void age(Path file, Duration ago) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(NOW.minus(ago)));
    }

    private boolean has(ArxivId id, String name) {
        return Files.exists(store.folder(id).resolve(name));
    }

    @Test
    void anOldAiredPaperLosesItsPdfPagesAndWavButKeepsTheRest() throws Exception {
        ArxivId old = paper("2501.00001v1", Stage.AIRED, null, Duration.ofDays(31));
        ArxivId passed = paper("2501.00002v1", Stage.PASSED_OVER, null, Duration.ofDays(40));
        ArxivId recent = paper("2501.00003v1", Stage.AIRED, null, Duration.ofHours(2)); // the one rerun slot

        Retention.Report r = retention("playout: {rerunPool: 1}").sweep();

        for (ArxivId gone : List.of(old, passed)) {
            for (String f : BIG) {
                assertThat(has(gone, f)).as(gone + " " + f).isFalse();
            }
            assertThat(has(gone, PaperFiles.PAGES)).as("the emptied pages folder goes too").isFalse();
            for (String f : SMALL) {
                assertThat(has(gone, f)).as(gone + " " + f).isTrue();
            }
        }
        for (String f : BIG) {
            assertThat(has(recent, f)).as(f).isTrue();
        }
        assertThat(r).isEqualTo(new Retention.Report(8, 8000, 2, 0, 0, 0));
        assertThat(store.load(old).stage()).isEqualTo(Stage.AIRED);

        assertThat(retention("playout: {rerunPool: 1}").sweep().filesDeleted()).as("nothing left to do").isZero();
    }

    @Test
    void youngPapersKeepTheirFilesAndTheWavHasItsOwnAge() throws Exception {
        ArxivId young = paper("2501.00001v1", Stage.AIRED, null, Duration.ofDays(29));
        ArxivId newest = paper("2501.00002v1", Stage.AIRED, null, Duration.ofDays(1));

        Retention.Report r = retention("playout: {rerunPool: 1}").sweep();

        assertThat(has(young, PaperFiles.PDF)).isTrue();
        assertThat(has(young, "pages/001.png")).isTrue();
        assertThat(has(young, PaperFiles.WAV)).as("older than segmentWav (7d)").isFalse();
        assertThat(has(young, PaperFiles.MP3)).isTrue();
        assertThat(has(newest, PaperFiles.WAV)).isTrue();
        assertThat(r.filesDeleted()).isEqualTo(1);
        assertThat(r.papersTouched()).isEqualTo(1);
    }

    @Test
    void theMostRecentlyAiredPapersKeepTheirWavForReruns() throws Exception {
        ArxivId a = paper("2501.00001v1", Stage.AIRED, null, Duration.ofDays(20));
        ArxivId b = paper("2501.00002v1", Stage.AIRED, null, Duration.ofDays(10));
        ArxivId c = paper("2501.00003v1", Stage.AIRED, null, Duration.ofDays(15));

        retention("playout: {rerunPool: 2}").sweep();

        assertThat(has(b, PaperFiles.WAV)).isTrue();
        assertThat(has(c, PaperFiles.WAV)).isTrue();
        assertThat(has(a, PaperFiles.WAV)).isFalse();
    }

    @Test
    void papersStillOnTheirWayAreNeverTouched() throws Exception {
        ArxivId voiced = paper("2501.00001v1", Stage.VOICED, null, Duration.ofDays(400));
        ArxivId retryable = paper("2501.00002v1", Stage.EXTRACTED,
                new Failure("index", "disk full", 3, NOW.minus(Duration.ofDays(300)), true), Duration.ofDays(300));
        ArxivId forGood = paper("2501.00003v1", Stage.FETCHED,
                new Failure("extract", "broken PDF", 1, NOW.minus(Duration.ofDays(35)), false), Duration.ofDays(35));

        Retention.Report r = retention("playout: {rerunPool: 1}").sweep();

        for (ArxivId kept : List.of(voiced, retryable)) {
            for (String f : BIG) {
                assertThat(has(kept, f)).as(kept + " " + f).isTrue();
            }
        }
        assertThat(has(forGood, PaperFiles.PDF)).as("failed for good 35 days ago").isFalse();
        assertThat(has(forGood, PaperFiles.WAV)).isFalse();
        assertThat(r.papersTouched()).isEqualTo(1);
    }

    @Test
    void aRecentFailureTimeCountsEvenWhenPaperJsonLooksOlder() throws Exception {
        ArxivId id = paper("2501.00001v1", Stage.FETCHED,
                new Failure("extract", "broken PDF", 1, NOW.minus(Duration.ofDays(2)), false), Duration.ofDays(90));

        assertThat(retention("").sweep().filesDeleted()).isZero();
        assertThat(has(id, PaperFiles.PDF)).isTrue();
    }

    @Test
    void zeroKeepsForever() throws Exception {
        ArxivId id = paper("2501.00001v1", Stage.AIRED, null, Duration.ofDays(3000));
        Path archived = data.resolve("archive/2018-01-01/120000-x.mp3");
        write(archived, 10);
        age(archived, Duration.ofDays(3000));

        Retention.Report r = retention("playout: {rerunPool: 1}\nretention: {papers: 0d, segmentWav: 0d, archive: 0d}")
                .sweep();

        assertThat(r.filesDeleted()).isZero();
        assertThat(has(id, PaperFiles.PDF)).isTrue();
        assertThat(archived).exists();
    }

    @Test
    void linksOutOfTheDataFolderAreNeitherFollowedNorDeleted() throws Exception {
        // passed over: not among the aired papers that keep their WAV for reruns
        ArxivId id = paper("2501.00001v1", Stage.PASSED_OVER, null, Duration.ofDays(60));
        Path outPages = Files.createDirectories(outside.resolve("pages"));
        write(outPages.resolve("001.png"), 50);
        write(outside.resolve("paper.pdf"), 50);
        Path pages = store.folder(id).resolve(PaperFiles.PAGES);
        deleteTree(pages);
        Files.createSymbolicLink(pages, outPages);
        Files.delete(store.folder(id).resolve(PaperFiles.PDF));
        Files.createSymbolicLink(store.folder(id).resolve(PaperFiles.PDF), outside.resolve("paper.pdf"));

        // a whole paper folder that is a link to elsewhere
        ArxivId linked = ArxivId.parse("2501.00009v1");
        Path elsewhere = Files.createDirectories(outside.resolve(linked.folderName()));
        write(elsewhere.resolve(PaperFiles.PDF), 50);
        Files.copy(store.folder(id).resolve(PaperFiles.RECORD), elsewhere.resolve(PaperFiles.RECORD));
        Files.writeString(elsewhere.resolve(PaperFiles.RECORD),
                Files.readString(elsewhere.resolve(PaperFiles.RECORD)).replace(id.toString(), linked.toString()));
        age(elsewhere.resolve(PaperFiles.RECORD), Duration.ofDays(60));
        Files.createSymbolicLink(store.folder(linked), elsewhere);

        // and the archive: a linked day folder and a linked file
        Path outArchive = Files.createDirectories(outside.resolve("archive-day"));
        write(outArchive.resolve("old.mp3"), 50);
        age(outArchive.resolve("old.mp3"), Duration.ofDays(100));
        Files.createDirectories(data.resolve("archive/2026-01-01"));
        Files.createSymbolicLink(data.resolve("archive/2026-01-02"), outArchive);
        Files.createSymbolicLink(data.resolve("archive/2026-01-01/linked.mp3"), outArchive.resolve("old.mp3"));

        PaperStore reopened = new PaperStore(data, clock);
        assertThat(reopened.knows(linked)).as("the store does see the linked paper").isTrue();
        Retention.Report r = new Retention(reopened, new ConfigLoader().parse("", "t.yaml"), clock).sweep();

        assertThat(outPages.resolve("001.png")).exists();
        assertThat(outside.resolve("paper.pdf")).exists();
        assertThat(elsewhere.resolve(PaperFiles.PDF)).exists();
        assertThat(outArchive.resolve("old.mp3")).exists();
        assertThat(pages).isSymbolicLink();
        assertThat(data.resolve("archive/2026-01-01/linked.mp3")).isSymbolicLink();
        assertThat(has(id, PaperFiles.WAV)).as("the paper's own WAV still goes").isFalse();
        assertThat(r.filesDeleted()).isEqualTo(1);
        assertThat(r.errors()).as("the linked paper folder is reported").isPositive();
    }

    @Test
    void showAudioGoesLongAfterAiringButNeverBeforeItAired() throws Exception {
        Path shows = data.resolve(Retention.SHOWS);
        Path longAired = show(shows, "daily-2026-09-01", NOW.minus(Duration.ofDays(84)), NOW.minus(Duration.ofDays(84)));
        Path recentlyAired = show(shows, "daily-2026-11-01", NOW.minus(Duration.ofDays(23)), NOW.minus(Duration.ofDays(23)));
        Path upcoming = show(shows, "daily-2026-11-24", NOW.plus(Duration.ofHours(6)), null);
        Path missed = show(shows, "weekly-2026-W35", NOW.minus(Duration.ofDays(90)), null);
        Path unknown = show(shows, "weekly-2026-W30", null, null);
        // an upcoming show whose files look ancient is still kept: its slot decides
        age(upcoming.resolve("show.wav"), Duration.ofDays(365));
        Path notAShow = shows.resolve("notes");
        write(notAShow.resolve("show.wav"), 10);

        Retention.Report r = retention("").sweep();

        for (Path gone : List.of(longAired, missed)) {
            assertThat(gone.resolve("show.wav")).doesNotExist();
            assertThat(gone.resolve("show.mp3")).doesNotExist();
            assertThat(gone.resolve("script.json")).exists();
            assertThat(gone.resolve("show.json")).exists();
        }
        for (Path kept : List.of(recentlyAired, upcoming, unknown)) {
            assertThat(kept.resolve("show.wav")).as(kept.toString()).exists();
            assertThat(kept.resolve("show.mp3")).as(kept.toString()).exists();
        }
        assertThat(notAShow.resolve("show.wav")).exists();
        assertThat(r.showsTouched()).isEqualTo(2);
        assertThat(r.filesDeleted()).isEqualTo(4);
        assertThat(r.errors()).isZero();
    }

    private Path show(Path shows, String id, Instant airsAt, Instant aired) throws IOException {
        Path dir = Files.createDirectories(shows.resolve(id));
        if (airsAt != null) {
            Files.writeString(dir.resolve("script.json"), "{\"id\":\"" + id + "\",\"kind\":\"DAILY\",\"airsAt\":\""
                    + airsAt + "\",\"chapters\":[]}");
        }
        write(dir.resolve("show.wav"), 3000);
        write(dir.resolve("show.mp3"), 300);
        Files.writeString(dir.resolve("show.json"), "{}");
        if (aired != null) {
            Files.writeString(dir.resolve("aired"), aired.toString());
        }
        return dir;
    }

    @Test
    void archiveFilesGoByAgeAndEmptiedOldDayFoldersWithThem() throws Exception {
        Path oldDay = data.resolve("archive/2026-11-01");
        write(oldDay.resolve("100000-2501.00001v1.mp3"), 700);
        age(oldDay.resolve("100000-2501.00001v1.mp3"), Duration.ofDays(23));
        age(oldDay, Duration.ofDays(23));
        Path today = data.resolve("archive/2026-11-24");
        write(today.resolve("110000-2501.00002v1.mp3"), 700);
        age(today.resolve("110000-2501.00002v1.mp3"), Duration.ofHours(1));
        Path emptyToday = Files.createDirectories(data.resolve("archive/2026-11-25"));

        Retention.Report r = retention("").sweep();

        assertThat(oldDay).doesNotExist();
        assertThat(today.resolve("110000-2501.00002v1.mp3")).exists();
        assertThat(emptyToday).as("a fresh folder may be about to get its file").exists();
        assertThat(data.resolve("archive")).exists();
        assertThat(r).isEqualTo(new Retention.Report(1, 700, 0, 0, 1, 0));
    }

    @Test
    void anEmptyDataFolderIsNoError() throws Exception {
        assertThat(retention("").sweep()).isEqualTo(new Retention.Report(0, 0, 0, 0, 0, 0));
    }

    @Test
    void filesAlreadyGoneAreSkippedQuietly() throws Exception {
        ArxivId id = paper("2501.00001v1", Stage.AIRED, null, Duration.ofDays(60));
        deleteTree(store.folder(id).resolve(PaperFiles.PAGES));
        Files.delete(store.folder(id).resolve(PaperFiles.PDF));

        Retention.Report r = retention("playout: {rerunPool: 1}\nretention: {segmentWav: 0d}").sweep();

        assertThat(r).isEqualTo(new Retention.Report(0, 0, 0, 0, 0, 0));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
