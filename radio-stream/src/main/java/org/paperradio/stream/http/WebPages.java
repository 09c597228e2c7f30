package org.paperradio.stream.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperLog;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners' web pages, for {@link WebServer} (GET and HEAD only):
 * <ul>
 * <li>{@code /} the live page, {@code /archive} the shows and paper segments,
 *     {@code /paper/{id}} one paper (404 when the library does not hold it);</li>
 * <li>{@code /static/app.js}, {@code /static/app.css}: the pages' script and style, from the
 *     class path; only these names, never a path made from the request;</li>
 * <li>{@code /papers/{id}/page/{n}.png} (n from 1 to 999): a page image of a paper, only when its
 *     license lets the station redistribute it, else 404.</li>
 * </ul>
 * Every page is served under a strict Content-Security-Policy: scripts, styles, images, media
 * and connections from the station itself only, nothing inline.
 */
public final class WebPages {

    private static final Logger log = LoggerFactory.getLogger(WebPages.class);

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "media-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    static final String STATIC = "/static/";
    static final String ARCHIVE = "/archive";
    static final String PAPER = "/paper/";
    private static final String PAPERS = "/papers/";
    private static final String PAGE = "/page/";
    private static final String RESOURCES = "/org/paperradio/stream/web/";
    /** The only static files: name to content type. */
    private static final Map<String, String> ASSETS = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8");
    private static final String ASSET_CACHE = "public, max-age=3600";
    private static final String PAGE_IMAGE_CACHE = "public, max-age=86400";
    private static final int MAX_PATH = 512;
    private static final Pattern PAGE_NUMBER = Pattern.compile("([1-9][0-9]{0,2})\\.png");

    private final String stationName;
    private final LibraryApi library;
    private final PaperStore store;
    private final boolean nonCommercial;
    private final Map<String, Asset> assets;
    private final byte[] livePage;
    private final byte[] archivePage;

    /**
     * An answer: a body, or a file to send whole (body then null). {@code html} answers get the
     * page headers (CSP, frame denial).
     */
    record Reply(int status, String contentType, byte[] body, Path file, String cacheControl, String etag,
                 boolean html) {

        static Reply text(int status, String text) {
            return new Reply(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), null,
                    "no-store", null, false);
        }
    }

    /** A static file held in memory, with its strong ETag. */
    record Asset(String name, String contentType, byte[] body, String version) {

        String etag() {
            return "\"" + version + "\"";
        }
    }

    /**
     * @param stationName   shown on every page
     * @param library       the library API (paper pages and page images need it), or null: those get 404
     * @param store         where page images are, or null: page images get 404
     * @param nonCommercial whether the station is non-commercial (then CC BY-NC pages may be shown)
     */
    public WebPages(String stationName, LibraryApi library, PaperStore store, boolean nonCommercial) {
        this.stationName = stationName;
        this.library = library;
        this.store = store;
        this.nonCommercial = nonCommercial;
        Map<String, Asset> loaded = new LinkedHashMap<>();
        ASSETS.forEach((name, type) -> loaded.put(name, load(name, type)));
        this.assets = Map.copyOf(loaded);
        this.livePage = page(Page.View.LIVE, "");
        this.archivePage = page(Page.View.ARCHIVE, "");
    }

    /** Whether {@code rawPath} is one of these routes (whatever the method). */
    boolean handles(String rawPath) {
        return rawPath.equals("/") || rawPath.equals(ARCHIVE) || rawPath.startsWith(PAPER)
                || rawPath.startsWith(STATIC) || isPageImage(rawPath);
    }

    /** The answer to a GET of {@code rawPath} (as sent, still percent-encoded). */
    Reply answer(String rawPath, String ifNoneMatch) {
        if (rawPath.length() > MAX_PATH) {
            return Reply.text(404, "not found\n");
        }
        if (rawPath.equals("/")) {
            return html(livePage);
        }
        if (rawPath.equals(ARCHIVE)) {
            return html(archivePage);
        }
        if (rawPath.startsWith(STATIC)) {
            return asset(rawPath.substring(STATIC.length()), ifNoneMatch);
        }
        if (rawPath.startsWith(PAPER)) {
            return paperPage(rawPath.substring(PAPER.length()));
        }
        return pageImage(rawPath);
    }

    private static boolean isPageImage(String rawPath) {
        return rawPath.startsWith(PAPERS) && rawPath.contains(PAGE) && rawPath.endsWith(".png");
    }

    private Reply asset(String name, String ifNoneMatch) {
        Asset a = assets.get(name);
        if (a == null) {
            return Reply.text(404, "not found\n");
        }
        if (ifNoneMatch != null && ifNoneMatch.strip().equals(a.etag())) {
            return new Reply(304, a.contentType(), new byte[0], null, ASSET_CACHE, a.etag(), false);
        }
        return new Reply(200, a.contentType(), a.body(), null, ASSET_CACHE, a.etag(), false);
    }

    private Reply paperPage(String rawId) {
        if (library == null) {
            return Reply.text(404, "not found\n");
        }
        Optional<ArxivId> id;
        try {
            id = library.resolve(rawId);
        } catch (LibraryApi.BadRequest e) {
            return Reply.text(400, e.getMessage() + "\n");
        }
        if (id.isEmpty()) {
            return Reply.text(404, "no such paper\n");
        }
        return html(page(Page.View.PAPER, id.get().toString()));
    }

    private Reply pageImage(String rawPath) {
        int at = rawPath.lastIndexOf(PAGE);
        Matcher n = PAGE_NUMBER.matcher(rawPath.substring(at + PAGE.length()));
        if (library == null || store == null || at <= PAPERS.length() || !n.matches()) {
            return Reply.text(404, "not found\n");
        }
        Optional<ArxivId> id;
        try {
            id = library.resolve(rawPath.substring(PAPERS.length(), at));
        } catch (LibraryApi.BadRequest e) {
            return Reply.text(400, e.getMessage() + "\n");
        }
        if (id.isEmpty()) {
            return Reply.text(404, "no such paper\n");
        }
        try {
            if (!store.load(id.get()).meta().license().allowsRedistribution(nonCommercial)) {
                return Reply.text(404, "this paper's license does not allow showing its pages\n");
            }
        } catch (IOException | UncheckedIOException e) {
            try (PaperLog.Scope scope = PaperLog.scope(id.get())) {
                log.warn("unreadable for its page image: {}", e.toString());
            }
            return Reply.text(404, "no such page\n");
        }
        // the file name is made from a number checked above, never from request text
        Path file = store.file(id.get(), PaperFiles.PAGES + "/"
                + String.format(Locale.ROOT, "%03d.png", Integer.parseInt(n.group(1))));
        if (!Files.isRegularFile(file)) {
            return Reply.text(404, "no such page\n");
        }
        return new Reply(200, "image/png", null, file, PAGE_IMAGE_CACHE, null, false);
    }

    private Reply html(byte[] body) {
        return new Reply(200, "text/html; charset=utf-8", body, null, "no-cache", null, true);
    }

    private byte[] page(Page.View view, String paperId) {
        return Page.html(view, stationName, paperId, "?v=" + assets.get("app.js").version(),
                "?v=" + assets.get("app.css").version()).getBytes(StandardCharsets.UTF_8);
    }

    private static Asset load(String name, String type) {
        try (InputStream in = WebPages.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("web asset missing from the class path: " + RESOURCES + name);
            }
            byte[] body = in.readAllBytes();
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return new Asset(name, type, body, HexFormat.of().formatHex(hash, 0, 8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
