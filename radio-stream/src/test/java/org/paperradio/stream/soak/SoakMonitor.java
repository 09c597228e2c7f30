package org.paperradio.stream.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paperradio.core.config.ConfigLoader;

/**
 * Watches a running station during a soak run (not a test; {@code scripts/soak} starts it): scrapes
 * {@code /metrics} every few seconds, keeps the figures that show a station wearing out (dead air,
 * failed papers, heap after GC, threads, open files, output reconnects), and at the end (duration
 * reached, or SIGTERM/SIGINT) prints a table over time and a summary, and leaves every sample in a
 * CSV file (rewritten after each sample, so a killed monitor still leaves its data).
 *
 * <p>Usage: {@code SoakMonitor --port P --duration 2h --csv samples.csv [--every 10s] [--rows 12]}.
 */
public final class SoakMonitor {

    /** One scrape. Counters are the station's totals since it started. */
    record Sample(Instant at, double elapsed, double deadAir, double done, double failed, double retried,
            double aired, double heapAfterGc, double heapUsed, double rss, double threads, double fds,
            double reconnects, double buffered, double listeners, Map<String, Double> failedByStage,
            Map<String, Double> doneByStage, Map<String, Double> failuresByReason, Map<String, Double> airedByKind) {
    }

    /** One line of the exposition: name, labels, value. */
    record Metric(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** Heap pools by name, when the pool metrics carry no area label (G1, Parallel, Serial, ZGC, Shenandoah). */
    private static final Pattern HEAP_POOL = Pattern.compile("(?i).*(eden|survivor|old gen|tenured|zheap|shenandoah|z old|z young).*");

    private final URI metrics;
    private final Duration every;
    private final Duration duration;
    private final Path csv;
    private final int rows;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Sample> samples = new ArrayList<>();
    private final List<String> missed = new ArrayList<>();
    private Instant started;
    private boolean finished;

    SoakMonitor(URI metrics, Duration every, Duration duration, Path csv, int rows, PrintStream out) {
        this.metrics = metrics;
        this.every = every;
        this.duration = duration;
        this.csv = csv;
        this.rows = rows;
        this.out = out;
    }

    /** Samples until the duration is over or {@code stop} is counted down. */
    void run(CountDownLatch stop) throws InterruptedException {
        started = Instant.now();
        long end = System.nanoTime() + duration.toNanos();
        long next = System.nanoTime();
        while (true) {
            sampleOnce();
            if (System.nanoTime() >= end) {
                break;
            }
            next += every.toNanos();
            // the last wait ends at the end, so the last sample is taken then
            if (stop.await(Math.max(0, Math.min(next, end) - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
        }
    }

    private void sampleOnce() {
        Instant now = Instant.now();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 200) {
                throw new IOException("HTTP " + r.statusCode());
            }
            Sample s = sample(now, Duration.between(started, now).toMillis() / 1000.0, parse(r.body()));
            synchronized (this) {
                samples.add(s);
                writeCsv();
            }
        } catch (IOException e) {
            synchronized (this) {
                missed.add(String.format(Locale.ROOT, "%.0fs: %s", Duration.between(started, now).toMillis() / 1000.0,
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The Prometheus text format, comments and blank lines skipped. */
    static List<Metric> parse(String text) {
        List<Metric> list = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\"));
                }
            }
            double value;
            try {
                value = Double.parseDouble(m.group(4).replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
            } catch (NumberFormatException e) {
                continue;
            }
            list.add(new Metric(m.group(1), labels, value));
        }
        return list;
    }

    static Sample sample(Instant at, double elapsed, List<Metric> ms) {
        Map<String, Double> failedByStage = new TreeMap<>();
        Map<String, Double> doneByStage = new TreeMap<>();
        Map<String, Double> reasons = new TreeMap<>();
        Map<String, Double> aired = new TreeMap<>();
        double done = 0;
        double failed = 0;
        double retried = 0;
        double heapAfterGc = 0;
        for (Metric m : ms) {
            switch (m.name()) {
                case "paperradio_stage_items_total" -> {
                    String stage = m.labels().getOrDefault("stage", "?");
                    switch (m.labels().getOrDefault("outcome", "")) {
                        case "done" -> {
                            done += m.value();
                            doneByStage.merge(stage, m.value(), Double::sum);
                        }
                        case "failed" -> {
                            failed += m.value();
                            failedByStage.merge(stage, m.value(), Double::sum);
                        }
                        case "retried" -> retried += m.value();
                        default -> {
                        }
                    }
                }
                case "paperradio_stage_failures_total" -> reasons.merge(
                        m.labels().getOrDefault("stage", "?") + "/" + m.labels().getOrDefault("reason", "?"), m.value(), Double::sum);
                case "paperradio_air_items_total" -> aired.merge(m.labels().getOrDefault("kind", "?"), m.value(), Double::sum);
                case "jvm_memory_pool_collection_used_bytes" -> {
                    String area = m.labels().get("area");
                    boolean heap = area != null ? area.equals("heap") : HEAP_POOL.matcher(m.labels().getOrDefault("pool", "")).matches();
                    if (heap) {
                        heapAfterGc += m.value();
                    }
                }
                default -> {
                }
            }
        }
        return new Sample(at, elapsed, sum(ms, "paperradio_air_dead_seconds_total", null), done, failed, retried,
                aired.values().stream().mapToDouble(Double::doubleValue).sum(), heapAfterGc,
                sum(ms, "jvm_memory_used_bytes", Map.of("area", "heap")), sum(ms, "process_resident_memory_bytes", null),
                sum(ms, "jvm_threads_current", null), sum(ms, "process_open_fds", null),
                sum(ms, "paperradio_output_reconnects_total", null), sum(ms, "paperradio_air_buffered_seconds", null),
                sum(ms, "paperradio_listeners", null), failedByStage, doneByStage, reasons, aired);
    }

    private static double sum(List<Metric> ms, String name, Map<String, String> labels) {
        double total = 0;
        for (Metric m : ms) {
            if (m.name().equals(name) && (labels == null || m.labels().entrySet().containsAll(labels.entrySet()))) {
                total += m.value();
            }
        }
        return total;
    }

    private static final String[] COLUMNS = {"time", "elapsed_s", "dead_air_s", "items_done", "items_failed",
        "items_retried", "aired", "heap_after_gc_bytes", "heap_used_bytes", "rss_bytes", "threads", "open_fds",
        "reconnects", "buffered_s", "listeners"};

    private void writeCsv() {
        TreeSet<String> stages = new TreeSet<>();
        samples.forEach(s -> stages.addAll(s.failedByStage().keySet()));
        StringBuilder b = new StringBuilder(String.join(",", COLUMNS));
        stages.forEach(st -> b.append(",failed_").append(st));
        b.append('\n');
        for (Sample s : samples) {
            b.append(s.at()).append(',');
            double[] v = {s.elapsed(), s.deadAir(), s.done(), s.failed(), s.retried(), s.aired(), s.heapAfterGc(),
                s.heapUsed(), s.rss(), s.threads(), s.fds(), s.reconnects(), s.buffered(), s.listeners()};
            b.append(String.join(",", Arrays.stream(v).mapToObj(SoakMonitor::num).toList()));
            stages.forEach(st -> b.append(',').append(num(s.failedByStage().getOrDefault(st, 0.0))));
            b.append('\n');
        }
        try {
            Path tmp = csv.resolveSibling(csv.getFileName() + ".tmp");
            Files.writeString(tmp, b);
            Files.move(tmp, csv, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            System.err.println("soak-monitor: cannot write " + csv + ": " + e.getMessage());
        }
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }

    /** Prints the table and the summary, once. */
    synchronized void finish() {
        if (finished) {
            return;
        }
        finished = true;
        out.println();
        out.printf("== soak monitor: %d samples of %s every %s, %d missed scrapes%n", samples.size(), metrics, human(every),
                missed.size());
        if (!missed.isEmpty()) {
            out.println("   missed: " + String.join("; ", missed.subList(0, Math.min(10, missed.size())))
                    + (missed.size() > 10 ? " ..." : ""));
        }
        if (samples.isEmpty()) {
            out.println("   no samples: the station never answered /metrics");
            out.flush();
            return;
        }
        table();
        summary();
        out.println("   samples: " + csv.toAbsolutePath());
        out.flush();
    }

    private void table() {
        out.println();
        out.printf("%8s %8s %6s %6s %6s %6s %9s %8s %8s %7s %5s %6s %8s%n", "elapsed", "deadair", "done", "failed",
                "retry", "aired", "heapGC_MB", "heap_MB", "rss_MB", "threads", "fds", "reconn", "buffer_s");
        int n = samples.size();
        int shown = Math.min(rows, n);
        int last = -1;
        for (int k = 0; k < shown; k++) {
            int i = shown == 1 ? n - 1 : (int) Math.round((double) k * (n - 1) / (shown - 1));
            if (i == last) {
                continue;
            }
            last = i;
            Sample s = samples.get(i);
            out.printf(Locale.ROOT, "%8s %8.1f %6.0f %6.0f %6.0f %6.0f %9.1f %8.1f %8.1f %7.0f %5.0f %6.0f %8.1f%n",
                    human(Duration.ofMillis((long) (s.elapsed() * 1000))), s.deadAir(), s.done(), s.failed(), s.retried(),
                    s.aired(), mb(s.heapAfterGc()), mb(s.heapUsed()), mb(s.rss()), s.threads(), s.fds(), s.reconnects(),
                    s.buffered());
        }
    }

    private void summary() {
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        out.println();
        out.println("== summary (counters are totals since the station started)");
        out.printf(Locale.ROOT, "   dead air          %.1f s (%.1f s during the monitored %s)%n", last.deadAir(),
                last.deadAir() - first.deadAir(), human(Duration.ofMillis((long) ((last.elapsed() - first.elapsed()) * 1000))));
        out.printf(Locale.ROOT, "   items done        %.0f (by stage: %s)%n", last.done(), fmt(last.doneByStage()));
        out.printf(Locale.ROOT, "   items failed      %.0f (by stage: %s), retried %.0f%n", last.failed(),
                fmt(last.failedByStage()), last.retried());
        out.printf("   failure reasons   %s%n", last.failuresByReason().isEmpty() ? "none" : fmt(last.failuresByReason()));
        out.printf(Locale.ROOT, "   aired             %.0f (%s)%n", last.aired(), fmt(last.airedByKind()));
        out.printf(Locale.ROOT, "   heap after GC MB  first %.1f, last %.1f, max %.1f; lowest in 1st half %.1f, in 2nd half %.1f%n",
                mb(first.heapAfterGc()), mb(last.heapAfterGc()), mb(max(Sample::heapAfterGc)),
                mb(minIn(Sample::heapAfterGc, 0, samples.size() / 2)),
                mb(minIn(Sample::heapAfterGc, samples.size() / 2, samples.size())));
        out.printf(Locale.ROOT, "   heap used MB      first %.1f, last %.1f, max %.1f%n", mb(first.heapUsed()), mb(last.heapUsed()),
                mb(max(Sample::heapUsed)));
        out.printf(Locale.ROOT, "   RSS MB            first %.1f, last %.1f, max %.1f%n", mb(first.rss()), mb(last.rss()), mb(max(Sample::rss)));
        out.printf(Locale.ROOT, "   threads           first %.0f, last %.0f, max %.0f%n", first.threads(), last.threads(),
                max(Sample::threads));
        out.printf(Locale.ROOT, "   open fds          first %.0f, last %.0f, max %.0f%n", first.fds(), last.fds(), max(Sample::fds));
        out.printf(Locale.ROOT, "   output reconnects %.0f (%.0f during the run)%n", last.reconnects(), last.reconnects() - first.reconnects());
    }

    private double max(ToDoubleFunction<Sample> f) {
        return samples.stream().mapToDouble(f).max().orElse(0);
    }

    private double minIn(ToDoubleFunction<Sample> f, int from, int to) {
        return samples.subList(from, Math.max(from + 1, to)).stream().mapToDouble(f).min().orElse(0);
    }

    private static String fmt(Map<String, Double> m) {
        if (m.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k).append('=').append(num(v)));
        return b.toString();
    }

    private static double mb(double bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (args.length % 2 != 0 || !a.containsKey("port") || !a.containsKey("csv")) {
            System.err.println("usage: SoakMonitor --port P --csv samples.csv [--duration 2h] [--every 10s] [--rows 12]");
            System.exit(2);
        }
        SoakMonitor monitor = new SoakMonitor(URI.create("http://127.0.0.1:" + Integer.parseInt(a.get("port")) + "/metrics"),
                ConfigLoader.parseDuration(a.getOrDefault("every", "10s")),
                ConfigLoader.parseDuration(a.getOrDefault("duration", "2h")),
                Path.of(a.get("csv")), Integer.parseInt(a.getOrDefault("rows", "12")), System.out);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // SIGTERM/SIGINT: stop sampling, wait briefly for the loop to end, then report what there is
            stop.countDown();
            try {
                done.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            monitor.finish();
        }, "soak-monitor-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            monitor.run(stop);
        } finally {
            done.countDown();
        }
        monitor.finish();
    }
}
