package org.paperradio.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes that are all-or-nothing: content goes to a temporary name in the same folder, is
 * flushed to disk, then renamed over the target. A reader never sees half a file, and a crash
 * leaves at most a {@value #TEMP_PREFIX}* leftover, removed by {@link #removeLeftovers}.
 */
public final class AtomicFiles {

    /** Prefix of every temporary file or folder; nothing else in the store starts with it. */
    public static final String TEMP_PREFIX = ".tmp-";

    /** Writes content into the given temporary path. */
    @FunctionalInterface
    public interface Producer {
        void writeTo(Path temp) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, temp -> Files.write(temp, bytes));
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Lets {@code producer} fill a temporary file, then renames it to {@code target}. */
    public static void write(Path target, Producer producer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
        try {
            producer.writeTo(temp);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            move(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Lets {@code producer} fill a temporary folder, then puts it in place of {@code target}
     * (replacing an older one). Used for page images, which are many files but one artifact.
     */
    public static void writeDirectory(Path target, Producer producer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
        Files.createDirectory(temp);
        try {
            producer.writeTo(temp);
            if (Files.exists(target)) {
                Path old = dir.resolve(TEMP_PREFIX + "old-" + target.getFileName() + "-" + UUID.randomUUID());
                move(target, old);
                deleteRecursively(old);
            }
            move(temp, target);
        } finally {
            if (Files.exists(temp)) {
                deleteRecursively(temp);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(to.toAbsolutePath().getParent());
    }

    /** Makes the rename itself durable (it lives in the folder's entry list), where the OS allows it. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems and platforms cannot open a folder for syncing; the rename still happened
        }
    }

    /** Deletes temporaries a crash left behind anywhere below {@code root}. */
    public static void removeLeftovers(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX)).toList()) {
                if (Files.exists(p)) {
                    deleteRecursively(p);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    public static void deleteRecursively(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
