package org.paperradio.stream.twitch;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.select.Requests;
import org.paperradio.stream.playout.NowPlaying;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chat commands, independent of Twitch: {@code !now}, {@code !paper <arXiv id>}, {@code !queue},
 * {@code !search <words>} and {@code !skip} (moderators only). Anything else is ignored.
 *
 * <p>Chat text is untrusted. It never reaches an LLM prompt: a request passes on only a parsed
 * {@link ArxivId}, a search only sanitised words (control and format characters removed, at
 * most {@value #MAX_SEARCH_CHARS} characters) to the library search, never to a model. Replies
 * never echo the sender's text (not even the search words), only parsed ids and station data;
 * they are single lines of at most {@value #MAX_REPLY_CHARS} characters (Twitch allows 500).
 *
 * <p>Rate limits: each user may run one command per {@link Limits#userCooldown()} (by user id;
 * a moderator's {@code !skip} is exempt), and the bot replies at most {@link Limits#maxReplies()}
 * times per {@link Limits#window()} overall. Commands over a limit are ignored silently.
 * Thread-safe.
 */
public final class ChatCommands {

    private static final Logger log = LoggerFactory.getLogger(ChatCommands.class);

    static final int MAX_REPLY_CHARS = 450;
    static final int MAX_SEARCH_CHARS = 100;
    /** Messages longer than this are not looked at (Twitch caps them at 500). */
    static final int MAX_MESSAGE_CHARS = 600;
    private static final int MAX_TRACKED_USERS = 10_000;
    private static final int MAX_LISTED = 5;

    /** How a request for a paper ends. */
    public enum RequestOutcome {
        /** Counted: the paper goes first in the selection. */
        QUEUED,
        /** The library does not know the paper. */
        UNKNOWN
    }

    /** Takes a listener's request for a paper (only a parsed id ever gets here). */
    @FunctionalInterface
    public interface PaperRequests {
        RequestOutcome request(ArxivId id) throws IOException;

        /** Requests through {@link Requests#add}, for papers {@code known} says the library has. */
        static PaperRequests of(Requests requests, Predicate<ArxivId> known) {
            return id -> {
                if (!known.test(id)) {
                    return RequestOutcome.UNKNOWN;
                }
                requests.add(id);
                return RequestOutcome.QUEUED;
            };
        }
    }

    /**
     * What the commands act on.
     *
     * @param nowPlaying what is on air (may supply null before the first item)
     * @param requests   takes {@code !paper} requests
     * @param upNext     titles of what airs next, in order
     * @param search     library search from sanitised words to result titles, or null when
     *                   there is no library ({@code !search} then says so)
     * @param skip       skips what is on air
     */
    public record Actions(Supplier<NowPlaying> nowPlaying, PaperRequests requests, Supplier<List<String>> upNext,
                          Function<String, List<String>> search, Runnable skip) {
        public Actions {
            Objects.requireNonNull(nowPlaying, "nowPlaying");
            Objects.requireNonNull(requests, "requests");
            Objects.requireNonNull(upNext, "upNext");
            Objects.requireNonNull(skip, "skip");
        }

        /** Up-next titles taken from {@link NowPlaying#upNext()}. */
        public static Supplier<List<String>> upNextOf(Supplier<NowPlaying> nowPlaying) {
            return () -> {
                NowPlaying np = nowPlaying.get();
                return np == null ? List.of() : np.upNext().stream().map(NowPlaying.UpNext::title).toList();
            };
        }
    }

    /**
     * Rate limits.
     *
     * @param userCooldown time between two commands of one user
     * @param maxReplies   replies allowed per window, all users together
     * @param window       the global window
     */
    public record Limits(Duration userCooldown, int maxReplies, Duration window) {
        public Limits {
            Objects.requireNonNull(userCooldown, "userCooldown");
            Objects.requireNonNull(window, "window");
            if (userCooldown.isNegative() || maxReplies < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("bad chat limits: " + userCooldown + ", " + maxReplies + "/" + window);
            }
        }

        /** The config's per-user cooldown and 20 replies per 30 s overall. */
        public static Limits of(StationConfig.Twitch config) {
            return new Limits(config.userCooldown(), 20, Duration.ofSeconds(30));
        }
    }

    private final Actions actions;
    private final Limits limits;
    private final Clock clock;
    private final Map<String, Instant> lastByUser = new LinkedHashMap<>();
    private final Deque<Instant> recentReplies = new ArrayDeque<>();

    public ChatCommands(Actions actions, Limits limits, Clock clock) {
        this.actions = Objects.requireNonNull(actions, "actions");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Handles a message and says the reply, if any, on {@code channel}: wire as its message handler. */
    public void attach(TwitchChannel channel) {
        channel.onMessage(m -> handle(m).ifPresent(channel::say));
    }

    /** The reply to one chat message, or empty (not a command, or over a limit). */
    public Optional<String> handle(ChatMessage message) {
        String text = message.text();
        if (text.length() > MAX_MESSAGE_CHARS) {
            return Optional.empty();
        }
        text = text.strip();
        if (!text.startsWith("!")) {
            return Optional.empty();
        }
        int space = firstWhitespace(text);
        String command = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
        String args = space < 0 ? "" : text.substring(space).strip();
        if (!List.of("!now", "!paper", "!queue", "!search", "!skip").contains(command)) {
            return Optional.empty();
        }
        boolean exemptFromCooldown = command.equals("!skip") && message.moderator();
        if (!admit(message.userId(), exemptFromCooldown)) {
            return Optional.empty();
        }
        String reply;
        try {
            reply = switch (command) {
                case "!now" -> now();
                case "!paper" -> paper(args);
                case "!queue" -> queue();
                case "!search" -> search(args);
                case "!skip" -> skip(message.moderator());
                default -> throw new IllegalStateException(command);
            };
        } catch (IOException | RuntimeException e) {
            log.warn("chat command {} failed: {}", command, e.toString());
            reply = "Sorry, that did not work. Please try again later.";
        }
        return Optional.of(cap(oneLine(reply)));
    }

    /** Applies both limits; records the command when admitted. */
    private synchronized boolean admit(String userId, boolean exemptFromCooldown) {
        Instant now = clock.instant();
        while (!recentReplies.isEmpty() && !recentReplies.peekFirst().isAfter(now.minus(limits.window()))) {
            recentReplies.pollFirst();
        }
        if (recentReplies.size() >= limits.maxReplies()) {
            return false;
        }
        Instant last = lastByUser.get(userId);
        if (!exemptFromCooldown && last != null && now.isBefore(last.plus(limits.userCooldown()))) {
            return false;
        }
        lastByUser.remove(userId); // re-insert so the map stays oldest first
        lastByUser.put(userId, now);
        while (lastByUser.size() > MAX_TRACKED_USERS) {
            lastByUser.remove(lastByUser.keySet().iterator().next());
        }
        recentReplies.addLast(now);
        return true;
    }

    private String now() {
        NowPlaying np = actions.nowPlaying().get();
        if (np == null) {
            return "Nothing is on air yet.";
        }
        StringBuilder s = new StringBuilder("Now: ").append(np.title());
        if (!np.authors().isEmpty()) {
            List<String> a = np.authors();
            s.append(" by ").append(String.join(", ", a.subList(0, Math.min(3, a.size()))));
            if (a.size() > 3) {
                s.append(" et al.");
            }
        }
        if (np.absUrl() != null) {
            s.append(" ").append(np.absUrl());
        }
        return s.toString();
    }

    private String paper(String args) throws IOException {
        if (args.isEmpty() || firstWhitespace(args) >= 0 || !ArxivId.isValid(args)) {
            return "Usage: !paper <arXiv id>, e.g. !paper 2501.00001";
        }
        ArxivId id = ArxivId.parse(args);
        return switch (actions.requests().request(id)) {
            case QUEUED -> "Requested " + id.base() + ": it goes first in the selection.";
            case UNKNOWN -> "Paper " + id.base() + " is not in the library, so it cannot be requested yet.";
        };
    }

    private String queue() {
        List<String> titles = actions.upNext().get();
        if (titles == null || titles.isEmpty()) {
            return "Nothing is queued yet.";
        }
        return "Up next: " + numbered(titles);
    }

    private String search(String args) {
        if (actions.search() == null) {
            return "Search is not available.";
        }
        String words = sanitiseWords(args);
        if (words.isEmpty()) {
            return "Usage: !search <words>";
        }
        List<String> hits = actions.search().apply(words);
        if (hits == null || hits.isEmpty()) {
            return "Nothing in the library matches.";
        }
        return "Found: " + numbered(hits);
    }

    private String skip(boolean moderator) {
        if (!moderator) {
            return "Sorry, only moderators can skip.";
        }
        actions.skip().run();
        return "Skipping to the next item.";
    }

    private static String numbered(List<String> titles) {
        StringBuilder s = new StringBuilder();
        int n = Math.min(MAX_LISTED, titles.size());
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s.append(" | ");
            }
            s.append(i + 1).append(") ").append(titles.get(i));
        }
        if (titles.size() > n) {
            s.append(" | +").append(titles.size() - n).append(" more");
        }
        return s.toString();
    }

    /**
     * Search words as they may go on: control and format characters (bidi overrides, zero-width
     * characters) become spaces, whitespace runs collapse, at most {@value #MAX_SEARCH_CHARS} chars.
     */
    static String sanitiseWords(String text) {
        StringBuilder s = new StringBuilder();
        text.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            boolean bad = Character.isISOControl(cp) || type == Character.FORMAT || type == Character.PRIVATE_USE
                    || type == Character.SURROGATE || type == Character.UNASSIGNED;
            s.appendCodePoint(bad || Character.isWhitespace(cp) ? ' ' : cp);
        });
        String collapsed = s.toString().strip().replaceAll(" {2,}", " ");
        return truncate(collapsed, MAX_SEARCH_CHARS, "").strip();
    }

    /** One line, no control characters, never a chat command (Twitch runs lines starting with / or .). */
    private static String oneLine(String reply) {
        String s = collapse(reply.length() > 4 * MAX_REPLY_CHARS ? reply.substring(0, 4 * MAX_REPLY_CHARS) : reply);
        if (s.startsWith("/") || s.startsWith(".")) {
            s = "» " + s;
        }
        return s;
    }

    private static String collapse(String text) {
        StringBuilder s = new StringBuilder();
        text.codePoints().forEach(cp -> {
            boolean bad = Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT;
            s.appendCodePoint(bad || Character.isWhitespace(cp) ? ' ' : cp);
        });
        return s.toString().strip().replaceAll(" {2,}", " ");
    }

    static String cap(String reply) {
        return truncate(reply, MAX_REPLY_CHARS, "…");
    }

    /** At most {@code max} chars, cut at a code-point boundary, with {@code ellipsis} when cut. */
    static String truncate(String s, int max, String ellipsis) {
        if (s.length() <= max) {
            return s;
        }
        int end = max - ellipsis.length();
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + ellipsis;
    }

    private static int firstWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
