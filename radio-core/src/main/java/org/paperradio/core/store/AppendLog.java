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
 * a crash loses at most the line being written and a torn last line is skipped on reading. The
 * next append cuts a torn line off before it writes (a crash or a full disk can leave one), so
 * the fragment never runs into the next event and garbles it.
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
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long end = completeLength(ch);
            if (end < ch.size()) {
                ch.truncate(end);
            }
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            long at = end;
            while (bytes.hasRemaining()) {
                at += ch.write(bytes, at);
            }
            ch.force(false);
        }
    }

    /** The length of the file up to and including its last newline: where the complete lines end. */
    private static long completeLength(FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        for (long to = size; to > 0; ) {
            long from = Math.max(0, to - buf.capacity());
            buf.clear().limit((int) (to - from));
            while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) {
                // read the window fully
            }
            for (int i = buf.position() - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return from + i + 1;
                }
            }
            to = from;
        }
        return 0;
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
