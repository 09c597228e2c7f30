package org.paperradio.stream.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.paperradio.core.library.Hit;
import org.paperradio.core.library.LibraryQuery;
import org.paperradio.core.library.PaperLibrary;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperLog;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.select.Pick;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.summary.PaperSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library's read-only JSON API, served by {@link WebServer}:
 * {@code /api/search?q=&category=&from=&to=&limit=}, {@code /api/papers/{id}} and
 * {@code /api/papers/{id}/related?limit=}. Every answer is a {@link Reply} the server writes as
 * JSON; bad input gets 400 with an error naming the parameter, unknown papers 404, a library or
 * store that fails 500 (logged).
 *
 * <p>Ids come from the URL, so they are decoded strictly and must be an arXiv id written the
 * canonical way; they reach the store only through its own API, never as a path.
 */
public final class LibraryApi {

    private static final Logger log = LoggerFactory.getLogger(LibraryApi.class);

    static final String SEARCH = "/api/search";
    static final String PAPERS = "/api/papers/";
    private static final String RELATED = "/related";
    /** Longest id text accepted (old-style ids with a version are about 25 characters). */
    private static final int MAX_ID = 64;
    /** A query string this long is not a search anyone typed. */
    private static final int MAX_QUERY_STRING = 8_192;
    private static final int MAX_CATEGORIES = 20;
    private static final Pattern ID_CHARS = Pattern.compile("[A-Za-z0-9./\\-]+");
    private static final Pattern CATEGORY = Pattern.compile("[A-Za-z][A-Za-z\\-]{0,31}(\\.[A-Za-z\\-]{1,32})?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,4}");

    private final PaperLibrary library;
    private final PaperStore store;

    /** An answer: HTTP status and the object to write as JSON. */
    record Reply(int status, Object body) {
    }

    /** The body of every 4xx and 5xx answer. */
    record ErrorJson(String error) {
    }

    /** One paper in a list of hits; fields the store cannot give are null or empty. */
    record HitJson(String id, String title, List<String> authors, Instant published, List<String> categories,
                   URI absUrl, double score) {
    }

    record SearchJson(String query, List<HitJson> hits) {
    }

    record RelatedJson(String id, List<HitJson> related) {
    }

    /** {@code versions}: every version of the paper the station holds, oldest first. */
    record PaperJson(String id, String title, List<String> authors, @JsonProperty("abstract") String abstractText,
                     List<String> categories, Instant published, Instant updated, String license, String stage,
                     List<String> versions, URI absUrl, URI pdfUrl, PaperSummary summary, Pick pick) {
    }

