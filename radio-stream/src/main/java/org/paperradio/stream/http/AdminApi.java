package org.paperradio.stream.http;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.paperradio.core.kernel.PaperPipeline;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperLog;
import org.paperradio.core.paper.Show;
import org.paperradio.core.prompt.Prompts;
import org.paperradio.stream.http.LibraryApi.ErrorJson;
import org.paperradio.stream.http.LibraryApi.Reply;
import org.paperradio.stream.playout.NowPlaying;
import org.paperradio.stream.playout.PlayoutClock;
import org.paperradio.stream.playout.ReadyQueue;
import org.paperradio.stream.schedule.ShowScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's controls, served by {@link WebServer} under {@code /api/admin/}, each with
 * {@code Authorization: Bearer} the admin token from the environment (without a token
 * configured every route answers 404: the admin API is off):
 * <ul>
 * <li>{@code GET  /api/admin/status}: the stages (queued, working, paused, done, failed by reason) and the air;</li>
 * <li>{@code POST /api/admin/skip}: ends what is on air; the next item follows at once;</li>
 * <li>{@code POST /api/admin/stages/{stage}/pause}, {@code .../resume}: hold a stage or let it go on;</li>
 * <li>{@code POST /api/admin/papers/{id}/requeue}: put a paper back in front of the stage it reached;</li>
 * <li>{@code POST /api/admin/papers/{id}/drop}: take a paper out for good (off the air queue and the reruns too);</li>
 * <li>{@code POST /api/admin/reload}: reload the show prompts from config (other settings apply at restart);</li>
 * <li>{@code POST /api/admin/shows/{daily|weekly}/now}: make today's show and air it at the next boundary.</li>
 * </ul>
 * Every action is logged with what it did, never with the token.
 */
