package org.paperradio.stream.feed;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.LineTiming;
import org.paperradio.core.show.ShowPlanner;
import org.paperradio.core.store.PaperStore;
import org.paperradio.stream.playout.ShowSegment;

/**
 * The podcast routes, for the station's web server (GET and HEAD only):
 * <ul>
 * <li>{@code /feeds/daily.xml}, {@code /feeds/weekly.xml}, {@code /feeds/segments.xml}: RSS 2.0;</li>
 * <li>{@code /shows/{id}.chapters.json}, {@code /shows/{id}.vtt}, {@code /shows/{id}.srt}: a show's
 *     chapters and transcripts (its audio stays at {@code /shows/{id}.mp3}, served by the programme API);</li>
 * <li>{@code /papers/{folder name}/segment.mp3}, {@code segment.vtt}, {@code segment.srt},
 *     {@code chapters.json}: an aired paper segment, the arXiv id written as its folder name
 *     ({@code 2501.10120v1}, {@code hep-th_9901001v2}).</li>
 * </ul>
 * A malformed id or path gets 400, an unknown show or paper (or one not aired) 404. Ids are
 * checked against their strict syntax and must be spelled the canonical way, so no path on disk
 * is ever made from request text.
 *
 * <p><b>Base URL.</b> Feed URLs must be absolute. A public base URL given to the constructor
 * (e.g. from config, {@code https://radio.example.org/}) is always used: it is right behind a
 * proxy or TLS terminator. Without one, the request's {@code Host} header is used as
 * {@code http://<host>/}, accepted only when it is a plain {@code host[:port]}; a feed request
 * with neither gets 400.
 */
public final class FeedApi {

    static final String FEEDS = "/feeds/";
    static final String SHOWS = "/shows/";
    static final String PAPERS = "/papers/";
    private static final int MAX_PATH = 512;
    private static final Pattern FOLDER_NAME = Pattern.compile("[A-Za-z0-9._\\-]{1,64}");
    private static final Pattern HOST = Pattern.compile(
            "([A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?)*"
                    + "|\\[[0-9A-Fa-f:.]{2,45}\\])(?::(\\d{1,5}))?");
    static final String RSS = "application/rss+xml; charset=utf-8";
    static final String VTT = "text/vtt; charset=utf-8";
    static final String SRT = "application/x-subrip; charset=utf-8";
    static final String JSON = "application/json; charset=utf-8";
    static final String MP3 = "audio/mpeg";

    /**
     * An answer: {@code body} for generated content, or {@code file} (with body null) for an mp3
     * to send as it is, with its size as Content-Length.
     */
    public record Reply(int status, String contentType, byte[] body, Path file) {
    }

    private final EpisodeArchive archive;
    private final String stationName;
    private final Map<String, String> hostNames;
    private final URI publicBase;

    /**
     * @param hostNames  host id to display name, for the transcripts' speakers
     * @param publicBase the station's public base URL (absolute http(s), no query), or null to use
     *                   the request's Host header
     */
    public FeedApi(EpisodeArchive archive, String stationName, Map<String, String> hostNames, URI publicBase) {
        this.archive = Objects.requireNonNull(archive, "archive");
        this.stationName = Objects.requireNonNull(stationName, "stationName");
        this.hostNames = Map.copyOf(hostNames);
        this.publicBase = publicBase == null ? null : checkedBase(publicBase);
    }

    /** The API for a station: its name and hosts from config, its store and shows folder. */
    public static FeedApi of(StationConfig config, PaperStore store, Path showsRoot, URI publicBase) {
        Map<String, String> names = new LinkedHashMap<>();
        for (StationConfig.Host h : config.hosts()) {
            names.put(h.id(), h.name());
        }
        return new FeedApi(new EpisodeArchive(store, showsRoot), config.station().name(), names, publicBase);
    }

    /**
     * Whether this API answers {@code rawPath}. Checked before the programme API: both have
     * paths under {@code /shows/}, and {@code /shows/{id}.mp3} is left to it.
     */
    public boolean handles(String method, String rawPath) {
        if (!"GET".equals(method) && !"HEAD".equals(method) || rawPath == null) {
            return false;
        }
        return rawPath.startsWith(FEEDS) || rawPath.startsWith(PAPERS) || rawPath.startsWith(SHOWS)
                && (rawPath.endsWith(".chapters.json") || rawPath.endsWith(".vtt") || rawPath.endsWith(".srt"));
    }

    /**
     * The answer to a GET of {@code rawPath} (as sent, still percent-encoded).
     *
     * @param hostHeader the request's Host header, or null; used for feed URLs only without a public base URL
     */
    public Reply answer(String rawPath, String hostHeader) {
        if (rawPath == null || rawPath.length() > MAX_PATH) {
            return error(400, "path too long");
        }
        if (rawPath.startsWith(FEEDS)) {
            return feed(rawPath.substring(FEEDS.length()), hostHeader);
        }
        if (rawPath.startsWith(SHOWS)) {
            return show(rawPath.substring(SHOWS.length()));
        }
        if (rawPath.startsWith(PAPERS)) {
            return paper(rawPath.substring(PAPERS.length()));
        }
        return error(404, "not found");
    }

