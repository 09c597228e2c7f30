package org.paperradio.stream.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real small file system for disk-full tests: a tmpfs of a given size mounted on a folder
 * (needs root, as on the CI machine; {@link #mount} answers empty where mounting is not allowed).
 * {@link #fill} takes every free byte with a filler file, so the next write anyone makes fails
 * with "No space left on device"; {@link #free} gives the space back.
 */
public final class SmallDisk implements AutoCloseable {

    private final Path mountPoint;
    private final Path filler;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.filler = mountPoint.resolve(".filler");
    }

    /** Mounts a tmpfs of {@code megabytes} on {@code dir} (created); empty when not permitted here. */
    public static Optional<SmallDisk> mount(Path dir, int megabytes) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        if (run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0755", "tmpfs", dir.toString()) != 0) {
            return Optional.empty();
        }
        return Optional.of(new SmallDisk(dir));
    }

    /**
     * Writes the filler until the file system is full, then gives {@code leaveFree} bytes back:
     * enough for small writes (a paper.json, a PDF), not for big ones (page images, audio).
     * Returns the filler's size.
     */
    public long fill(long leaveFree) throws IOException {
        long size = fillUp();
        if (leaveFree > 0) {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(filler,
                    java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(Math.max(0, size - leaveFree));
            }
        }
        return Files.size(filler);
    }

    private long fillUp() throws IOException {
        long written = 0;
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
        // the last block may have gone partly in: top it up byte by byte
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(0);
                out.flush();
                written++;
            }
        } catch (IOException full) {
            // full to the last byte
        }
        return written;
    }

    /** Deletes the filler: the space is free again. */
    public void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    /** Free bytes now. */
    public long usable() throws IOException {
        return Files.getFileStore(mountPoint).getUsableSpace();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (run("umount", mountPoint.toString()) != 0) {
            run("umount", "-l", mountPoint.toString()); // something still has a file open: detach it
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
