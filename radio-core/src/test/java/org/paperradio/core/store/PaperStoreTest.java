package org.paperradio.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.Failure;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import static org.paperradio.core.testing.TestMeta.meta;

class PaperStoreTest {

    @TempDir
    Path dir;

    @Test
    void addsEachVersionOnceAndSurvivesReopening() throws IOException {
        PaperStore store = new PaperStore(dir, Clock.systemUTC());
        assertThat(store.add(meta("2501.00001v1"))).isPresent();
        assertThat(store.add(meta("2501.00001v1"))).isEmpty();
        assertThat(store.add(meta("2501.00001v2"))).isPresent();
        store.advance(ArxivId.parse("2501.00001v1"), Stage.FETCHED);

        PaperStore reopened = new PaperStore(dir, Clock.systemUTC());
        assertThat(reopened.knows(ArxivId.parse("2501.00001v1"))).isTrue();
        assertThat(reopened.versionsOf("2501.00001")).extracting(ArxivId::version).containsExactly(1, 2);
        assertThat(reopened.load(ArxivId.parse("2501.00001v1")).stage()).isEqualTo(Stage.FETCHED);
        assertThat(reopened.events().read()).extracting(AppendLog.Entry::event)
                .containsExactly("discovered", "discovered", "fetched");
    }

    @Test
    void failureIsRecordedWithReasonAndClearedByAdvance() throws IOException {
        PaperStore store = new PaperStore(dir, Clock.systemUTC());
        ArxivId id = store.add(meta("2501.00002v1")).orElseThrow().id();
        store.fail(id, new Failure("fetch", "HTML instead of PDF", 1, Instant.now(), false));
        assertThat(store.load(id).failure().reason()).isEqualTo("HTML instead of PDF");
        assertThat(store.advance(id, Stage.FETCHED).failed()).isFalse();
    }

