package org.paperradio.core.library.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.paperradio.core.library.Embedder;
import org.paperradio.core.library.LibraryQuery;
import org.paperradio.core.library.MiniLmEmbedder;
import org.paperradio.core.library.PaperLibrary;
import org.paperradio.core.library.Theme;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.store.AtomicFiles;

/**
 * Benchmark of the paper library over N generated papers (titles, abstracts and short bodies
 * composed from a dozen topic vocabularies): embedding throughput, indexing throughput (embeddings
 * precomputed, so this is Lucene alone), index size on disk, hybrid search latency and the time to
 * find one day's themes. Run through {@code scripts/bench-library [N]}.
 */
public final class LibraryBench {

    private static final String[][] TOPICS = {
        {"protein", "folding", "residue", "amino acid", "chaperone", "contact map", "tertiary structure", "enzyme"},
        {"speech", "recognition", "acoustic model", "transcription", "phoneme", "speaker", "word error rate", "audio"},
        {"galaxy", "redshift", "telescope", "dark matter", "star formation", "cosmic web", "supernova", "quasar"},
        {"graph", "shortest path", "vertex", "edge weight", "spanning tree", "matching", "planar graph", "flow"},
        {"robot", "grasping", "manipulation", "locomotion", "gripper", "motion planning", "legged robot", "actuator"},
        {"quantum", "qubit", "entanglement", "error correction", "superconducting circuit", "decoherence", "gate", "annealing"},
        {"language model", "transformer", "token", "instruction tuning", "reasoning", "prompt", "attention", "decoding"},
        {"climate", "precipitation", "ocean", "sea ice", "aerosol", "carbon cycle", "monsoon", "temperature anomaly"},
        {"cryptography", "lattice", "encryption", "zero-knowledge proof", "signature", "side channel", "hash function", "key exchange"},
        {"epidemic", "infection", "vaccination", "transmission", "contact tracing", "outbreak", "reproduction number", "pathogen"},
        {"image", "segmentation", "object detection", "convolution", "diffusion model", "pixel", "camera", "depth estimation"},
        {"market", "portfolio", "volatility", "option pricing", "liquidity", "asset", "risk premium", "trading"},
    };
    private static final String[] METHODS = {"a variational method", "a spectral analysis", "Monte Carlo simulation",
        "a convex relaxation", "a graph neural network", "Bayesian inference", "a randomized algorithm",
        "a perturbative expansion", "reinforcement learning", "a kernel method", "a finite element scheme",
        "a contrastive objective"};
    private static final String[] VERBS = {"improves", "explains", "bounds", "predicts", "accelerates", "stabilises",
        "characterises", "simplifies"};
    private static final String[] OPENERS = {"Understanding", "Scaling", "Revisiting", "Learning", "Towards robust",
        "Efficient", "Provable guarantees for", "On the limits of"};
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final int DAYS = 30;
    private static final int WARM_UP = 50;
    private static final int QUERIES = 200;

    private LibraryBench() {
    }

    public static void main(String[] args) throws Exception {
        // per-paper debug lines would be most of the work measured
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        if (n < 10) {
            throw new IllegalArgumentException("N must be at least 10: " + n);
        }
        Random random = new Random(42);
        List<PaperMeta> papers = new ArrayList<>(n);
        List<String> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String[] topic = TOPICS[random.nextInt(TOPICS.length)];
            papers.add(paper(i, topic, random));
            bodies.add(body(topic, random));
        }
        int threads = Runtime.getRuntime().availableProcessors();
        System.out.printf("library bench: %d papers, %d threads for embedding%n", n, threads);

