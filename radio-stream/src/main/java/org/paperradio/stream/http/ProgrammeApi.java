package org.paperradio.stream.http;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperLog;
import org.paperradio.core.paper.ShowAudio;
import org.paperradio.core.prompt.Prompts;
import org.paperradio.core.select.Pick;
import org.paperradio.core.select.Selector;
import org.paperradio.core.show.ShowPlanner;
import org.paperradio.stream.http.LibraryApi.ErrorJson;
import org.paperradio.stream.http.LibraryApi.Reply;
import org.paperradio.stream.playout.ShowSegment;
import org.paperradio.stream.schedule.ShowProducer;
import org.paperradio.stream.schedule.ShowScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The programme over HTTP, served by {@link WebServer}:
 * <ul>
 * <li>{@code GET /api/shows}, {@code GET /api/shows/{id}}: the archived daily and weekly shows
 *     with their chapters; {@code GET /shows/{id}.mp3}: a show's audio (ID3 chapters inside);</li>
 * <li>{@code GET /api/schedule}: the next slot of each scheduled show;</li>
 * <li>{@code GET /api/selection}: the papers competing for air, ranked with the reasons for
 *     each score, and the recent decisions (chosen or passed over);</li>
 * <li>{@code POST /api/papers/{id}/request}: a listener asks for a paper (rate limited per
 *     client address);</li>
 * <li>{@code POST /api/papers/{id}/vote}: a listener votes a paper up, once per listener (the
 *     listener cookie) and paper, rate limited per client address; {@code GET} on the same path
 *     answers the paper's votes and whether this listener voted;</li>
 * <li>{@code POST /api/config/reload}: reload the prompts now, with {@code Authorization: Bearer}
 *     the admin token from the environment; without a token configured the route is off (404).</li>
 * </ul>
 */
public final class ProgrammeApi {

    private static final Logger log = LoggerFactory.getLogger(ProgrammeApi.class);

    static final String SHOWS_API = "/api/shows";
    static final String SHOW_FILES = "/shows/";
    static final String SCHEDULE = "/api/schedule";
    static final String SELECTION = "/api/selection";
    static final String RELOAD = "/api/config/reload";
    private static final String REQUEST = "/request";
    static final String VOTE = "/vote";
    /** Requests one client may make per hour. */
    static final int REQUESTS_PER_HOUR = 20;
    /** Votes one client address may cast per hour (listeners behind one address share it). */
    static final int VOTES_PER_HOUR = 60;

    private final LibraryApi library;
    private final Selector selector;
    private final Supplier<List<ArxivId>> candidates;
    private final ShowScheduler scheduler;
    private final Path showsRoot;
    private final Prompts prompts;
    private final AdminToken adminToken;
    private final ClientRateLimit requestLimit;
    private final ClientRateLimit voteLimit;

    /** A show in the archive. */
    record ShowJson(String id, String kind, String title, Instant airsAt, boolean aired, double lengthSeconds,
                    String mp3, String writtenBy, List<ChapterJson> chapters) {
    }

    record ChapterJson(String title, String paper, double start, double end) {
    }

    record SelectionJson(List<Pick> waiting, List<Pick> recent, Map<String, Integer> requests) {
    }

    record RequestJson(String id, int requests) {
    }

    /** A paper's votes; {@code voted}: whether this listener voted for it; {@code counted}: whether this call did. */
    record VoteJson(String id, int votes, boolean voted, boolean counted) {
    }

    /**
     * Who is asking.
     *
     * @param authorization the Authorization header, or null
     * @param address       the client's address, for rate limits
     * @param listener      the listener's id (the listener cookie), or null
     */
    record Caller(String authorization, String address, String listener) {
    }

    /** A file to send as is (a show's mp3). */
    record FileReply(Path file, String contentType) {
    }