public final class AdminApi {

    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);

    static final String PREFIX = "/api/admin/";
    private static final String STAGES = PREFIX + "stages/";
    private static final String PAPERS = PREFIX + "papers/";
    private static final String SHOWS = PREFIX + "shows/";

    private final AdminToken token;
    private final LibraryApi library;
    private final PaperPipeline pipeline;
    private final PlayoutClock playout;
    private final ReadyQueue ready;
    private final ShowScheduler scheduler;
    private final Prompts prompts;

    record StatusJson(List<PaperPipeline.StageStats> stages, AirJson air) {
    }

    record AirJson(String onAir, String title, double bufferedSeconds, double deadAirSeconds, Map<String, Long> aired,
                   long timelineRestarts) {
    }

    record DoneJson(String action, String subject, String outcome) {
    }

    /**
     * @param library resolves paper ids in paths as the public API does
     */
    public AdminApi(AdminToken token, LibraryApi library, PaperPipeline pipeline, PlayoutClock playout,
                    ReadyQueue ready, ShowScheduler scheduler, Prompts prompts) {
        this.token = token;
        this.library = library;
        this.pipeline = pipeline;
        this.playout = playout;
        this.ready = ready;
        this.scheduler = scheduler;
        this.prompts = prompts;
    }

    boolean handles(String rawPath) {
        return rawPath.startsWith(PREFIX);
    }

    /** The answer to {@code method} on {@code rawPath}; {@code authorization} is the request's header. */
    Reply answer(String method, String rawPath, String authorization) {
        Reply refused = token.refusal(authorization);
        if (refused != null) {
            return refused;
        }
        try {
            if (rawPath.equals(PREFIX + "status")) {
                return "GET".equals(method) ? status() : notAllowed("GET");
            }
            if (!"POST".equals(method)) {
                return notAllowed("POST");
            }
            if (rawPath.equals(PREFIX + "skip")) {
                return skip();
            }
            if (rawPath.equals(PREFIX + "reload")) {
                Prompts.ReloadResult result = prompts.reload();
                log.info("admin: prompts reloaded ({})", result.ok() ? "ok" : "kept the old ones");
                return new Reply(result.ok() ? 200 : 422, result);
            }
            if (rawPath.startsWith(STAGES)) {
                return stage(rawPath.substring(STAGES.length()));
            }
            if (rawPath.startsWith(PAPERS)) {
                return paper(rawPath.substring(PAPERS.length()));
            }
            if (rawPath.startsWith(SHOWS) && rawPath.endsWith("/now")) {
                return showNow(rawPath.substring(SHOWS.length(), rawPath.length() - "/now".length()));
            }
            return new Reply(404, new ErrorJson("no such admin action"));
        } catch (LibraryApi.BadRequest e) {
            return new Reply(400, new ErrorJson(e.getMessage()));
        } catch (IOException e) {
            log.warn("admin action on {} failed: {}", rawPath, e.toString());
            return new Reply(500, new ErrorJson("the store could not be updated: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(503, new ErrorJson("the station is stopping"));
        }
    }

    private Reply status() {
        PlayoutClock.AirStats air = playout.stats();
        NowPlaying now = playout.nowPlaying();
        return new Reply(200, new StatusJson(pipeline.stats(), new AirJson(
                now == null || now.kind() == null ? "off" : now.kind().label(), now == null ? null : now.title(),
                seconds(ready.bufferedAhead()), seconds(air.deadAir()), air.aired(), air.timelineRestarts())));
    }

    private Reply skip() {
        NowPlaying now = playout.nowPlaying();
        String what = now == null ? "nothing" : now.kind().label() + (now.paperId() == null ? "" : " " + now.paperId());
        playout.skip();
        log.info("admin: skipped {}", what);
        return new Reply(200, new DoneJson("skip", what, "skipped"));
    }

    /** {@code {stage}/pause} or {@code {stage}/resume}. */
    private Reply stage(String rest) {
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        String action = slash < 0 ? "" : rest.substring(slash + 1);
        if (!action.equals("pause") && !action.equals("resume")) {
            return new Reply(404, new ErrorJson("no such admin action; stages/{stage}/pause or /resume"));
        }
        boolean known = action.equals("pause") ? pipeline.pause(name) : pipeline.resume(name);
        if (!known) {
            return new Reply(404, new ErrorJson("no such stage; stages: " + pipeline.stageNames()));
        }
        return new Reply(200, new DoneJson(action, name, action.equals("pause") ? "paused" : "running"));
    }

    /** {@code {id}/requeue} or {@code {id}/drop}. */
    private Reply paper(String rest) throws LibraryApi.BadRequest, IOException, InterruptedException {
        int slash = rest.lastIndexOf('/');
        if (slash <= 0) {
            return new Reply(404, new ErrorJson("no such admin action"));
        }
        String action = rest.substring(slash + 1);
        if (!action.equals("requeue") && !action.equals("drop")) {
            return new Reply(404, new ErrorJson("no such admin action"));
        }
        Optional<ArxivId> found = library.resolve(rest.substring(0, slash));
        if (found.isEmpty()) {
            return new Reply(404, new ErrorJson("no such paper"));
        }
        ArxivId id = found.get();
        if (action.equals("drop")) {
            pipeline.drop(id);
            boolean wasReady = ready.remove(id);
            playout.forget(id);
            try (PaperLog.Scope scope = PaperLog.scope(id)) {
                log.info("dropped by the operator{}", wasReady ? " (taken off the air queue)" : "");
            }
            return new Reply(200, new DoneJson("drop", id.toString(), "dropped"));
        }
        PaperPipeline.Requeue outcome = pipeline.requeue(id);
        int status = switch (outcome) {
            case REQUEUED -> 200;
            case ALREADY_QUEUED, FINISHED -> 409;
            case UNKNOWN -> 404;
        };
        return new Reply(status, new DoneJson("requeue", id.toString(), outcome.name().toLowerCase(Locale.ROOT)));
    }

    private Reply showNow(String kindName) {
        Show.Kind kind;
        try {
            kind = Show.Kind.valueOf(kindName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return new Reply(404, new ErrorJson("no such show; shows: daily, weekly"));
        }
        return scheduler.requestNow(kind)
                .map(id -> new Reply(202, new DoneJson("show", id, "airs at the next boundary once made")))
                .orElseGet(() -> new Reply(409, new ErrorJson("this " + kindName + " show has aired; it is in the archive")));
    }

    private static Reply notAllowed(String allowed) {
        return new Reply(405, new ErrorJson("method not allowed; use " + allowed));
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
