package org.paperradio.stream.twitch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.paperradio.core.config.StationConfig;
import org.paperradio.stream.playout.NowPlaying;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Twitch stream title on what is on air: {@code "<station>: <paper title>"} (at most
 * {@value #MAX_TITLE_CHARS} characters, Twitch's limit) while a paper or rerun airs, the station
 * name before the first. Idents, jingles and the interval between papers leave the title as it
 * is, so it does not flap. The category is fixed (from config).
 *
 * <p>The station calls {@link #tick()} periodically. Updates go out at most once per
 * {@code minInterval}; a change that comes sooner waits for a later tick. Failures of the
 * channel are survived (retried after {@code minInterval}) and logged at most once a minute.
 * Not thread-safe: call {@code tick()} from one thread.
 */
public final class StreamInfoFollower {

    private static final Logger log = LoggerFactory.getLogger(StreamInfoFollower.class);

    static final int MAX_TITLE_CHARS = 140;
    private static final Duration LOG_EVERY = Duration.ofMinutes(1);

    private final TwitchChannel channel;
    private final Supplier<NowPlaying> nowPlaying;
    private final String stationName;
    private final String category;
    private final Duration minInterval;
    private final Clock clock;

    private String wanted;
    private String sent;
    private Instant lastAttempt;
    private Instant lastFailureLog;
    private int failuresSinceLog;

    /**
     * @param channel     where the title goes
     * @param nowPlaying  what is on air (may supply null)
     * @param stationName the title's prefix
     * @param category    the Twitch category, e.g. "Science &amp; Technology"
     * @param minInterval least time between two updates (e.g. 60 s)
     * @param clock       the time
     */
    public StreamInfoFollower(TwitchChannel channel, Supplier<NowPlaying> nowPlaying, String stationName,
                              String category, Duration minInterval, Clock clock) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.nowPlaying = Objects.requireNonNull(nowPlaying, "nowPlaying");
        this.stationName = Objects.requireNonNull(stationName, "stationName");
        this.category = Objects.requireNonNull(category, "category");
        this.minInterval = Objects.requireNonNull(minInterval, "minInterval");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The station's follower: its name, the configured category, at most one update a minute. */
    public static StreamInfoFollower of(TwitchChannel channel, Supplier<NowPlaying> nowPlaying, StationConfig config,
                                        Clock clock) {
        return new StreamInfoFollower(channel, nowPlaying, config.station().name(), config.twitch().category(),
                Duration.ofSeconds(60), clock);
    }

    /** Sends the title when what is on air changed and the last update is old enough. Never throws. */
    public void tick() {
        NowPlaying np;
        try {
            np = nowPlaying.get();
        } catch (RuntimeException e) {
            log.warn("Twitch title: cannot read what is on air: {}", e.toString());
            return;
        }
        if (np != null && np.paperId() != null && np.title() != null && !np.title().isBlank()) {
            wanted = title(stationName + ": " + np.title());
        } else if (wanted == null) {
            wanted = title(stationName);
        }
        if (wanted.equals(sent)) {
            return;
        }
        Instant now = clock.instant();
        if (lastAttempt != null && now.isBefore(lastAttempt.plus(minInterval))) {
            return;
        }
        lastAttempt = now;
        try {
            channel.updateStreamInfo(wanted, category);
            sent = wanted;
            if (failuresSinceLog > 0) {
                log.info("Twitch title updated again after {} failure(s)", failuresSinceLog);
                failuresSinceLog = 0;
            }
        } catch (RuntimeException e) {
            failuresSinceLog++;
            if (lastFailureLog == null || !now.isBefore(lastFailureLog.plus(LOG_EVERY))) {
                lastFailureLog = now;
                log.warn("Twitch title update failed ({} time(s) since last said): {}", failuresSinceLog, e.toString());
            }
        }
    }

    /** The title last accepted by Twitch, or null. */
    public String currentTitle() {
        return sent;
    }

    /** One line, at most {@value #MAX_TITLE_CHARS} chars. */
    static String title(String text) {
        StringBuilder s = new StringBuilder();
        text.codePoints().forEach(cp -> {
            boolean bad = Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT;
            s.appendCodePoint(bad || Character.isWhitespace(cp) ? ' ' : cp);
        });
        return ChatCommands.truncate(s.toString().strip().replaceAll(" {2,}", " "), MAX_TITLE_CHARS, "…");
    }
}
