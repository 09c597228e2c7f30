package org.paperradio.stream.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.paperradio.stream.rtmp.FlvReader;
import org.paperradio.stream.rtmp.FlvTag;
import org.paperradio.stream.rtmp.FlvWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the stream's MP3 audio into AAC-LC (what Twitch asks for) by handing the FLV to ffmpeg
 * ({@code -c:v copy -c:a aac -copyts}) and reading its FLV back: video passes through untouched,
 * timestamps are kept. ffmpeg runs as a child process; if it exits it is started again (after a
 * second), and until then tags are dropped, never queued without bound. Accepting a tag never
 * blocks the caller.
 */
final class AacTranscoder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AacTranscoder.class);
    private static final int QUEUE = 2_000;

    private final int bitrateKbps;
    private final Consumer<FlvTag> out;
    private final BlockingQueue<FlvTag> in = new ArrayBlockingQueue<>(QUEUE);
    /** The latest metadata and AVC header: every new ffmpeg needs them first. */
    private volatile FlvTag metadata;
    private volatile FlvTag avcHeader;
    private volatile boolean running;
    private Thread feeder;

    AacTranscoder(int bitrateKbps, Consumer<FlvTag> out) {
        this.bitrateKbps = bitrateKbps;
        this.out = out;
    }

    /** Whether ffmpeg can be run here. */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void start() {
        running = true;
        feeder = Thread.ofPlatform().name("aac-ffmpeg").daemon().start(this::run);
    }

    void accept(FlvTag tag) {
        if (tag.type() == FlvTag.Type.SCRIPT) {
            metadata = tag;
        } else if (tag.isAvcSequenceHeader()) {
            avcHeader = tag;
        }
        in.offer(tag); // full: ffmpeg is away or stuck, the tag is dropped
    }

    private void run() {
        while (running) {
            Process ffmpeg = null;
            try {
                ffmpeg = new ProcessBuilder(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "flv",
                        "-i", "pipe:0", "-c:v", "copy", "-c:a", "aac", "-b:a", bitrateKbps + "k", "-copyts",
                        "-f", "flv", "-flvflags", "no_duration_filesize", "pipe:1")).start();
                Process p = ffmpeg;
                Thread reader = Thread.ofVirtual().start(() -> readBack(p));
                Thread.ofVirtual().start(() -> logErrors(p));
                try (OutputStream toFfmpeg = p.getOutputStream()) {
                    FlvWriter w = new FlvWriter(toFfmpeg);
                    w.writeHeader(true, true);
                    if (metadata != null) {
                        w.write(metadata);
                    }
                    if (avcHeader != null) {
                        w.write(avcHeader);
                    }
                    while (running && p.isAlive()) {
                        FlvTag tag = in.poll(200, TimeUnit.MILLISECONDS);
                        if (tag != null) {
                            w.write(tag);
                            toFfmpeg.flush();
                        }
                    }
                }
                reader.join(Duration.ofSeconds(2));
            } catch (IOException e) {
                log.warn("ffmpeg (AAC audio) failed, restarting it in 1 s: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                if (ffmpeg != null) {
                    ffmpeg.destroy();
                }
            }
            if (running) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void readBack(Process p) {
        FlvReader reader = new FlvReader(p.getInputStream());
        try {
            for (FlvTag tag = reader.next(); tag != null; tag = reader.next()) {
                out.accept(tag);
            }
        } catch (IOException e) {
            if (running) {
                log.warn("reading ffmpeg's FLV failed: {}", e.toString());
            }
        }
    }

    private static void logErrors(Process p) {
        try {
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!err.isEmpty()) {
                log.warn("ffmpeg (AAC audio): {}", err.length() > 500 ? err.substring(0, 500) : err);
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    @Override
    public void close() {
        running = false;
        if (feeder != null) {
            feeder.interrupt();
            try {
                feeder.join(Duration.ofSeconds(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
