package org.paperradio.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperLog;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.testing.Await;
import org.paperradio.core.testing.TestMeta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The paper id travels with every log line about a paper, through the kernel's scopes and {@link PaperLog#carry}. */
class PaperLogTest {

    private static final Logger stageLog = LoggerFactory.getLogger("org.paperradio.test.stage");

    @TempDir
    Path dir;

    private final ch.qos.logback.classic.Logger root =
            (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private Level rootLevel;
    /** Freezes each event's MDC on the logging thread: logback otherwise reads it lazily, on the reader's thread. */
    private final ListAppender<ILoggingEvent> events = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent e) {
            e.prepareForDeferredProcessing();
            super.append(e);
        }
    };

    @BeforeEach
    void capture() {
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        events.start();
        root.addAppender(events);
    }

    @AfterEach
    void release() {
        root.detachAppender(events);
        root.setLevel(rootLevel);
        MDC.clear();
    }

    /**
     * A stage that logs without naming the paper: on its worker, from a thread it hands work to
     * with the MDC carried over, and from one without. Each line says which numbered step it is;
     * the test remembers which paper each step was for.
     */
    static final class ChattyStage implements PaperStage {
        final String name;
        final Stage in;
        final Stage out;
        final Map<Integer, ArxivId> stepFor = new ConcurrentHashMap<>();
        final Map<ArxivId, Integer> failuresLeft = new ConcurrentHashMap<>();
        final AtomicInteger steps = new AtomicInteger();
        final ExecutorService helper = Executors.newSingleThreadExecutor();

        ChattyStage(String name, Stage in, Stage out) {
            this.name = name;
            this.in = in;
            this.out = out;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Stage input() {
            return in;
        }

        @Override
        public Stage output() {
            return out;
        }

        private int step(ArxivId id) {
            int n = steps.incrementAndGet();
            stepFor.put(n, id);
            return n;
        }

        @Override
        public void process(PaperRecord paper) throws Exception {
            stageLog.info("{} step {} on the worker", name, step(paper.id()));
            int carried = step(paper.id());
            helper.submit(PaperLog.carry(() -> stageLog.info("{} step {} on a helper thread", name, carried))).get();
            Callable<String> answer = PaperLog.carry(() -> {
                stageLog.info("{} step {} in a callable", name, carried);
                return "ok";
            });
            assertThat(helper.submit(answer).get()).isEqualTo("ok");
            helper.submit(() -> stageLog.info("{} uncarried helper line", name)).get();
            if (failuresLeft.merge(paper.id(), -1, Integer::sum) >= 0) {
                throw new IOException("connection reset");
            }
        }
    }

    @Test
    void everyLineAboutAPaperCarriesItsIdAndOtherLinesDoNot() throws Exception {
        PaperStore store = new PaperStore(dir, Clock.systemUTC());
        var fetch = new ChattyStage("fetch", Stage.DISCOVERED, Stage.FETCHED);
        var extract = new ChattyStage("extract", Stage.FETCHED, Stage.EXTRACTED);
        List<PaperMeta> papers = List.of(TestMeta.meta("2501.00001v1"), TestMeta.meta("2501.00002v1"),
                TestMeta.meta("2501.00003v1"));
        ArxivId flaky = papers.get(0).id();
        fetch.failuresLeft.put(flaky, 1);
        Set<ArxivId> ids = papers.stream().map(PaperMeta::id).collect(Collectors.toSet());
        List<ArxivId> sunk = Collections.synchronizedList(new ArrayList<>());
        var settings = new PipelineSettings(4, Map.of("fetch", 2), 2, Duration.ofMillis(10), Duration.ofMillis(50),
                Duration.ofHours(1), Duration.ofMillis(500));
        try (var p = new PaperPipeline(store, () -> papers, List.of(fetch, extract), settings, r -> sunk.add(r.id()))) {
            p.start();
            Await.until("all papers through", Duration.ofSeconds(10), () -> sunk.size() == 3);
        } finally {
            fetch.helper.shutdownNow();
            extract.helper.shutdownNow();
        }
        List<ILoggingEvent> all = List.copyOf(events.list);

        // the stages' own lines, worker and carried helper alike, carry the paper of their step
        List<ILoggingEvent> steps = all.stream().filter(e -> e.getFormattedMessage().contains(" step ")).toList();
        assertThat(steps).hasSize(3 * (fetch.steps.get() + extract.steps.get()) / 2);
        for (ILoggingEvent e : steps) {
            ChattyStage stage = e.getFormattedMessage().startsWith("fetch") ? fetch : extract;
            int n = Integer.parseInt(e.getFormattedMessage().split(" ")[2]);
            assertThat(paperOf(e)).as(e.getFormattedMessage()).isEqualTo(stage.stepFor.get(n).toString());
        }
        assertThat(steps).anySatisfy(e -> assertThat(e.getThreadName()).doesNotStartWith("stage-"));

        // the MDC is per thread: work handed on without carrying it loses the id
        List<ILoggingEvent> uncarried = all.stream()
                .filter(e -> e.getFormattedMessage().endsWith("uncarried helper line")).toList();
        assertThat(uncarried).hasSize((fetch.steps.get() + extract.steps.get()) / 2).allSatisfy(e -> assertThat(paperOf(e)).isNull());

        // the kernel's own lines about a paper: done, and the failed try before the retry
        List<ILoggingEvent> kernel = all.stream().filter(e -> e.getLoggerName().equals(PaperPipeline.class.getName()))
                .toList();
        assertThat(kernel.stream().filter(e -> e.getFormattedMessage().startsWith("fetch done in")).map(this::paperOf))
                .containsExactlyInAnyOrderElementsOf(ids.stream().map(ArxivId::toString).toList());
        assertThat(kernel.stream().filter(e -> e.getFormattedMessage().startsWith("extract done in")).map(this::paperOf))
                .containsExactlyInAnyOrderElementsOf(ids.stream().map(ArxivId::toString).toList());
        assertThat(kernel).filteredOn(e -> e.getFormattedMessage().startsWith("fetch try 1 failed"))
                .singleElement().satisfies(e -> assertThat(paperOf(e)).isEqualTo(flaky.toString()));
        // every kernel line from a stage worker is about the paper in hand, and no message repeats the id
        assertThat(kernel).filteredOn(e -> e.getThreadName().startsWith("stage-")).isNotEmpty()
                .allSatisfy(e -> {
                    assertThat(paperOf(e)).as(e.getFormattedMessage()).isIn(ids.stream().map(ArxivId::toString).toList());
                    assertThat(e.getFormattedMessage()).doesNotContain("paper=");
                });

        // lines about no paper in particular carry none
        assertThat(kernel).filteredOn(e -> e.getFormattedMessage().startsWith("poll found"))
                .isNotEmpty().allSatisfy(e -> assertThat(paperOf(e)).isNull());
        assertThat(kernel).filteredOn(e -> e.getFormattedMessage().equals("pipeline stopped"))
                .singleElement().satisfies(e -> assertThat(paperOf(e)).isNull());
    }

    @Test
    void operatorActionsAndResumedPapersAreLoggedInTheirScope() throws Exception {
        PaperStore store = new PaperStore(dir, Clock.systemUTC());
        ArxivId dropped = store.add(TestMeta.meta("2501.00007v1")).orElseThrow().id();
        var fetch = new ChattyStage("fetch", Stage.DISCOVERED, Stage.FETCHED);
        var settings = new PipelineSettings(4, Map.of(), 0, Duration.ofMillis(10), Duration.ofMillis(50),
                Duration.ofHours(1), Duration.ofMillis(500));
        List<ArxivId> sunk = Collections.synchronizedList(new ArrayList<>());
        try (var p = new PaperPipeline(store, () -> List.of(), List.of(fetch), settings, r -> sunk.add(r.id()))) {
            assertThat(p.drop(dropped)).isTrue();
            p.start(); // a paper dropped for good is not resumed
            assertThat(p.requeue(dropped)).isEqualTo(PaperPipeline.Requeue.REQUEUED);
            Await.until("the requeued paper through", Duration.ofSeconds(10), () -> sunk.contains(dropped));
        } finally {
            fetch.helper.shutdownNow();
        }
        List<ILoggingEvent> kernel = events.list.stream()
                .filter(e -> e.getLoggerName().equals(PaperPipeline.class.getName())).toList();
        for (String start : List.of("dropped by the operator", "requeued by the operator", "fetch done in")) {
            assertThat(kernel).filteredOn(e -> e.getFormattedMessage().startsWith(start)).as(start).isNotEmpty()
                    .allSatisfy(e -> assertThat(paperOf(e)).isEqualTo(dropped.toString()));
        }
        assertThat(MDC.get(PaperLog.KEY)).as("the caller's thread is left clean").isNull();
    }

    @Test
    void scopesNestAndCarryingPutsBackTheRunningThreadsOwnContext() throws Exception {
        ArxivId outer = ArxivId.parse("2501.00001v1");
        ArxivId inner = ArxivId.parse("hep-th/9901001v2");
        Runnable carried;
        try (PaperLog.Scope a = PaperLog.scope(outer)) {
            try (PaperLog.Scope b = PaperLog.scope(inner)) {
                assertThat(PaperLog.current()).isEqualTo("hep-th/9901001v2");
                carried = PaperLog.carry(() -> stageLog.info("carried"));
            }
            assertThat(PaperLog.current()).isEqualTo("2501.00001v1");
        }
        assertThat(PaperLog.current()).isNull();

        // a thread with its own context runs the carried task with the caller's, then gets its own back
        MDC.put("request", "r1");
        carried.run();
        assertThat(MDC.get("request")).isEqualTo("r1");
        assertThat(PaperLog.current()).isNull();
        assertThat(events.list).filteredOn(e -> e.getFormattedMessage().equals("carried")).singleElement()
                .satisfies(e -> assertThat(e.getMDCPropertyMap()).containsEntry("paper", "hep-th/9901001v2")
                        .doesNotContainKey("request"));
    }

    private String paperOf(ILoggingEvent e) {
        return e.getMDCPropertyMap().get(PaperLog.KEY);
    }
}
