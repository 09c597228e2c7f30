package org.paperradio.stream.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.paperradio.core.config.ConfigLoader;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.kernel.PaperPipeline;
import org.paperradio.core.kernel.PaperStage;
import org.paperradio.core.library.IndexStage;
import org.paperradio.core.library.LibraryIndexer;
import org.paperradio.core.library.MiniLmEmbedder;
import org.paperradio.core.library.PaperLibrary;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.SegmentAudio;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.AtomicFiles;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.testing.Await;
import org.paperradio.core.write.ExtractiveWriter;
import org.paperradio.core.write.WriteStage;
import org.paperradio.core.select.Requests;
import org.paperradio.core.select.Votes;
import org.paperradio.core.select.Selector;
import org.paperradio.core.summary.ExtractiveSummarizer;
import org.paperradio.core.summary.SummaryStage;
import org.paperradio.ingest.Ingest;
import org.paperradio.ingest.testing.TestPapers;
import org.paperradio.stream.station.FakeArxiv;
import org.paperradio.stream.station.StationRun;
import org.paperradio.tts.stage.VoiceStage;
import org.paperradio.tts.voice.Voices;

/**
 * Runs the real paper chain (fetch, extract, index, write, voice) over N generated papers served on
 * loopback and prints audio produced per wall-clock second, time per stage per paper and peak
 * heap. Run with {@code scripts/bench-pipeline [N]}.
 */
public final class PipelineBench {

    /** Wraps a stage to add up its time; the bench's only instrumentation. */
    private record Timed(PaperStage stage, AtomicLong nanos, AtomicLong count) implements PaperStage {
        public String name() {
            return stage.name();
        }

        public Stage input() {
            return stage.input();
        }

        public Stage output() {
            return stage.output();
        }

        public void process(PaperRecord paper) throws Exception {
            long t0 = System.nanoTime();
            stage.process(paper);
            nanos.addAndGet(System.nanoTime() - t0);
            count.incrementAndGet();
        }
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = Files.createTempDirectory("paper-radio-bench");
        try (FakeArxiv arxiv = new FakeArxiv()) {
            for (int i = 0; i < n; i++) {
                TestPapers.TestPaper p = TestPapers.get(i % TestPapers.all().size());
                PaperMeta m = p.metaWithPdfAt(arxiv.base());
                ArxivId id = new ArxivId(String.format("2502.%05d", i + 1), 1);
                PaperMeta meta = new PaperMeta(id, m.title(), m.authors(), m.abstractText(), m.categories(),
                        m.published(), m.updated(), arxiv.base().resolve("pdf/" + id), m.license());
                arxiv.add(meta, new FakeArxiv.Pdf(p.pdf().bytes(), "application/pdf"), p.license());
            }
            String yaml = StationRun.config(arxiv.base(), dir.resolve("data"))
                    .replace("bodySentences: 3", "bodySentences: 8")
                    .replace("categories: [cs.AI]", "categories: [cs.AI]\n  maxResults: " + Math.max(n, 1));
            StationConfig config = new ConfigLoader().parse(yaml, "bench");
            PaperStore store = new PaperStore(config.station().data(), Clock.systemUTC());

            long startVoices = System.nanoTime();
            Voices voices = Voices.mary(config.hosts());
            System.out.printf("MaryTTS start-up: %.2f s%n", (System.nanoTime() - startVoices) / 1e9);

            try (Ingest ingest = Ingest.create(config, store);
                 PaperLibrary library = PaperLibrary.open(config.station().data().resolve("index"), new MiniLmEmbedder())) {
                List<PaperStage> chain = new ArrayList<>(ingest.stages());
                chain.add(new IndexStage(new LibraryIndexer(store, library)));
                chain.add(new SummaryStage(store, Optional.empty(), new ExtractiveSummarizer(Clock.systemUTC()), null));
                chain.add(new WriteStage(store, new ExtractiveWriter(config), Optional.empty(),
                        new Selector(store, library, config.selection(), new Requests(dir.resolve("requests.json")),
                                new Votes(dir.resolve("votes.json")), Clock.systemUTC()), library, config.selection().candidates(),
                        config.selection().maxWait(), Clock.systemUTC()));
                chain.add(new VoiceStage(store, voices, config.audio()));
                List<Timed> stages = new ArrayList<>();
                for (PaperStage s : chain) {
                    stages.add(new Timed(s, new AtomicLong(), new AtomicLong()));
                }
                AtomicInteger voiced = new AtomicInteger();
                Map<ArxivId, Duration> audio = new ConcurrentHashMap<>();
                HeapSampler heap = new HeapSampler();
                heap.start();
                long t0 = System.nanoTime();
                try (PaperPipeline pipeline = new PaperPipeline(store, ingest.source(),
                        List.copyOf(stages), config.pipeline().settings(Duration.ofHours(1)), rec -> {
                            try {
                                audio.put(rec.id(), store.readJson(rec.id(), PaperFiles.TIMING, SegmentAudio.class).length());
                            } catch (Exception e) {
                                System.err.println("no timing for " + rec.id() + ": " + e);
                            }
                            voiced.incrementAndGet();
                        })) {
                    pipeline.start();
                    Await.until("all papers voiced or failed", Duration.ofHours(2),
                            () -> voiced.get() + failed(store) >= n);
                }
                double wall = (System.nanoTime() - t0) / 1e9;
                heap.stop();
                double audioSeconds = audio.values().stream().mapToDouble(d -> d.toMillis() / 1000.0).sum();
                System.out.printf("papers: %d (%d failed), wall: %.1f s, audio produced: %.1f s%n", n, failed(store), wall,
                        audioSeconds);
                System.out.printf("audio seconds per wall-clock second: %.2f%n", audioSeconds / wall);
                Map<String, String> perStage = new LinkedHashMap<>();
                for (Timed t : stages) {
                    perStage.put(t.name(), String.format("%.3f s", t.nanos().get() / 1e9 / Math.max(1, t.count().get())));
                }
                System.out.println("time per paper by stage: " + perStage);
                System.out.printf("peak heap used: %d MiB (max heap %d MiB)%n", heap.peak() >> 20,
                        Runtime.getRuntime().maxMemory() >> 20);
            }
        } finally {
            AtomicFiles.deleteRecursively(dir);
        }
    }

    private static long failed(PaperStore store) {
        try {
            return store.all().stream().filter(PaperRecord::failed).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Samples used heap every 20 ms (pool peaks would include garbage never collected). */
    private static final class HeapSampler {
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;
        private Thread thread;

        void start() {
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (running) {
                    long used = 0;
                    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                        if (pool.getType() == MemoryType.HEAP) {
                            used += pool.getUsage().getUsed();
                        }
                    }
                    peak.accumulateAndGet(used, Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long peak() {
            return peak.get();
        }
    }
}
