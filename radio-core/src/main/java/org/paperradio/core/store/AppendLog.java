package org.paperradio.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only, line-per-event log ({@code events.log}, {@code aired.log}). Each line is
 * {@code <instant> <event> <subject> [detail]}, written with one call and forced to disk, so
 * a crash loses at most the line being written and a torn last line is skipped on reading.
 */
public final class AppendLog {

    /** One line of the log. */
    public record Entry(String at, String event, String subject, String detail) {
    }

    private final Path file;
    private final Clock clock;

    public AppendLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    public synchronized void append(String event, String subject, String detail) throws IOException {
        String clean = detail == null ? "" : " " + detail.replaceAll("[\\r\\n]+", " ");
        String line = clock.instant() + " " + event + " " + subject + clean + "\n";
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            ch.force(false);
        }
    }

    /** All complete lines in order. */
    public synchronized List<Entry> read() throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        String all = Files.readString(file, StandardCharsets.UTF_8);
        int end = all.lastIndexOf('\n');
        if (end < 0) {
            return out;
        }
        for (String line : all.substring(0, end).split("\n")) {
            String[] parts = line.split(" ", 4);
            if (parts.length >= 3) {
                out.add(new Entry(parts[0], parts[1], parts[2], parts.length == 4 ? parts[3] : ""));
            }
        }
        return out;
    }

    public Path file() {
        return file;
    }
}
