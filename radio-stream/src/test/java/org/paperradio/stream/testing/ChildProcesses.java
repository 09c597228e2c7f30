package org.paperradio.stream.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** For tests that run a real server (nginx, icecast2) as a child process. */
public final class ChildProcesses {

    /** What to say about a server that failed (its log). */
    @FunctionalInterface
    public interface Why {
        String get() throws IOException;
    }

    private ChildProcesses() {
    }

    /**
     * Waits until {@code process} accepts connections on loopback {@code port}.
     *
     * @throws IOException when it exits first or does not listen within {@code timeout}; the message
     *                     carries {@code why}
     */
    public static void awaitListening(Process process, int port, Duration timeout, String name, Why why)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited (" + process.exitValue() + "): " + why.get());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        stop(process);
        throw new IOException(name + " did not listen on " + port + ": " + why.get());
    }

    /** SIGTERM (a clean shutdown closes recordings and mounts), then SIGKILL after 5 s. Null is fine. */
    public static void stop(Process p) throws InterruptedException {
        if (p == null) {
            return;
        }
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
