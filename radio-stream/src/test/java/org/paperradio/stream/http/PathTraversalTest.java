package org.paperradio.stream.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperradio.stream.http.FullWebServer.AIRED;
import static org.paperradio.stream.http.FullWebServer.OPEN;
import static org.paperradio.stream.http.FullWebServer.SECRET;
import static org.paperradio.stream.http.FullWebServer.SHOW;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.stream.http.FullWebServer.Answer;

/**
 * Path traversal against the whole web server (pages, page images, library API, programme API,
 * feeds) over one real data folder, with files holding a secret next to it: every route that
 * takes a path or id piece is sent, over a raw socket so nothing normalises the target, dot
 * segments raw, percent-encoded, half-encoded, double-encoded, with backslashes, overlong and
 * Unicode look-alikes, NULs, absolute paths and a 100 KB path. No answer may be a 200 or carry
 * the secret; each must be a 4xx (never a 500 or a dropped connection); and the server must
 * still serve afterwards.
 */
class PathTraversalTest {

    @TempDir
    static Path root;

    private static FullWebServer server;

    /** Routes with {@code {X}} where the attacker's piece goes: GET ones, then POST ones. */
    private static final List<String> GET_ROUTES = List.of(
            "/papers/{X}/page/1.png", "/papers/" + OPEN + "/page/{X}.png", "/papers/{X}/page/{X}.png",
            "/papers/{X}", "/papers/{X}/segment.mp3", "/papers/{X}/segment.vtt", "/papers/{X}/segment.srt",
            "/papers/{X}/chapters.json", "/papers/" + AIRED + "/{X}",
            "/shows/{X}.mp3", "/shows/{X}", "/shows/{X}.vtt", "/shows/{X}.srt", "/shows/{X}.chapters.json",
            "/api/shows/{X}", "/api/papers/{X}", "/api/papers/{X}/related", "/api/papers/{X}/vote",
            "/paper/{X}", "/static/{X}", "/feeds/{X}", "/feeds/{X}.xml", "/{X}");
    private static final List<String> POST_ROUTES = List.of("/api/papers/{X}/vote", "/api/papers/{X}/request",
            "/api/config/{X}");

    /** Ways to write "../" that some decoder, file system or normaliser might turn into a parent step. */
    private static final List<String> DOT_DOT_SLASH = List.of(
            "../", "..%2f", "..%2F", "%2e%2e%2f", "%2E%2E%2F", "%2e%2e/", ".%2e/", "%2e./",
            "%252e%252e%252f", "..%252f", "..\\", "..%5c", "..%5C", "%2e%2e%5c", "..%255c",
            "..%c0%af", "%c0%ae%c0%ae/", "..%00/", "....//", "..;/", "..%3b/", ".../",
            "\uFF0E\uFF0E\uFF0F", "%EF%BC%8E%EF%BC%8E%EF%BC%8F", "\u2024\u2024/", "%E2%80%A4%E2%80%A4/",
            "%u002e%u002e%u002f", "..%09/", "%20../");
    /** What follows the climb: the secret's stem (the route adds .mp3, .vtt, ...), its full name, or nothing. */
    private static final List<String> STEMS = List.of("secret", "secret.txt", "");