    /**
     * @param candidates the papers waiting for the write stage (the selection's candidates)
     * @param adminToken the admin bearer token, or null/empty when the admin API is off
     */
    public ProgrammeApi(LibraryApi library, Selector selector, Supplier<List<ArxivId>> candidates,
                        ShowScheduler scheduler, Path showsRoot, Prompts prompts, String adminToken, Clock clock) {
        this.library = library;
        this.selector = selector;
        this.candidates = candidates;
        this.scheduler = scheduler;
        this.showsRoot = showsRoot;
        this.prompts = prompts;
        this.adminToken = new AdminToken(adminToken);
        this.requestLimit = new ClientRateLimit(REQUESTS_PER_HOUR, Duration.ofHours(1), clock);
        this.voteLimit = new ClientRateLimit(VOTES_PER_HOUR, Duration.ofHours(1), clock);
    }

    boolean handles(String method, String rawPath) {
        boolean paper = rawPath.startsWith(LibraryApi.PAPERS);
        if ("POST".equals(method)) {
            return RELOAD.equals(rawPath) || (paper && (rawPath.endsWith(REQUEST) || rawPath.endsWith(VOTE)));
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return false; // read-only routes: other methods get the server's 404, never the GET answer
        }
        return (paper && rawPath.endsWith(VOTE)) || rawPath.equals(SHOWS_API) || rawPath.startsWith(SHOWS_API + "/") || rawPath.startsWith(SHOW_FILES)
                || rawPath.equals(SCHEDULE) || rawPath.equals(SELECTION);
    }

    /** Whether the route needs to know the listener: a vote issues the listener cookie when there is none. */
    static boolean needsListener(String method, String rawPath) {
        return "POST".equals(method) && rawPath.startsWith(LibraryApi.PAPERS) && rawPath.endsWith(VOTE);
    }

    Reply answer(String method, String rawPath, Caller caller) {
        try {
            if (rawPath.startsWith(LibraryApi.PAPERS) && rawPath.endsWith(VOTE)) {
                return vote("POST".equals(method), rawPath, caller);
            }
            if ("POST".equals(method)) {
                return RELOAD.equals(rawPath) ? reload(caller.authorization()) : request(rawPath, caller.address());
            }
            if (rawPath.equals(SCHEDULE)) {
                return new Reply(200, scheduler.upcoming());
            }
            if (rawPath.equals(SELECTION)) {
                return new Reply(200, new SelectionJson(selector.rank(candidates.get()), selector.recent(),
                        selector.requests().open()));
            }
            if (rawPath.equals(SHOWS_API)) {
                return new Reply(200, shows());
            }
            if (rawPath.startsWith(SHOW_FILES)) {
                String name = rawPath.substring(SHOW_FILES.length());
                String id = name.endsWith(".mp3") ? name.substring(0, name.length() - 4) : "";
                Path mp3 = ShowPlanner.isShowId(id) ? showsRoot.resolve(id).resolve("show.mp3") : null;
                return mp3 != null && Files.isRegularFile(mp3) ? new Reply(200, new FileReply(mp3, "audio/mpeg"))
                        : new Reply(404, new ErrorJson("no such show"));
            }
            String id = rawPath.substring(SHOWS_API.length() + 1);
            Optional<ShowJson> show = ShowPlanner.isShowId(id) ? show(showsRoot.resolve(id)) : Optional.empty();
            return show.<Reply>map(s -> new Reply(200, s)).orElseGet(() -> new Reply(404, new ErrorJson("no such show")));
        } catch (LibraryApi.BadRequest e) {
            return new Reply(400, new ErrorJson(e.getMessage()));
        }
    }