    @Test
    void artifactNamesCannotEscapeThePaperFolder() throws IOException {
        PaperStore store = new PaperStore(dir, Clock.systemUTC());
        ArxivId id = ArxivId.parse("2501.00003v1");
        for (String bad : new String[] {"../paper.json", "/etc/passwd", "a/../../b", ".hidden", "pages/../../x.png"}) {
            assertThatThrownBy(() -> store.file(id, bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(store.file(id, "pages/001.png").startsWith(store.folder(id))).isTrue();
    }

    @Test
    void leftoverTemporariesFromACrashAreRemovedAtOpen() throws IOException {
        PaperStore store = new PaperStore(dir, Clock.systemUTC());
        ArxivId id = store.add(meta("2501.00004v1")).orElseThrow().id();
        Path leftover = store.folder(id).resolve(AtomicFiles.TEMP_PREFIX + "paper.pdf-123");
        Files.writeString(leftover, "half a pdf");
        Path leftoverDir = store.folder(id).resolve(AtomicFiles.TEMP_PREFIX + "pages-1");
        Files.createDirectories(leftoverDir.resolve("x"));
        new PaperStore(dir, Clock.systemUTC());
        assertThat(leftover).doesNotExist();
        assertThat(leftoverDir).doesNotExist();
    }

    @Test
    void atomicWriteNeverLeavesPartialFilesWhenTheProducerFails() throws IOException {
        Path target = dir.resolve("out.bin");
        Files.writeString(target, "old");
        assertThatThrownBy(() -> AtomicFiles.write(target, temp -> {
            Files.writeString(temp, "partial");
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(target)).isEqualTo("old");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void directoryIsReplacedWholeOrNotAtAll() throws IOException {
        Path pages = dir.resolve("pages");
        AtomicFiles.writeDirectory(pages, tmp -> Files.writeString(tmp.resolve("001.png"), "a"));
        assertThatThrownBy(() -> AtomicFiles.writeDirectory(pages, tmp -> {
            Files.writeString(tmp.resolve("001.png"), "b");
            throw new IOException("render failed");
        }));
        assertThat(Files.readString(pages.resolve("001.png"))).isEqualTo("a");
        AtomicFiles.writeDirectory(pages, tmp -> Files.writeString(tmp.resolve("002.png"), "c"));
        try (Stream<Path> files = Files.list(pages)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("002.png");
        }
    }

    @Test
    void appendLogSkipsATornLastLine() throws IOException {
        AppendLog log = new AppendLog(dir.resolve("aired.log"), Clock.systemUTC());
        log.append("aired", "2501.00001v1", "paper A title");
        Files.writeString(log.file(), "2026-11-24T00:00:00Z aired 25", java.nio.file.StandardOpenOption.APPEND);
        assertThat(log.read()).hasSize(1).first().extracting(AppendLog.Entry::detail).isEqualTo("paper A title");
    }

    @Test
    void theNextAppendCutsATornLineOffSoItCannotGarbleTheNextEvent() throws IOException {
        AppendLog log = new AppendLog(dir.resolve("events.log"), Clock.systemUTC());
        log.append("fetched", "2501.00001v1", "");
        // a crash (or a full disk) in the middle of a line: no newline after it
        Files.writeString(log.file(), "2026-11-24T00:00:00Z extracted 2501.000", java.nio.file.StandardOpenOption.APPEND);
        log.append("extracted", "2501.00002v1", "12 pages");
        assertThat(log.read()).extracting(AppendLog.Entry::event, AppendLog.Entry::subject, AppendLog.Entry::detail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fetched", "2501.00001v1", ""),
                        org.assertj.core.groups.Tuple.tuple("extracted", "2501.00002v1", "12 pages"));
        assertThat(Files.readString(log.file())).doesNotContain("2501.000 ").endsWith("12 pages\n");
        // a file that is one torn line and nothing else
        AppendLog fresh = new AppendLog(dir.resolve("other.log"), Clock.systemUTC());
        Files.writeString(fresh.file(), "x".repeat(10_000));
        fresh.append("aired", "2501.00003v1", "");
        assertThat(fresh.read()).extracting(AppendLog.Entry::subject).containsExactly("2501.00003v1");
    }

    @Test
    void aLostEventsLogLineDoesNotUndoTheChangeTheRecordHolds() throws IOException {
        PaperStore store = new PaperStore(dir, Clock.systemUTC());
        // the events log cannot be written (a folder in its place stands in for a full disk)
        Files.createDirectories(store.events().file());
        var meta = meta("2501.00042v1");
        assertThat(store.add(meta)).isPresent();
        assertThat(store.knows(meta.id())).isTrue();
        assertThat(store.advance(meta.id(), Stage.FETCHED).stage()).isEqualTo(Stage.FETCHED);
        store.fail(meta.id(), new org.paperradio.core.paper.Failure("extract", "IOException: disk", 1,
                java.time.Instant.now(), true));
        assertThat(store.clearFailure(meta.id()).failed()).isFalse();
        PaperRecord back = new PaperStore(dir, Clock.systemUTC()).load(meta.id());
        assertThat(back.stage()).isEqualTo(Stage.FETCHED);
        assertThat(back.failed()).isFalse();
    }

    @Test
    void anAdvanceNeverWritesOverAFailure() throws IOException {
        PaperStore store = new PaperStore(dir, Clock.systemUTC());
        var meta = meta("2501.00043v1");
        store.add(meta);
        assertThat(store.advanceUnlessFailed(meta.id(), Stage.FETCHED)).hasValueSatisfying(r ->
                assertThat(r.stage()).isEqualTo(Stage.FETCHED));
        store.fail(meta.id(), new org.paperradio.core.paper.Failure("operator", "dropped by the operator", 0,
                java.time.Instant.now(), false));
        assertThat(store.advanceUnlessFailed(meta.id(), Stage.EXTRACTED)).isEmpty();
        PaperRecord back = store.load(meta.id());
        assertThat(back.stage()).isEqualTo(Stage.FETCHED);
        assertThat(back.failure().reason()).isEqualTo("dropped by the operator");
    }
}