        MiniLmEmbedder model = new MiniLmEmbedder();
        model.embed("warm up the model");
        Map<String, float[]> vectors = new ConcurrentHashMap<>();
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (PaperMeta p : papers) {
                done.add(pool.submit(() -> vectors.put(text(p), model.embed(text(p)))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        double embedSeconds = seconds(System.nanoTime() - t0);
        System.out.printf("embedding:  %.1f papers/s (%.1f s for %d, title + abstract)%n",
                n / embedSeconds, embedSeconds, n);

        Path dir = Files.createTempDirectory("library-bench");
        try {
            Embedder cached = new Cached(model, vectors);
            t0 = System.nanoTime();
            try (PaperLibrary library = PaperLibrary.open(dir, cached)) {
                for (int i = 0; i < n; i++) {
                    library.add(papers.get(i), bodies.get(i));
                }
            }
            double indexSeconds = seconds(System.nanoTime() - t0);
            System.out.printf("indexing:   %.1f papers/s (%.1f s, commit every %d, paper embeddings precomputed, passages embedded while indexing)%n",
                    n / indexSeconds, indexSeconds, PaperLibrary.DEFAULT_COMMIT_EVERY);
            long bytes;
            try (Stream<Path> files = Files.walk(dir)) {
                bytes = files.filter(Files::isRegularFile).mapToLong(LibraryBench::size).sum();
            }
            System.out.printf("index size: %.1f MB (%.1f kB per paper)%n", bytes / 1e6, bytes / 1e3 / n);

            try (PaperLibrary library = PaperLibrary.open(dir, cached)) {
                long[] latencies = new long[QUERIES];
                for (int q = 0; q < WARM_UP + QUERIES; q++) {
                    String[] topic = TOPICS[random.nextInt(TOPICS.length)];
                    // query text is new, so its embedding is part of the latency, as on air
                    String text = pick(topic, random) + " with " + pick(METHODS, random) + " " + q;
                    long s = System.nanoTime();
                    library.search(LibraryQuery.of(text));
                    if (q >= WARM_UP) {
                        latencies[q - WARM_UP] = System.nanoTime() - s;
                    }
                }
                Arrays.sort(latencies);
                System.out.printf("search:     p50 %.1f ms, p99 %.1f ms (hybrid, %d queries after %d warm-up, "
                        + "query embedding included)%n", millis(latencies[QUERIES / 2]),
                        millis(latencies[(int) Math.ceil(QUERIES * 0.99) - 1]), QUERIES, WARM_UP);

                Instant day = START.plus(Duration.ofDays(DAYS / 2));
                t0 = System.nanoTime();
                List<Theme> themes = library.themes(day, day.plus(Duration.ofDays(1)).minusMillis(1));
                double themeMillis = millis(System.nanoTime() - t0);
                int count = themes.stream().mapToInt(Theme::size).sum();
                System.out.printf("themes:     %.0f ms for one day's %d papers -> %d themes%n", themeMillis, count,
                        themes.size());
                for (Theme t : themes) {
                    System.out.printf("            %3d  %s%n", t.size(), t.label());
                }
            }
        } finally {
            AtomicFiles.deleteRecursively(dir);
        }
    }

    private static PaperMeta paper(int i, String[] topic, Random random) {
        String a = pick(topic, random);
        String b = pick(topic, random);
        String title = pick(OPENERS, random) + " " + a + " and " + b + " with " + pick(METHODS, random);
        String abstractText = "We study " + a + " in the setting of " + pick(topic, random) + ". Using "
                + pick(METHODS, random) + " we show that " + b + " " + pick(VERBS, random) + " "
                + pick(topic, random) + ", and that " + pick(topic, random) + " " + pick(VERBS, random) + " "
                + pick(topic, random) + ". Experiments on " + (10 + random.nextInt(990)) + " instances confirm "
                + "the effect of " + pick(topic, random) + ".";
        ArxivId id = new ArxivId(String.format("2601.%05d", i), 1);
        Instant published = START.plusSeconds(random.nextLong(DAYS * 86_400L));
        return new PaperMeta(id, title, List.of("A. Author"), abstractText, List.of("bench"), published, null,
                URI.create("http://localhost/pdf/" + id), License.unknown());
    }

    private static String body(String[] topic, Random random) {
        StringBuilder b = new StringBuilder();
        for (int s = 0; s < 40; s++) {
            b.append("The ").append(pick(topic, random)).append(' ').append(pick(VERBS, random)).append(" the ")
                    .append(pick(topic, random)).append(" when ").append(pick(METHODS, random))
                    .append(" is applied. ");
        }
        return b.toString();
    }

    private static String text(PaperMeta p) {
        // as PaperLibrary embeds it
        return p.title() + ". " + p.abstractText();
    }

    private static String pick(String[] words, Random random) {
        return words[random.nextInt(words.length)];
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // a file Lucene removed meanwhile
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** The real model, but papers embedded beforehand are answered from memory. */
    private record Cached(Embedder model, Map<String, float[]> vectors) implements Embedder {
        @Override
        public String name() {
            return model.name();
        }

        @Override
        public int dimension() {
            return model.dimension();
        }

        @Override
        public float[] embed(String text) {
            float[] v = vectors.get(text);
            return v != null ? v : model.embed(text);
        }
    }
}
