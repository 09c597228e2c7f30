package org.paperradio.stream.bench;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.paperradio.core.config.StationConfig;
import org.paperradio.stream.http.WebServer;
import org.paperradio.stream.output.IcecastOutput;
import org.paperradio.stream.output.LiveMp3Broadcast;
import org.paperradio.stream.output.Mp3Frames;
import org.paperradio.stream.testing.IcecastServer;
import org.paperradio.tts.audio.Mp3Decoder;
import org.paperradio.tts.audio.Pcm;

/**
 * Load benchmark of the live HTTP stream (issue 6): how many concurrent listeners of
 * {@code /live.mp3} on loopback the station's {@link WebServer} holds with none falling behind
 * real time, and its CPU per listener, beside icecast2 serving the same stream to the same clients.
 *
 * <p>The station side runs in a child JVM (this class with {@code --station}), so its CPU is that
 * process's alone: a real {@link LiveMp3Broadcast} at the station's defaults (44100 Hz, 96 kbit/s)
 * fed a speech-like signal in 100 ms blocks paced by the wall clock (as the playout clock does),
 * served by a real {@link WebServer} on loopback, and an {@link IcecastOutput} pushing the same
 * broadcast to a real icecast2 ({@link IcecastServer}) started by this process. The two servers
 * are loaded one after the other (the station first), never at once: on a 2-core machine two
 * servers under load at the same time would compete for the same cores and each would be measured
 * under the other's load.
 *
 * <p>The listeners are sockets in this JVM read by one NIO selector thread that sleeps 20 ms
 * between selects, so reads coalesce and the client costs little next to the server. For each
 * step of the ramp (50, 100, 200, ... doubling up to the maximum) listeners are added to reach N,
 * held for a warm-up, then measured over the window. A listener keeps up when over the window it
 * received at least {@code bitrate x window - 1 s of audio} of MP3, never went more than 2 s
 * without data, is still connected, and its stream starts with valid 44.1 kHz Layer III frames.
 * The ramp of a server stops at the first step where any listener did not keep up or was
 * refused, or at the maximum.
 *
 * <p>Usage: ListenerLoadBench [window-seconds|quick] [max-listeners] (default 20 s, 3200;
 * {@code quick} is 5 s up to 100).
 */
public final class ListenerLoadBench {

    static final String MOUNT = "/bench.mp3";
    static final String PASSWORD_ENV = "BENCH_ICECAST_PASSWORD";
    private static final StationConfig.Audio AUDIO = new StationConfig.Audio(null, null);
    /** MP3 payload bytes per second of the stream. */
    private static final double BYTES_PER_SECOND = AUDIO.mp3Bitrate() * 1000 / 8.0;
    /** A listener may get this much less than real time over a window (write batching, timing). */
    private static final double SHORT_BY_SECONDS = 1.0;
    private static final Duration MAX_STALL = Duration.ofSeconds(2);
    private static final int FIRST_STEP = 50;
    private static final int CHECK_BYTES = 4096;
    private static final int PROBE_BYTES = 48_000;

    private ListenerLoadBench() {
    }

    /** What to run: window and warm-up per step, the ramp's top. */
    record Options(int windowSeconds, int maxListeners, int warmupSeconds) {
        static Options parse(String[] args) {
            if (args.length > 0 && "quick".equals(args[0])) {
                return new Options(5, args.length > 1 ? Integer.parseInt(args[1]) : 100, 3);
            }
            int window = args.length > 0 ? Integer.parseInt(args[0]) : 20;
            int max = args.length > 1 ? Integer.parseInt(args[1]) : 3200;
            if (window < 1 || max < 1 || max > 50_000) {
                throw new IllegalArgumentException("window-seconds >= 1 and 1 <= max-listeners <= 50000");
            }
            return new Options(window, max, Math.max(3, Math.min(10, window / 4)));
        }

        List<Integer> steps() {
            List<Integer> steps = new ArrayList<>();
            for (int n = Math.min(FIRST_STEP, maxListeners); ; n = Math.min(n * 2, maxListeners)) {
                steps.add(n);
                if (n == maxListeners) {
                    return steps;
                }
            }
        }
    }

