package org.paperradio.stream.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A headless Chromium driven through the system's chromedriver with the W3C WebDriver protocol
 * (JSON over HTTP on loopback). Selenium's Java client needs Guava 33, which cannot share the
 * test class path with MaryTTS's Guava 14, so the few commands these tests need are spoken
 * directly: the browser and driver are the same ones Selenium would drive, and nothing is ever
 * downloaded (the driver and browser paths are fixed).
 */
final class WebDriverSession implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process driver;
    private final URI base;
    private final String session;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Whether this machine has the browser and its driver. */
    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Starts chromedriver on a free loopback port and opens a headless browser session. */
    WebDriverSession(Path profile, Path log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1",
                "--log-path=" + log)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        base = URI.create("http://127.0.0.1:" + port);
        try {
            awaitReady();
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("binary", CHROMIUM.toString());
            options.put("args", List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--autoplay-policy=no-user-gesture-required", "--disable-background-networking",
                    "--disable-component-update", "--no-first-run", "--mute-audio", "--window-size=412,915",
                    "--user-data-dir=" + profile));
            JsonNode created = call("POST", "/session", Map.of("capabilities", Map.of("alwaysMatch",
                    Map.of("browserName", "chrome", "goog:chromeOptions", options))));
            session = created.path("sessionId").asText();
            if (session.isEmpty()) {
                throw new IOException("no session: " + created);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            driver.destroyForcibly();
            throw e;
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            try {
                if (call("GET", "/status", null).path("ready").asBoolean()) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("chromedriver did not get ready");
    }

    /** Opens {@code url} and waits for it to load. */
    void get(String url) throws IOException, InterruptedException {
        cmd("POST", "/url", Map.of("url", url));
    }

    /** The element matching a CSS selector (fails when there is none). */
    String find(String css) throws IOException, InterruptedException {
        return cmd("POST", "/element", Map.of("using", "css selector", "value", css)).path(ELEMENT).asText();
    }

    /** Every element matching a CSS selector. */
    List<String> findAll(String css) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        cmd("POST", "/elements", Map.of("using", "css selector", "value", css)).forEach(e -> out.add(e.path(ELEMENT).asText()));
        return out;
    }

    void click(String element) throws IOException, InterruptedException {
        cmd("POST", "/element/" + element + "/click", Map.of());
    }

    /** Types into an element as a keyboard would ({@code \uE007} is Enter). */
    void type(String element, String text) throws IOException, InterruptedException {
        cmd("POST", "/element/" + element + "/value", Map.of("text", text));
    }

    String text(String element) throws IOException, InterruptedException {
        return cmd("GET", "/element/" + element + "/text", null).asText();
    }

    String attribute(String element, String name) throws IOException, InterruptedException {
        JsonNode v = cmd("GET", "/element/" + element + "/attribute/" + name, null);
        return v.isNull() ? null : v.asText();
    }

    /** A DOM property (for src and href: the resolved, absolute URL). */
    String property(String element, String name) throws IOException, InterruptedException {
        JsonNode v = cmd("GET", "/element/" + element + "/property/" + name, null);
        return v.isNull() ? null : v.asText();
    }

    /** Runs a script in the page ({@code return ...} gives the answer). */
    JsonNode script(String js, Object... args) throws IOException, InterruptedException {
        return cmd("POST", "/execute/sync", Map.of("script", js, "args", List.of(args)));
    }

    /** Waits until the script's answer passes the test, and returns that answer. */
    JsonNode await(String what, Duration timeout, String js, Predicate<JsonNode> test)
            throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < end) {
            last = script(js);
            if (test.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; last value: " + last);
    }

    private JsonNode cmd(String method, String path, Object body) throws IOException, InterruptedException {
        return call(method, "/session/" + session + path, body);
    }

    private JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .header("Content-Type", "application/json; charset=utf-8");
        }
        HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(res.body());
        if (res.statusCode() != 200) {
            throw new IOException("WebDriver " + method + " " + path + " -> " + res.statusCode() + ": "
                    + json.path("value").path("message").asText(res.body()));
        }
        return json.path("value");
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                call("DELETE", "/session/" + session, null);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the driver is stopped below in any case
        } finally {
            driver.destroy();
            try {
                if (!driver.waitFor(5, TimeUnit.SECONDS)) {
                    driver.destroyForcibly();
                }
            } catch (InterruptedException e) {
                driver.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