    private List<ShowJson> shows() {
        List<ShowJson> out = new ArrayList<>();
        if (!Files.isDirectory(showsRoot)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(showsRoot)) {
            for (Path dir : dirs) {
                if (ShowPlanner.isShowId(dir.getFileName().toString())) {
                    show(dir).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            log.warn("shows folder unreadable: {}", e.toString());
        }
        out.sort(Comparator.comparing(ShowJson::airsAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return out;
    }

    private static Optional<ShowJson> show(Path dir) {
        return ShowProducer.load(dir).map(s -> json(s, Files.exists(dir.resolve(ShowScheduler.AIRED_MARK))));
    }

    private static ShowJson json(ShowSegment s, boolean aired) {
        List<ChapterJson> chapters = new ArrayList<>();
        for (ShowAudio.ChapterMark c : s.audio().chapters()) {
            chapters.add(new ChapterJson(c.title(), c.paper() == null ? null : c.paper().toString(), seconds(c.start()),
                    seconds(c.end())));
        }
        return new ShowJson(s.id(), s.script().kind().label(), s.title(), s.script().airsAt(), aired,
                seconds(s.length()), SHOW_FILES + s.id() + ".mp3", s.script().writtenBy(), chapters);
    }

    /** The paper a {@code /api/papers/{id}/<action>} path names, if the library has it. */
    private Optional<ArxivId> paperOf(String rawPath, String action) throws LibraryApi.BadRequest {
        int end = rawPath.length() - action.length();
        // "/api/papers/request" both starts with the prefix and ends with the suffix: no id at all
        String rawId = end > LibraryApi.PAPERS.length() ? rawPath.substring(LibraryApi.PAPERS.length(), end) : "";
        return library.resolve(rawId);
    }

    private Reply request(String rawPath, String client) throws LibraryApi.BadRequest {
        Optional<ArxivId> id = paperOf(rawPath, REQUEST);
        if (id.isEmpty()) {
            return new Reply(404, new ErrorJson("no such paper"));
        }
        if (!requestLimit.allow(client)) {
            return new Reply(429, new ErrorJson("at most " + REQUESTS_PER_HOUR + " requests an hour"));
        }
        try {
            return new Reply(202, new RequestJson(id.get().toString(), selector.requests().add(id.get())));
        } catch (IOException e) {
            try (PaperLog.Scope scope = PaperLog.scope(id.get())) {
                log.warn("request not stored: {}", e.toString());
            }
            return new Reply(500, new ErrorJson("the request could not be stored"));
        }
    }

    private Reply vote(boolean cast, String rawPath, Caller caller) throws LibraryApi.BadRequest {
        Optional<ArxivId> id = paperOf(rawPath, VOTE);
        if (id.isEmpty()) {
            return new Reply(404, new ErrorJson("no such paper"));
        }
        var votes = selector.votes();
        String listener = caller.listener();
        if (!cast) {
            return new Reply(200, new VoteJson(id.get().toString(), votes.count(id.get()),
                    listener != null && votes.hasVoted(id.get(), listener), false));
        }
        if (listener == null) {
            return new Reply(400, new ErrorJson("a vote needs the listener cookie"));
        }
        if (votes.hasVoted(id.get(), listener)) { // answered before the rate limit: a repeat costs nothing
            return new Reply(200, new VoteJson(id.get().toString(), votes.count(id.get()), true, false));
        }
        if (!voteLimit.allow(caller.address())) {
            return new Reply(429, new ErrorJson("at most " + VOTES_PER_HOUR + " votes an hour from one address"));
        }
        try {
            var outcome = votes.vote(id.get(), listener);
            try (PaperLog.Scope scope = PaperLog.scope(id.get())) {
                log.info("voted up ({} votes)", outcome.votes());
            }
            return new Reply(200, new VoteJson(id.get().toString(), outcome.votes(), true, outcome.counted()));
        } catch (IOException e) {
            try (PaperLog.Scope scope = PaperLog.scope(id.get())) {
                log.warn("vote not stored: {}", e.toString());
            }
            return new Reply(500, new ErrorJson("the vote could not be stored"));
        }
    }

    private Reply reload(String authorization) {
        Reply refused = adminToken.refusal(authorization);
        if (refused != null) {
            return refused;
        }
        Prompts.ReloadResult result = prompts.reload();
        return new Reply(result.ok() ? 200 : 422, result);
    }

    private static double seconds(Duration d) {
        return d == null ? 0 : d.toMillis() / 1000.0;
    }
}
