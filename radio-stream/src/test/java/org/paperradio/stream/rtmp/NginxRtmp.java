package org.paperradio.stream.rtmp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import org.paperradio.stream.testing.ChildProcesses;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real nginx with the RTMP module on loopback, recording every published stream to
 * {@code <dir>/rec/*.flv}. Needs {@code /usr/sbin/nginx} (Debian: nginx-light or nginx) and
 * {@code /usr/lib/nginx/modules/ngx_rtmp_module.so} (libnginx-mod-rtmp); the test is skipped
 * when either is missing.
 */
public final class NginxRtmp implements AutoCloseable {

    static final Path NGINX = Path.of("/usr/sbin/nginx");
    static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_rtmp_module.so");

    private final Path dir;
    private final int port;
    private Process process;

    private NginxRtmp(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts nginx in {@code dir} on a free loopback port (skips the test if nginx is not installed). */
    public static NginxRtmp start(Path dir) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(NGINX), "nginx not installed");
        assumeTrue(Files.isRegularFile(MODULE), "libnginx-mod-rtmp not installed");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir.resolve("rec"));
        Files.writeString(dir.resolve("nginx.conf"), """
                load_module %s;
                daemon off;
                master_process off;
                worker_processes 1;
                error_log %s info;
                pid %s;
                events { worker_connections 64; }
                rtmp {
                    # the module's default access log is /var/log/nginx/access.log: not writable unless root
                    access_log %s;
                    server {
                        listen 127.0.0.1:%d;
                        chunk_size 4096;
                        application live {
                            live on;
                            record all;
                            record_path %s;
                            record_unique on;
                        }
                    }
                }
                """.formatted(MODULE, dir.resolve("error.log"), dir.resolve("nginx.pid"), dir.resolve("rtmp-access.log"), port,
                        dir.resolve("rec")));
        NginxRtmp n = new NginxRtmp(dir, port);
        n.launch();
        return n;
    }

    /** The publishing URL for {@code key} in application {@code live}. */
    public String url(String key) {
        return "rtmp://127.0.0.1:" + port + "/live/" + key;
    }

    public int port() {
        return port;
    }

    /** Stops nginx and starts it again on the same port. */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    /** The recordings so far, oldest first. */
    public List<Path> recordings() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("rec"))) {
            return s.filter(p -> p.toString().endsWith(".flv")).sorted().toList();
        }
    }

    public String errorLog() throws IOException {
        Path log = dir.resolve("error.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void launch() throws IOException, InterruptedException {
        process = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        ChildProcesses.awaitListening(process, port, Duration.ofSeconds(10), "nginx",
                () -> Files.readString(dir.resolve("nginx.out")) + errorLog());
    }

    private void stop() throws InterruptedException {
        ChildProcesses.stop(process); // SIGTERM: fast shutdown, closes recordings
        process = null;
    }
}