    private Reply feed(String name, String hostHeader) {
        PodcastFeeds.Feed feed = null;
        for (PodcastFeeds.Feed f : PodcastFeeds.Feed.values()) {
            if (f.path().equals("feeds/" + name)) {
                feed = f;
            }
        }
        if (feed == null) {
            return error(404, "no such feed");
        }
        Optional<URI> base = publicBase != null ? Optional.of(publicBase) : hostBase(hostHeader);
        if (base.isEmpty()) {
            return error(400, "a Host header naming host[:port] is needed");
        }
        List<Episode> episodes = feed.showKind() == null ? archive.segments() : archive.shows(feed.showKind());
        return new Reply(200, RSS, new PodcastFeeds(stationName, base.get()).rss(feed, episodes), null);
    }

    private Reply show(String name) {
        if (name.isEmpty() || name.contains("/") || name.contains("%") || name.contains("\\")) {
            return error(400, "not a show file");
        }
        String[] suffixes = {".chapters.json", ".vtt", ".srt"};
        for (String suffix : suffixes) {
            if (name.endsWith(suffix)) {
                String id = name.substring(0, name.length() - suffix.length());
                if (!ShowPlanner.isShowId(id)) {
                    return error(400, "not a show id");
                }
                Optional<ShowSegment> show = archive.show(id);
                if (show.isEmpty()) {
                    return error(404, "no such show");
                }
                ShowSegment s = show.get();
                return switch (suffix) {
                    case ".chapters.json" -> chapters(Chapters.of(s.audio().chapters(), s.audio().length()));
                    case ".vtt" -> vtt(s.audio().lines());
                    default -> srt(s.audio().lines());
                };
            }
        }
        return error(404, "not found");
    }

    private Reply paper(String rest) {
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return error(404, "not found");
        }
        String folder = rest.substring(0, slash);
        String file = rest.substring(slash + 1);
        if (!FOLDER_NAME.matcher(folder).matches() || folder.contains("..")) {
            return error(400, "not an arXiv id");
        }
        ArxivId id;
        try {
            id = ArxivId.fromFolderName(folder);
        } catch (IllegalArgumentException e) {
            return error(400, "not an arXiv id");
        }
        if (!id.folderName().equals(folder)) {
            return error(400, "not an arXiv id written the canonical way (e.g. 2501.10120v1)");
        }
        if (!List.of("segment.mp3", "segment.vtt", "segment.srt", "chapters.json").contains(file)) {
            return error(404, "not found");
        }
        Optional<EpisodeArchive.AiredSegment> segment = archive.segment(id);
        if (segment.isEmpty()) {
            return error(404, "no such aired paper segment");
        }
        EpisodeArchive.AiredSegment s = segment.get();
        return switch (file) {
            case "segment.mp3" -> new Reply(200, MP3, null, s.mp3());
            case "segment.vtt" -> vtt(s.audio().lines());
            case "segment.srt" -> srt(s.audio().lines());
            default -> chapters(Chapters.ofSegment(id, s.record().meta().title(), s.audio().length()));
        };
    }

    private static Reply chapters(Chapters.ChaptersJson c) {
        return new Reply(200, JSON, Chapters.json(c), null);
    }

    private Reply vtt(List<LineTiming> lines) {
        return new Reply(200, VTT, Transcripts.vtt(lines, hostNames).getBytes(StandardCharsets.UTF_8), null);
    }

    private Reply srt(List<LineTiming> lines) {
        return new Reply(200, SRT, Transcripts.srt(lines, hostNames).getBytes(StandardCharsets.UTF_8), null);
    }

    /** {@code http://<host>/} from a Host header that is a plain host[:port]; empty otherwise. */
    static Optional<URI> hostBase(String hostHeader) {
        if (hostHeader == null || hostHeader.length() > 260) {
            return Optional.empty();
        }
        Matcher m = HOST.matcher(hostHeader.strip());
        if (!m.matches() || m.group(2) != null && (Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new URI("http://" + hostHeader.strip().toLowerCase(Locale.ROOT) + "/"));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static URI checkedBase(URI base) {
        if (!base.isAbsolute() || base.getHost() == null || base.getRawQuery() != null || base.getRawFragment() != null
                || base.getRawUserInfo() != null || !("http".equals(base.getScheme()) || "https".equals(base.getScheme()))) {
            throw new IllegalArgumentException("public base URL must be an absolute http(s) URL without query: " + base);
        }
        String s = base.toString();
        return URI.create(s.endsWith("/") ? s : s + "/");
    }

    private static Reply error(int status, String message) {
        String json = "{\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        return new Reply(status, JSON, json.getBytes(StandardCharsets.UTF_8), null);
    }
}