    /** A bad request: becomes a 400 with this message. */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    public LibraryApi(PaperLibrary library, PaperStore store) {
        this.library = Objects.requireNonNull(library, "library");
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Whether {@code rawPath} is one of this API's paths (whatever the id in it). */
    boolean handles(String rawPath) {
        return SEARCH.equals(rawPath) || rawPath.startsWith(PAPERS);
    }

    /** The answer to a GET of {@code rawPath} (as sent, still percent-encoded) with {@code rawQuery} (may be null). */
    Reply answer(String rawPath, String rawQuery) {
        try {
            Map<String, List<String>> params = params(rawQuery);
            if (SEARCH.equals(rawPath)) {
                return search(params);
            }
            String rest = rawPath.substring(PAPERS.length());
            if (rest.endsWith(RELATED)) {
                return related(rest.substring(0, rest.length() - RELATED.length()), params);
            }
            return paper(rest);
        } catch (BadRequest e) {
            return new Reply(400, new ErrorJson(e.getMessage()));
        }
    }

    private Reply search(Map<String, List<String>> params) throws BadRequest {
        String q = single(params, "q");
        if (q == null || q.isBlank()) {
            throw new BadRequest("q: search text is missing");
        }
        if (q.strip().length() > LibraryQuery.MAX_TEXT) {
            throw new BadRequest("q: search text is " + q.strip().length() + " characters, at most "
                    + LibraryQuery.MAX_TEXT + " allowed");
        }
        Set<String> categories = new LinkedHashSet<>(params.getOrDefault("category", List.of()));
        if (categories.size() > MAX_CATEGORIES) {
            throw new BadRequest("category: at most " + MAX_CATEGORIES + " categories allowed");
        }
        for (String c : categories) {
            if (!CATEGORY.matcher(c).matches()) {
                throw new BadRequest("category: not an arXiv category: " + quote(c));
            }
        }
        LocalDate from = date(params, "from");
        LocalDate to = date(params, "to");
        if (from != null && to != null && from.isAfter(to)) {
            throw new BadRequest("from: " + from + " is after to: " + to);
        }
        int limit = limit(params, LibraryQuery.DEFAULT_LIMIT, LibraryQuery.MAX_LIMIT);
        LibraryQuery query;
        try {
            query = new LibraryQuery(q, categories, from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    // inclusive: the whole of the last day, to the millisecond the index keeps
                    to == null ? null : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1),
                    limit);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        List<Hit> hits;
        try {
            hits = library.search(query);
        } catch (IOException | RuntimeException e) {
            log.warn("library search failed: {}", e.toString(), e);
            return new Reply(500, new ErrorJson("the library could not be searched"));
        }
        return new Reply(200, new SearchJson(query.text(), hits.stream().map(this::hitJson).toList()));
    }

    private Reply related(String rawId, Map<String, List<String>> params) throws BadRequest {
        int limit = limit(params, 10, PaperLibrary.MAX_RELATED);
        Optional<ArxivId> id = resolve(rawId);
        if (id.isEmpty()) {
            return notFound();
        }
        List<Hit> hits;
        try {
            hits = library.related(id.get(), limit);
        } catch (IOException | RuntimeException e) {
            try (PaperLog.Scope scope = PaperLog.scope(id.get())) {
                log.warn("related papers failed: {}", e.toString(), e);
            }
            return new Reply(500, new ErrorJson("the library could not be searched"));
        }
        return new Reply(200, new RelatedJson(id.get().toString(), hits.stream().map(this::hitJson).toList()));
    }

    private Reply paper(String rawId) throws BadRequest {
        Optional<ArxivId> id = resolve(rawId);
        if (id.isEmpty()) {
            return notFound();
        }
        PaperRecord rec;
        try {
            rec = store.load(id.get());
        } catch (IOException | UncheckedIOException e) {
            try (PaperLog.Scope scope = PaperLog.scope(id.get())) {
                log.warn("could not be read from the store: {}", e.toString(), e);
            }
            return new Reply(500, new ErrorJson("the paper could not be read"));
        }
        PaperMeta m = rec.meta();
        URI pdf = m.pdfUrl() != null && "https".equals(m.pdfUrl().getScheme())
                ? m.pdfUrl() : URI.create("https://arxiv.org/pdf/" + m.id());
        List<String> versions = store.versionsOf(m.id().base()).stream().map(ArxivId::toString).toList();
        return new Reply(200, new PaperJson(m.id().toString(), m.title(), m.authors(), m.abstractText(),
                m.categories(), m.published(), m.updated(), m.license().isKnown() ? m.license().url() : null,
                rec.stage().name().toLowerCase(Locale.ROOT), versions, absUrl(m.id()), pdf,
                optional(m.id(), PaperFiles.SUMMARY, PaperSummary.class), optional(m.id(), PaperFiles.PICK, Pick.class)));
    }

    /** An artifact the paper may not have yet: null when absent or unreadable. */
    private <T> T optional(ArxivId id, String name, Class<T> type) {
        if (!store.exists(id, name)) {
            return null;
        }
        try {
            return store.readJson(id, name, type);
        } catch (IOException | RuntimeException e) {
            try (PaperLog.Scope scope = PaperLog.scope(id)) {
                log.debug("{} unreadable: {}", name, e.toString());
            }
            return null;
        }
    }

    private static Reply notFound() {
        return new Reply(404, new ErrorJson("no such paper"));
    }

    /**
     * The id in the URL as the store knows it: the exact version asked for, or the newest one
     * when no version was given. Empty when the store has no such paper.
     */
    Optional<ArxivId> resolve(String rawId) throws BadRequest {
        if (rawId.isEmpty()) {
            throw new BadRequest("id: missing");
        }
        if (rawId.length() > MAX_ID * 3) {
            throw new BadRequest("id: too long");
        }
        String text = decodePath(rawId);
        if (text.length() > MAX_ID || !ID_CHARS.matcher(text).matches()) {
            throw new BadRequest("id: not an arXiv id");
        }
        ArxivId id;
        try {
            id = ArxivId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("id: not an arXiv id");
        }
        // parse() is lenient about prefixes and URLs; the API takes only the canonical spelling
        if (text.equals(id.base())) {
            List<ArxivId> versions = store.versionsOf(id.base());
            return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
        }
        if (!text.equals(id.toString())) {
            throw new BadRequest("id: not an arXiv id");
        }
        return store.knows(id) ? Optional.of(id) : Optional.empty();
    }

    private HitJson hitJson(Hit hit) {
        ArxivId id = hit.id();
        if (store.knows(id)) {
            try {
                PaperMeta m = store.load(id).meta();
                return new HitJson(id.toString(), hit.title(), m.authors(), m.published(), m.categories(),
                        absUrl(id), hit.score());
            } catch (IOException | UncheckedIOException e) {
                // one unreadable record should not fail the whole list: answer with what the index has
                try (PaperLog.Scope scope = PaperLog.scope(id)) {
                    log.warn("could not be read from the store for a hit: {}", e.toString());
                }
            }
        }
        return new HitJson(id.toString(), hit.title(), List.of(), null, List.of(), absUrl(id), hit.score());
    }

    private static URI absUrl(ArxivId id) {
        return URI.create("https://arxiv.org/abs/" + id);
    }

    private static LocalDate date(Map<String, List<String>> params, String name) throws BadRequest {
        String v = single(params, name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            if (DATE.matcher(v).matches()) {
                return LocalDate.parse(v);
            }
        } catch (DateTimeParseException e) {
            // falls through to the same answer as a malformed date
        }
        throw new BadRequest(name + ": not a date as YYYY-MM-DD: " + quote(v));
    }

    private static int limit(Map<String, List<String>> params, int fallback, int max) throws BadRequest {
        String v = single(params, "limit");
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        int n = NUMBER.matcher(v).matches() ? Integer.parseInt(v) : -1;
        if (n < 1 || n > max) {
            throw new BadRequest("limit: must be a whole number from 1 to " + max + ": " + quote(v));
        }
        return n;
    }

    private static String single(Map<String, List<String>> params, String name) throws BadRequest {
        List<String> values = params.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw new BadRequest(name + ": given more than once");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /** Form-style query parameters ({@code +} is a space); unknown ones are kept and ignored. */
    private static Map<String, List<String>> params(String rawQuery) throws BadRequest {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        if (rawQuery.length() > MAX_QUERY_STRING) {
            throw new BadRequest("query string is longer than " + MAX_QUERY_STRING + " characters");
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decodeParam(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decodeParam(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String decodeParam(String s) throws BadRequest {
        return decode(s.replace('+', ' '), "query string");
    }

    private static String decodePath(String s) throws BadRequest {
        return decode(s, "id");
    }

    /** Strict percent-decoding: malformed escapes, bad UTF-8 and control characters are refused. */
    private static String decode(String s, String what) throws BadRequest {
        ByteBuffer bytes = ByteBuffer.allocate(s.length() * 3);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw new BadRequest(what + ": malformed percent-encoding");
                }
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else {
                int cp = s.codePointAt(i);
                bytes.put(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
            }
        }
        bytes.flip();
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest(what + ": not valid UTF-8");
        }
        boolean id = "id".equals(what);
        // a search may keep the whitespace of pasted text; an id has none
        if (decoded.chars().anyMatch(ch -> (ch < 0x20 || ch == 0x7f) && (id || "\t\n\r".indexOf(ch) < 0))) {
            throw new BadRequest(what + ": control characters are not allowed");
        }
        return decoded;
    }

    /** A value echoed in an error, cut short so an error never repeats a huge input. */
    private static String quote(String v) {
        return "\"" + (v.length() > 40 ? v.substring(0, 40) + "…" : v) + "\"";
    }
}