    @BeforeAll
    static void start() throws Exception {
        server = new FullWebServer(root);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static Answer get(String target) throws Exception {
        return FullWebServer.raw(server.port(), "GET", target);
    }

    /** Each problem as one line: the request and what came back. */
    private static void check(String method, String target, List<String> problems) throws Exception {
        Answer a = FullWebServer.raw(server.port(), method, target);
        String shown = target.length() > 160 ? target.substring(0, 160) + "...(" + target.length() + " chars)" : target;
        if (a.body().contains(SECRET)) {
            problems.add(method + " " + shown + " -> " + a.status() + " WITH THE SECRET");
        } else if (a.status() < 400 || a.status() > 499) {
            problems.add(method + " " + shown + " -> " + (a.status() < 0 ? "no answer" : a.status())
                    + (a.status() >= 500 ? " " + a.body().strip() : ""));
        }
    }

    private static List<String> targets(List<String> routes, List<String> pieces) {
        Set<String> out = new LinkedHashSet<>();
        for (String route : routes) {
            for (String piece : pieces) {
                out.add(route.replace("{X}", piece));
            }
        }
        return List.copyOf(out);
    }

    /** The climbs: each way of writing ../ once and three times, then each stem. */
    private static List<String> climbs() {
        List<String> out = new ArrayList<>();
        for (String up : DOT_DOT_SLASH) {
            for (int depth : new int[] {1, 3}) {
                for (String stem : STEMS) {
                    out.add(up.repeat(depth) + stem);
                }
            }
        }
        return out;
    }

    @Test
    void theFixtureServesTheRealFiles() throws Exception {
        // the attacks below only mean something if the same routes do serve files
        for (String target : List.of("/papers/" + OPEN + "/page/1.png", "/papers/" + AIRED.folderName() + "/segment.mp3",
                "/papers/" + AIRED.folderName() + "/segment.vtt", "/shows/" + SHOW + ".mp3", "/shows/" + SHOW + ".vtt",
                "/api/shows/" + SHOW, "/api/papers/" + OPEN, "/paper/" + OPEN, "/static/app.js")) {
            assertThat(get(target).status()).as(target).isEqualTo(200);
        }
    }

    @Test
    void dotSegmentsInEveryEncodingNeverLeaveTheDataFolder() throws Exception {
        List<String> problems = new ArrayList<>();
        for (String target : targets(GET_ROUTES, climbs())) {
            check("GET", target, problems);
        }
        for (String target : targets(POST_ROUTES, climbs())) {
            check("POST", target, problems);
        }
        assertThat(problems).as("answers that were not a plain 4xx without the secret").isEmpty();
        stillServes();
    }

    @Test
    void absolutePathsNulsAndFileUrlsAreRefused() throws Exception {
        String abs = root.resolve("secret").toAbsolutePath().toString();
        String absEncoded = abs.replace("/", "%2F");
        List<String> pieces = List.of(abs, absEncoded, abs.replace("/", "%252F"), "file://" + abs,
                "file:%2F%2F" + absEncoded, "C:\\secret", "C:%5Csecret", "%5C%5C127.0.0.1%5Csecret",
                "secret.txt%00", "secret%00.png", "..%2fsecret.txt%00.png", "%00", "%2e%2e%00%2f", "..%2f%00secret",
                "~/secret", "%7e%2fsecret", "$HOME%2fsecret", ".", "..", "%2e", "%2e%2e", "%2e%2e%2f%2e%2e");
        List<String> problems = new ArrayList<>();
        for (String target : targets(GET_ROUTES, pieces)) {
            check("GET", target, problems);
        }
        for (String target : targets(POST_ROUTES, pieces)) {
            check("POST", target, problems);
        }
        assertThat(problems).as("answers that were not a plain 4xx without the secret").isEmpty();
        stillServes();
    }

    @Test
    void unnormalisedRequestLinesAreRefused() throws Exception {
        String abs = root.resolve("secret.txt").toAbsolutePath().toString();
        List<String> problems = new ArrayList<>();
        for (String target : List.of("../secret.txt", "../../secret.txt", "secret.txt", "//" + abs.substring(1),
                "/" + abs, "/..", "/../", "/../secret.txt", "/./../secret.txt", "/%2e%2e/secret.txt",
                "http://127.0.0.1/../secret.txt", "http://127.0.0.1/..%2fsecret.txt", "file://" + abs,
                "http://127.0.0.1" + abs, "/papers/../../secret.txt", "/shows/../../secret.mp3",
                "/shows/..%2f..%2fsecret.mp3", "/papers/" + OPEN + "/page/../../../../secret.png",
                "/papers/" + AIRED.folderName() + "/../../segment.mp3", "\\..\\secret.txt", "/\\..\\secret.txt")) {
            check("GET", target, problems);
            check("HEAD", target, problems);
        }
        assertThat(problems).as("answers that were not a plain 4xx without the secret").isEmpty();
        stillServes();
    }

    @Test
    void aHundredKilobytePathIsRefusedQuickly() throws Exception {
        String climb = "../".repeat(34_000) + "secret";
        String encoded = "%2e%2e%2f".repeat(11_400) + "secret";
        List<String> problems = new ArrayList<>();
        long start = System.nanoTime();
        for (String route : List.of("/papers/{X}/page/1.png", "/papers/{X}/segment.mp3", "/shows/{X}.mp3",
                "/shows/{X}.vtt", "/api/papers/{X}", "/paper/{X}", "/static/{X}", "/{X}")) {
            check("GET", route.replace("{X}", climb), problems);
            check("GET", route.replace("{X}", encoded), problems);
        }
        check("POST", "/api/papers/" + climb + "/vote", problems);
        check("GET", "/api/search?q=" + "a".repeat(100_000), problems);
        assertThat(problems).as("answers to 100 KB paths that were not a plain 4xx").isEmpty();
        assertThat(System.nanoTime() - start).as("18 requests of 100 KB").isLessThan(10_000_000_000L);
        stillServes();
    }

    /** After all that, the station still answers its listeners. */
    private static void stillServes() throws Exception {
        assertThat(get("/api/now").status()).isEqualTo(200);
        assertThat(get("/papers/" + OPEN + "/page/1.png").status()).isEqualTo(200);
        assertThat(get("/shows/" + SHOW + ".mp3").status()).isEqualTo(200);
    }
}