    /**
     * One step of a ramp: {@code serverCpu} and {@code clientCpu} in CPU-seconds per second over
     * the window, {@code machineBusy} the share of all cores busy (everything on the machine).
     */
    record Step(int listeners, int connected, int refused, int keepingUp, int validMp3, double minBytesPerSecond,
                double medianBytesPerSecond, double maxStallSeconds, double serverCpu, double sourceCpu,
                double clientCpu, double machineBusy, String note) {
        boolean held() {
            return refused == 0 && keepingUp == listeners && validMp3 == listeners;
        }
    }

    /** A server's ramp: its CPU with no listener, its steps and why the ramp ended. */
    record Ramp(String server, String cpuMeasured, double baselineCpu, List<Step> steps, String stopped) {
        Optional<Step> largestHeld() {
            return steps.stream().filter(Step::held).reduce((a, b) -> b);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "--station".equals(args[0])) {
            StationSide.run(args);
            return;
        }
        Options o = Options.parse(args);
        new ListenerLoadBench().run(o);
    }

    private void run(Options o) throws Exception {
        Path dir = Files.createTempDirectory("listener-bench");
        String password = UUID.randomUUID().toString();
        long clockTicks = clockTicks();
        warnAboutFileLimit(o);
        System.out.printf(Locale.ROOT, "listener load bench: %d kbit/s %d Hz MP3, window %d s after %d s warm-up, "
                        + "ramp %s, work folder %s%n", AUDIO.mp3Bitrate(), AUDIO.sampleRate(), o.windowSeconds(),
                o.warmupSeconds(), o.steps(), dir);

        IcecastServer icecast = null;
        long icecastPid = -1;
        try {
            icecast = IcecastServer.start(dir.resolve("icecast"), password, o.maxListeners() + 16);
            icecastPid = childPid("icecast2");
        } catch (IOException | RuntimeException e) { // RuntimeException: the JUnit assumption when not installed
            System.out.println("icecast2 not available, only the station is measured: " + e);
        }
        Process station = startStation(dir, o, icecast, password);
        IcecastServer ice = icecast;
        AtomicBoolean cleaned = new AtomicBoolean();
        Runnable cleanup = () -> {
            if (cleaned.compareAndSet(false, true)) {
                station.destroy();
                if (ice != null) {
                    ice.close();
                }
            }
        };
        Thread hook = new Thread(cleanup, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            int port = awaitPort(dir.resolve("station.port"), station, dir.resolve("station.log"));
            long stationPid = station.pid();
            List<Ramp> ramps = new ArrayList<>();
            ramps.add(ramp("station /live.mp3", "the station's child JVM (pid " + stationPid + "), /proc utime+stime:"
                            + " encoder, PCM feeder, WebServer, icecast push, JIT, GC, logging",
                    new InetSocketAddress("127.0.0.1", port), "/live.mp3", () -> procCpuNanos(stationPid, clockTicks),
                    null, o));
            if (ice != null && icecastPid > 0) {
                awaitSource(ice);
                long pid = icecastPid;
                Thread.sleep(3000); // let the station settle after its listeners left
                ramps.add(ramp("icecast2 " + MOUNT, "the icecast2 process (pid " + pid + "), /proc utime+stime;"
                                + " the station JVM encoding and pushing the source is shown apart as 'source'",
                        new InetSocketAddress("127.0.0.1", ice.port()), MOUNT, () -> procCpuNanos(pid, clockTicks),
                        () -> procCpuNanos(stationPid, clockTicks), o));
            }
            report(ramps, o);
        } finally {
            cleanup.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            station.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The station in a child JVM running this class with {@code --station}; its output goes to station.log. */
    private static Process startStation(Path dir, Options o, IcecastServer icecast, String password)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String opts = System.getenv().getOrDefault("PAPER_RADIO_JAVA_OPTS", "-Xmx1g");
        cmd.addAll(Arrays.stream(opts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        cmd.addAll(List.of("-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), ListenerLoadBench.class.getName(), "--station",
                String.valueOf(o.maxListeners()), dir.resolve("station.port").toString(),
                icecast == null ? "-" : icecast.url(MOUNT).toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("station.log").toFile());
        pb.environment().put(PASSWORD_ENV, password);
        // stdin stays a pipe: the child ends when it closes, i.e. when this JVM goes, however it goes
        return pb.start();
    }

    private static int awaitPort(Path portFile, Process station, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(portFile)) {
                return Integer.parseInt(Files.readString(portFile).trim());
            }
            if (!station.isAlive()) {
                throw new IOException("the station JVM exited (" + station.exitValue() + "): " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new IOException("the station JVM did not start within 60 s; see " + log);
    }

    private static void awaitSource(IcecastServer icecast) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (icecast.source(MOUNT).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the station's source never showed up on icecast2: " + icecast.log());
            }
            Thread.sleep(200);
        }
    }

    /** One server's ramp: a decode check, its CPU with no listener, then the steps. */
    private Ramp ramp(String name, String cpuMeasured, InetSocketAddress address, String path, LongSupplier serverCpu,
                      LongSupplier sourceCpu, Options o) throws Exception {
        System.out.printf(Locale.ROOT, "%n== %s on %s%s%n   server CPU: %s%n", name, address, path, cpuMeasured);
        try (Clients clients = new Clients(address, path)) {
            System.out.println("   " + probe(clients));
            clients.closeAll();
            // unmeasured load first, so the JVM's JIT has compiled the serving path before anything
            // is measured (icecast2 gets the same, to be loaded alike)
            int warm = Math.min(FIRST_STEP, o.maxListeners());
            clients.add(warm, CHECK_BYTES);
            Thread.sleep(Math.max(5, o.windowSeconds() / 2) * 1000L);
            clients.closeAll();
            Thread.sleep(2000);
            long c0 = serverCpu.getAsLong();
            long t0 = System.nanoTime();
            Thread.sleep(Math.max(3, o.windowSeconds() / 2) * 1000L);
            double baseline = (serverCpu.getAsLong() - c0) / (double) (System.nanoTime() - t0);
            System.out.printf(Locale.ROOT,
                    "   baseline, no listener (after %d s of %d unmeasured listeners): %.4f CPU-s/s%n",
                    Math.max(5, o.windowSeconds() / 2), warm, baseline);
            System.out.printf(Locale.ROOT, "   %6s %6s %6s %6s %6s %9s %9s %7s %8s %8s %8s %8s %8s %7s%n", "N", "conn",
                    "refusd", "keepup", "mp3ok", "minB/s", "medB/s", "stall", "srvCPU", "ms/lis", "ms/lis+", "source",
                    "client", "machine");
            List<Step> steps = new ArrayList<>();
            String stopped = "reached the maximum of " + o.maxListeners();
            for (int n : o.steps()) {
                Step s = step(clients, n, serverCpu, sourceCpu, o);
                steps.add(s);
                System.out.printf(Locale.ROOT,
                        "   %6d %6d %6d %6d %6d %9.0f %9.0f %6.2fs %8.4f %8.3f %8.3f %8s %8.4f %6.0f%% %s%n",
                        s.listeners(), s.connected(), s.refused(), s.keepingUp(), s.validMp3(),
                        s.minBytesPerSecond(), s.medianBytesPerSecond(), s.maxStallSeconds(), s.serverCpu(),
                        s.serverCpu() * 1000 / s.listeners(), (s.serverCpu() - baseline) * 1000 / s.listeners(),
                        Double.isNaN(s.sourceCpu()) ? "-" : String.format(Locale.ROOT, "%.4f", s.sourceCpu()),
                        s.clientCpu(), s.machineBusy() * 100, s.note());
                if (!s.held()) {
                    stopped = "at N=" + n + ": " + s.note();
                    break;
                }
            }
            return new Ramp(name, cpuMeasured, baseline, steps, stopped);
        }
    }

    /** One listener reads ~4 s; the bytes must decode as 44.1 kHz MP3 that is not silence. */
    private static String probe(Clients clients) throws Exception {
        Conn c = clients.add(1, PROBE_BYTES).getFirst();
        if (c.status != 200) {
            throw new IOException("the probe listener got " + c.describe());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (c.bodyBytes < PROBE_BYTES && System.nanoTime() < deadline && c.open) {
            Thread.sleep(100);
        }
        byte[] got = Arrays.copyOf(c.first, (int) Math.min(c.bodyBytes, c.first.length));
        int start = firstFrame(got);
        if (start < 0) {
            throw new IOException("no MP3 frames in the first " + got.length + " bytes: "
                    + new String(got, 0, Math.min(200, got.length), StandardCharsets.ISO_8859_1));
        }
        Pcm pcm = Mp3Decoder.decode(Arrays.copyOfRange(got, start, got.length), Duration.ofMinutes(1));
        if (pcm.sampleRate() != AUDIO.sampleRate() || pcm.duration().toMillis() < 2000 || pcm.rms() < 0.01) {
            throw new IOException("the stream does not decode to the air: " + pcm.sampleRate() + " Hz, "
                    + pcm.duration() + ", rms " + pcm.rms());
        }
        return String.format(Locale.ROOT, "decode check: %d bytes (first frame at byte %d) decode to %.2f s of %d Hz"
                        + " audio, rms %.3f of full scale; response head: %s", got.length, start,
                pcm.duration().toMillis() / 1000.0, pcm.sampleRate(), pcm.rms(), c.statusLine);
    }

    private Step step(Clients clients, int n, LongSupplier serverCpu, LongSupplier sourceCpu, Options o)
            throws Exception {
        clients.add(n - clients.size(), CHECK_BYTES);
        Thread.sleep(o.warmupSeconds() * 1000L);
        List<Conn> conns = clients.all();
        long[] bytes0 = new long[conns.size()];
        for (int i = 0; i < bytes0.length; i++) {
            bytes0[i] = conns.get(i).bodyBytes;
            conns.get(i).maxGap = 0;
        }
        long cpu0 = serverCpu.getAsLong();
        long src0 = sourceCpu == null ? 0 : sourceCpu.getAsLong();
        long client0 = clients.cpuNanos();
        long[] machine0 = machineTicks();
        long t0 = System.nanoTime();
        Thread.sleep(o.windowSeconds() * 1000L);
        long t1 = System.nanoTime();
        long cpu1 = serverCpu.getAsLong();
        long src1 = sourceCpu == null ? 0 : sourceCpu.getAsLong();
        long client1 = clients.cpuNanos();
        long[] machine1 = machineTicks();
        double seconds = (t1 - t0) / 1e9;

        int connected = 0;
        int refused = 0;
        int keeping = 0;
        int valid = 0;
        double worstStall = 0;
        double[] rates = new double[conns.size()];
        String firstProblem = null;
        for (int i = 0; i < rates.length; i++) {
            Conn c = conns.get(i);
            rates[i] = (c.bodyBytes - bytes0[i]) / seconds;
            double stall = Math.max(c.maxGap, c.open ? t1 - c.lastData : 0) / 1e9;
            if (c.status == 200) {
                worstStall = Math.max(worstStall, stall);
            }
            boolean ok200 = c.status == 200;
            if (!ok200) {
                refused++;
            } else if (c.open) {
                connected++;
            }
            boolean mp3 = c.bodyBytes >= CHECK_BYTES && firstFrame(c.first) >= 0;
            if (mp3) {
                valid++;
            }
            boolean keeps = ok200 && c.open && mp3
                    && (c.bodyBytes - bytes0[i]) >= BYTES_PER_SECOND * (seconds - SHORT_BY_SECONDS)
                    && stall <= MAX_STALL.toNanos() / 1e9;
            if (keeps) {
                keeping++;
            } else if (firstProblem == null) {
                firstProblem = c.describe() + String.format(Locale.ROOT, ", %.0f B/s, stall %.2f s", rates[i], stall);
            }
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        double busy = machine1[1] - machine0[1] == 0 ? 0
                : (double) (machine1[0] - machine0[0]) / (machine1[1] - machine0[1]);
        String note = firstProblem == null ? "" : "first problem: " + firstProblem;
        return new Step(n, connected, refused, keeping, valid, sorted.length == 0 ? 0 : sorted[0],
                sorted.length == 0 ? 0 : sorted[sorted.length / 2], worstStall, (cpu1 - cpu0) / (double) (t1 - t0),
                sourceCpu == null ? Double.NaN : (src1 - src0) / (double) (t1 - t0),
                (client1 - client0) / (double) (t1 - t0),
                busy, note);
    }

    private static void report(List<Ramp> ramps, Options o) {
        System.out.printf(Locale.ROOT, "%n== summary (window %d s, tolerance %.1f s of audio short, max stall %d s; "
                        + "CPU in CPU-seconds per second, i.e. cores)%n", o.windowSeconds(), SHORT_BY_SECONDS,
                MAX_STALL.toSeconds());
        System.out.printf(Locale.ROOT, "%-22s %10s %12s %14s %16s %12s  %s%n", "server", "largest N", "total CPU",
                "ms CPU/s per", "ms CPU/s per", "baseline", "ramp ended");
        System.out.printf(Locale.ROOT, "%-22s %10s %12s %14s %16s %12s%n", "", "held", "at that N", "listener",
                "listener above", "CPU, 0 lis.");
        System.out.printf(Locale.ROOT, "%-22s %10s %12s %14s %16s %12s%n", "", "", "", "(total/N)", "baseline", "");
        for (Ramp r : ramps) {
            Optional<Step> best = r.largestHeld();
            if (best.isEmpty()) {
                System.out.printf(Locale.ROOT, "%-22s %10s %12s %14s %16s %12.4f  %s%n", r.server(), "none", "-", "-",
                        "-", r.baselineCpu(), r.stopped());
                continue;
            }
            Step s = best.get();
            System.out.printf(Locale.ROOT, "%-22s %10d %12.4f %14.4f %16.4f %12.4f  %s%n", r.server(), s.listeners(),
                    s.serverCpu(), s.serverCpu() * 1000 / s.listeners(),
                    (s.serverCpu() - r.baselineCpu()) * 1000 / s.listeners(), r.baselineCpu(), r.stopped());
        }
        System.out.println("""
                How measured: the station serves from a child JVM and icecast2 is its own process; each server's CPU
                is utime+stime from /proc/<pid>/stat over the window (the station's figure includes its MP3 encoder and
                the icecast source push, hence the 'above baseline' column). The servers are loaded one after the
                other, each first given unmeasured listeners (JIT warm-up). 'ms/lis' is server CPU / N and 'ms/lis+'
                (server CPU - baseline) / N, in ms of CPU per second per listener. 'client' is the CPU of this JVM's
                one listener thread (NIO, 20 ms pacing); 'machine' is the share of all cores busy on the whole machine
                (other work included): a step taken while the machine was busy may understate what a server holds.
                'source' is the station JVM while it feeds icecast2. A step is held when every listener connected,
                got valid 44.1 kHz Layer III frames, received at least bitrate x (window - tolerance) and never waited
                longer than the stall limit.""");
    }

    /** Offset of the first of four chained Layer III frames of the station's format in {@code b}, or -1. */
    static int firstFrame(byte[] b) {
        for (int at = 0; at + 4 <= b.length && at < 2048; at++) {
            int p = at;
            int chained = 0;
            while (chained < 4 && Mp3Frames.frameLength(b, p) > 0 && Mp3Frames.sampleRate(b, p) == AUDIO.sampleRate()) {
                p += Mp3Frames.frameLength(b, p);
                chained++;
            }
            if (chained == 4) {
                return at;
            }
        }
        return -1;
    }

    /** utime + stime of a process in nanoseconds, from /proc/<pid>/stat. */
    static long procCpuNanos(long pid, long clockTicks) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state(3) ... utime(14) stime(15), so indexes 11 and 12 here
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 1_000_000_000L / clockTicks;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the CPU time of pid " + pid + ": " + e, e);
        }
    }

    /** Busy and total jiffies of all cores, from the first line of /proc/stat. */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | RuntimeException | InterruptedException e) {
            return 100; // USER_HZ on Linux
        }
    }

    private static long childPid(String command) throws IOException {
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.endsWith(command)).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new IOException("no child process " + command));
    }

    private static void warnAboutFileLimit(Options o) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os
                && os.getMaxFileDescriptorCount() < o.maxListeners() + 200L) {
            System.out.printf(Locale.ROOT, "warning: the open-file limit is %d; %d listeners need more (ulimit -n)%n",
                    os.getMaxFileDescriptorCount(), o.maxListeners());
        }
    }

    /**
     * One listener's connection, read by the {@link Clients} thread: the response head, then the
     * MP3 body (de-chunked when chunked), counted; the first bytes of the body kept for checks.
     * Fields the main thread reads are volatile; {@code first} is written before {@code bodyBytes}.
     */
    static final class Conn {
        final byte[] first;
        private int firstFilled;
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private boolean headDone;
        private int tail; // the last four bytes of the head, to see its end
        private boolean chunked;
        private int chunkState; // 0 size line, 1 data, 2 CRLF after data
        private long chunkLeft;
        private boolean chunkExt;
        private int crlfLeft;
        final CountDownLatch ready = new CountDownLatch(1);
        SocketChannel channel;
        volatile int status;
        volatile String statusLine = "";
        volatile boolean open = true;
        volatile String ended = "";
        volatile long bodyBytes;
        volatile long lastData;
        volatile long maxGap;

        Conn(int keep) {
            this.first = new byte[keep];
        }

        String describe() {
            return status == 0 ? "no response (" + ended + ")"
                    : "status " + status + (open ? "" : ", ended: " + ended) + ", " + bodyBytes + " bytes";
        }

        void fail(String why) {
            ended = why;
            open = false;
            ready.countDown();
            closeChannel();
        }

        void closeChannel() {
            open = false;
            SocketChannel ch = channel;
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }

        /** Bytes {@code b[0, n)} just read at {@code now}. */
        void consume(ByteBuffer b, int n, long now) {
            int i = 0;
            while (i < n && !headDone) {
                byte x = b.get(i++);
                head.write(x);
                tail = tail << 8 | (x & 0xff);
                int size = head.size();
                if ((tail & 0xffff) == 0x0a0a || tail == 0x0d0a0d0a) {
                    parseHead();
                    if (!open) {
                        return;
                    }
                } else if (size > 16_384) {
                    fail("response head too long");
                    return;
                }
            }
            while (i < n && open) {
                if (!chunked) {
                    body(b, i, n - i, now);
                    return;
                }
                switch (chunkState) {
                    case 0 -> {
                        byte x = b.get(i++);
                        if (x == '\n') {
                            if (chunkLeft == 0) {
                                fail("stream ended (last chunk)");
                                return;
                            }
                            chunkState = 1;
                        } else if (x == ';') {
                            chunkExt = true;
                        } else if (!chunkExt && Character.digit(x, 16) >= 0) {
                            chunkLeft = chunkLeft * 16 + Character.digit(x, 16);
                        }
                    }
                    case 1 -> {
                        int take = (int) Math.min(chunkLeft, n - i);
                        body(b, i, take, now);
                        i += take;
                        chunkLeft -= take;
                        if (chunkLeft == 0) {
                            chunkState = 2;
                            crlfLeft = 2;
                        }
                    }
                    default -> {
                        i++;
                        if (--crlfLeft == 0) {
                            chunkState = 0;
                            chunkExt = false;
                        }
                    }
                }
            }
        }

        private void parseHead() {
            headDone = true;
            String text = head.toString(StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\r?\n");
            statusLine = lines[0];
            String[] parts = lines[0].split(" ");
            try {
                status = parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
            } catch (NumberFormatException e) {
                status = -1;
            }
            for (String line : lines) {
                String l = line.toLowerCase(Locale.ROOT);
                if (l.startsWith("transfer-encoding:") && l.contains("chunked")) {
                    chunked = true;
                }
            }
            ready.countDown();
            if (status != 200) {
                fail("refused: " + lines[0]);
            }
        }

        private void body(ByteBuffer b, int off, int len, long now) {
            if (len <= 0) {
                return;
            }
            if (firstFilled < first.length) {
                int take = Math.min(len, first.length - firstFilled);
                b.get(off, first, firstFilled, take);
                firstFilled += take;
            }
            long last = lastData;
            if (last != 0 && now - last > maxGap) {
                maxGap = now - last;
            }
            lastData = now;
            bodyBytes = bodyBytes + len; // one writer: the selector thread
        }
    }

    /**
     * The listeners: sockets connected by a few virtual threads, then all read by one platform
     * thread with a selector that sleeps {@link #PACE} between rounds, so each read takes what
     * arrived meanwhile (fewer wake-ups and system calls on the client side).
     */
    static final class Clients implements AutoCloseable {

        private static final Duration PACE = Duration.ofMillis(20);
        private static final int CONNECTING_AT_ONCE = 16;

        private final InetSocketAddress address;
        private final byte[] request;
        private final Selector selector;
        private final Queue<Conn> toRegister = new ConcurrentLinkedQueue<>();
        private final List<Conn> all = new ArrayList<>(); // the main thread's
        private final ExecutorService connectors = Executors.newVirtualThreadPerTaskExecutor();
        private final Semaphore connecting = new Semaphore(CONNECTING_AT_ONCE);
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        private final Thread reader;
        private volatile boolean running = true;

        Clients(InetSocketAddress address, String path) throws IOException {
            this.address = address;
            this.request = ("GET " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                    + "\r\nUser-Agent: paper-radio-listener-bench\r\nAccept: */*\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            this.selector = Selector.open();
            this.reader = Thread.ofPlatform().name("bench-listeners").daemon().start(this::loop);
        }

        int size() {
            return all.size();
        }

        List<Conn> all() {
            return List.copyOf(all);
        }

        long cpuNanos() {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            return mx.getThreadCpuTime(reader.threadId());
        }

        /** Adds {@code n} listeners, back when each has its response head or failed (30 s at most). */
        List<Conn> add(int n, int keep) throws InterruptedException {
            List<Conn> added = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Conn c = new Conn(keep);
                added.add(c);
                all.add(c);
                connectors.execute(() -> connect(c));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (Conn c : added) {
                if (!c.ready.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    c.fail("no response head within 30 s");
                }
            }
            return added;
        }

        private void connect(Conn c) {
            try {
                connecting.acquire();
            } catch (InterruptedException e) {
                c.fail("interrupted");
                return;
            }
            try {
                SocketChannel ch = SocketChannel.open();
                c.channel = ch;
                ch.socket().connect(address, 5000);
                ch.write(ByteBuffer.wrap(request));
                ch.configureBlocking(false);
                toRegister.add(c);
                selector.wakeup();
            } catch (IOException e) {
                c.fail("connect: " + e);
            } finally {
                connecting.release();
            }
        }

        private void loop() {
            try {
                while (running) {
                    selector.select(200);
                    for (Conn c; (c = toRegister.poll()) != null; ) {
                        try {
                            c.channel.register(selector, SelectionKey.OP_READ, c);
                        } catch (IOException | RuntimeException e) { // closed meanwhile
                            c.fail("register: " + e);
                        }
                    }
                    long now = System.nanoTime();
                    for (SelectionKey k : selector.selectedKeys()) {
                        read(k, (Conn) k.attachment(), now);
                    }
                    selector.selectedKeys().clear();
                    Thread.sleep(PACE);
                }
            } catch (IOException | RuntimeException e) {
                System.out.println("listener thread failed: " + e);
            } catch (InterruptedException e) {
                // closing
            }
        }

        private void read(SelectionKey k, Conn c, long now) {
            SocketChannel ch = (SocketChannel) k.channel();
            try {
                while (c.open) {
                    buffer.clear();
                    int n = ch.read(buffer);
                    if (n > 0) {
                        c.consume(buffer, n, now);
                    } else {
                        if (n < 0) {
                            c.fail("closed by the server");
                        }
                        break;
                    }
                }
            } catch (IOException e) {
                c.fail("read: " + e);
            }
            if (!c.open) {
                k.cancel();
            }
        }

        /** Disconnects every listener (they stay counted as they were). */
        void closeAll() {
            for (Conn c : all) {
                c.closeChannel();
                c.ended = "closed by the bench";
            }
            all.clear();
        }

        @Override
        public void close() throws InterruptedException, IOException {
            running = false;
            selector.wakeup();
            reader.join(5000);
            closeAll();
            connectors.close();
            selector.close();
        }
    }

    /**
     * The station side, in its own JVM: the broadcast fed in real time, the web server, the
     * icecast push. Args: {@code --station maxListeners portFile icecastUrl|-}; the source
     * password comes in {@link #PASSWORD_ENV}. Ends when its stdin closes.
     */
    static final class StationSide {

        private StationSide() {
        }

        static void run(String[] args) throws Exception {
            int maxListeners = Integer.parseInt(args[1]);
            Path portFile = Path.of(args[2]);
            String icecastUrl = args[3];
            // as Station.main sets them: the JDK server's process-wide limits
            System.setProperty("sun.net.httpserver.maxReqTime", "10");
            System.setProperty("jdk.httpserver.maxConnections", String.valueOf(maxListeners + 50));
            LiveMp3Broadcast broadcast = new LiveMp3Broadcast(AUDIO);
            WebServer web = new WebServer(new StationConfig.Http("127.0.0.1", 0, maxListeners), "Paper Radio bench",
                    () -> null, broadcast, Clock.systemUTC());
            web.start();
            IcecastOutput icecast = null;
            if (!"-".equals(icecastUrl)) {
                icecast = new IcecastOutput(IcecastOutput.Settings.of("bench", URI.create(icecastUrl), PASSWORD_ENV),
                        System.getenv(PASSWORD_ENV), broadcast, AUDIO.mp3Bitrate());
                icecast.start();
            }
            AtomicBoolean on = new AtomicBoolean(true);
            Thread air = Thread.ofPlatform().name("bench-air").daemon().start(() -> feed(broadcast, on));
            Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
            Files.writeString(tmp, String.valueOf(web.port()));
            Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE);
            try {
                while (System.in.read() >= 0) {
                    // the bench never writes; EOF means it is gone
                }
            } finally {
                on.set(false);
                air.interrupt();
                if (icecast != null) {
                    icecast.close();
                }
                web.stop();
                broadcast.close();
            }
        }

        /** 100 ms blocks due at base + k x 100 ms by System.nanoTime, as the playout clock paces the air. */
        private static void feed(LiveMp3Broadcast broadcast, AtomicBoolean on) {
            int rate = AUDIO.sampleRate();
            short[] block = new short[rate / 10];
            SpeechLike signal = new SpeechLike(rate);
            long base = System.nanoTime();
            long samples = 0;
            try {
                while (on.get()) {
                    signal.fill(block);
                    broadcast.write(block, 0, block.length);
                    samples += block.length;
                    long due = base + samples * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(Duration.ofNanos(wait));
                    }
                }
            } catch (InterruptedException e) {
                // stopping
            }
        }
    }

    /**
     * A voice-like test signal: a gliding 100-150 Hz pitch with falling harmonics, in 4 Hz
     * syllables, 2.5 s phrases with 0.5 s pauses, and a little noise (so the encoder works as on speech).
     */
    static final class SpeechLike {
        private final int rate;
        private final java.util.SplittableRandom noise = new java.util.SplittableRandom(6);
        private long n;
        private double phase;

        SpeechLike(int rate) {
            this.rate = rate;
        }

        void fill(short[] out) {
            for (int i = 0; i < out.length; i++, n++) {
                double t = (double) n / rate;
                double pitch = 125 + 25 * Math.sin(2 * Math.PI * 0.35 * t);
                phase += 2 * Math.PI * pitch / rate;
                if (phase > 2 * Math.PI) {
                    phase -= 2 * Math.PI;
                }
                double voice = 0;
                for (int k = 1; k <= 10; k++) {
                    voice += Math.sin(k * phase) / k;
                }
                double syllable = Math.pow(Math.max(0, Math.sin(2 * Math.PI * 4 * t)), 2);
                double phrase = (t % 3.0) < 2.5 ? 1 : 0;
                double v = 0.25 * voice * syllable * phrase + 0.01 * (noise.nextDouble() - 0.5);
                out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v * 32767));
            }
        }
    }
}
