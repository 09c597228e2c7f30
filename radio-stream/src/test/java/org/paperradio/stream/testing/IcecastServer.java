package org.paperradio.stream.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Icecast 2 on a free loopback port, configured in a directory of its own. Needs
 * {@code /usr/bin/icecast2} (Debian package {@code icecast2}, whose web and admin templates in
 * {@code /usr/share/icecast2} serve {@code /status-json.xsl}); the test is skipped when it is
 * missing. Logs go to the process's stdout, captured in {@code <dir>/icecast.log}.
 *
 * <p>Icecast refuses to run as root unless it may drop to another user, so as root the config
 * has it change to {@code nobody}/{@code nogroup} after binding; with everything logged to
 * stdout and the templates world-readable, it needs nothing from the (private) directory then.
 */
public final class IcecastServer implements AutoCloseable {

    static final Path ICECAST = Path.of("/usr/bin/icecast2");
    static final Path SHARE = Path.of("/usr/share/icecast2");
    /** Enough clients for the tests; Icecast's own default is 100. */
    private static final int DEFAULT_CLIENTS = 20;

    private final Path dir;
    private final int port;
    private final String adminPassword = UUID.randomUUID().toString();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private Process process;

    private IcecastServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /**
     * Starts icecast2 in {@code dir} accepting sources with {@code sourcePassword} (skips the test
     * when icecast2 is not installed).
     */
    public static IcecastServer start(Path dir, String sourcePassword) throws IOException, InterruptedException {
        return start(dir, sourcePassword, DEFAULT_CLIENTS);
    }

    /**
     * As {@link #start(Path, String)}, letting up to {@code maxClients} clients connect at once
     * (Icecast counts sources and listeners alike; more get refused), e.g. for a load benchmark.
     */
    public static IcecastServer start(Path dir, String sourcePassword, int maxClients)
            throws IOException, InterruptedException {
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be at least 1, not " + maxClients);
        }
        assumeTrue(Files.isExecutable(ICECAST), "icecast2 not installed");
        assumeTrue(Files.isRegularFile(SHARE.resolve("web/status-json.xsl")), "icecast2 web templates missing");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        IcecastServer server = new IcecastServer(dir, port);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("icecast.xml"), server.config(sourcePassword, maxClients));
        server.launch();
        return server;
    }

    private String config(String sourcePassword, int maxClients) throws IOException {
        String security = runningAsRoot()
                ? "<security><chroot>0</chroot><changeowner><user>nobody</user><group>nogroup</group></changeowner></security>"
                : "<security><chroot>0</chroot></security>";
        return """
                <icecast>
                  <location>loopback</location>
                  <admin>test@localhost</admin>
                  <limits>
                    <clients>%d</clients><sources>4</sources>
                    <client-timeout>30</client-timeout><header-timeout>15</header-timeout>
                    <source-timeout>10</source-timeout>
                    <burst-on-connect>1</burst-on-connect><burst-size>65535</burst-size>
                  </limits>
                  <authentication>
                    <source-password>%s</source-password>
                    <relay-password>%s</relay-password>
                    <admin-user>admin</admin-user><admin-password>%s</admin-password>
                  </authentication>
                  <hostname>127.0.0.1</hostname>
                  <listen-socket><port>%d</port><bind-address>127.0.0.1</bind-address></listen-socket>
                  <fileserve>1</fileserve>
                  <paths>
                    <basedir>%s</basedir><logdir>%s</logdir>
                    <webroot>%s</webroot><adminroot>%s</adminroot>
                  </paths>
                  <logging><accesslog>-</accesslog><errorlog>-</errorlog><loglevel>3</loglevel></logging>
                  %s
                </icecast>
                """.formatted(maxClients, xml(sourcePassword), UUID.randomUUID(), adminPassword, port, dir, dir,
                SHARE.resolve("web"), SHARE.resolve("admin"), security);
    }

    private static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    public int port() {
        return port;
    }

    /** True while the icecast2 process runs. */
    public boolean isUp() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** {@code http://127.0.0.1:port/mount}, where sources PUT and listeners GET. */
    public URI url(String mount) {
        return URI.create("http://127.0.0.1:" + port + mount);
    }

    /** Stops icecast2 and starts it again on the same port (its sources are cut). */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    /** The status of {@code mount} from {@code /status-json.xsl}; empty when it has no source. */
    public Optional<JsonNode> source(String mount) throws IOException, InterruptedException {
        JsonNode sources = status().path("icestats").path("source");
        Iterable<JsonNode> all = sources.isArray() ? sources : java.util.List.of(sources);
        for (JsonNode s : all) {
            if (s.path("listenurl").asText("").endsWith(":" + port + mount)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * {@code /status-json.xsl}. Icecast 2.4.4's template sometimes writes broken JSON (the global
     * fields and their opening brace left out while its stats are being updated), so a broken
     * answer is asked again for up to 2 s.
     */
    private JsonNode status() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status-json.xsl"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (true) {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("status-json.xsl answered " + r.statusCode());
            }
            try {
                return json.readTree(r.body());
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("status-json.xsl is not JSON: " + r.body(), e);
                }
                Thread.sleep(100);
            }
        }
    }

    /** The title Icecast shows for {@code mount}, if it has a source and a title. */
    public Optional<String> title(String mount) throws IOException, InterruptedException {
        return source(mount).map(s -> s.path("title")).filter(JsonNode::isTextual).map(JsonNode::asText);
    }

    /** What icecast2 logged (error and access log). */
    public String log() throws IOException {
        Path log = dir.resolve("icecast.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Process p = process;
            if (p != null) {
                p.destroyForcibly();
            }
        } finally {
            http.shutdownNow();
        }
    }

    private void launch() throws IOException, InterruptedException {
        process = new ProcessBuilder(ICECAST.toString(), "-c", dir.resolve("icecast.xml").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("icecast.log").toFile()))
                .start();
        ChildProcesses.awaitListening(process, port, Duration.ofSeconds(10), "icecast2", this::log);
    }

    /** Stops icecast2 (SIGTERM, then SIGKILL after 5 s); start it again with {@link #restart()}. */
    public void stop() throws InterruptedException {
        ChildProcesses.stop(process);
        process = null;
    }
}
