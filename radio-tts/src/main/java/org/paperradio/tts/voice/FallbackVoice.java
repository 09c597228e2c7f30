package org.paperradio.tts.voice;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.paperradio.core.kernel.CoolDown;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.text.Utterance;
import org.paperradio.tts.audio.Resampler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A primary voice (a speech server) with a fallback (MaryTTS in process), so a down server never
 * silences the station. When the primary fails, the line is spoken by the fallback and the
 * primary is left alone for a cool-down, as {@code GuardedModel} does for the language model:
 * {@code firstCoolDown}, doubling with each failure in a row up to {@code maxCoolDown}; a success
 * ends the streak. An outage is logged when it starts and when it ends, not once per line.
 * Audio comes back at the primary's rate (the fallback's is resampled when it differs).
 * Thread-safe: the voices are called outside the lock.
 */
public final class FallbackVoice implements Voice {

    private static final Logger log = LoggerFactory.getLogger(FallbackVoice.class);

    public static final Duration FIRST_COOL_DOWN = Duration.ofSeconds(15);
    public static final Duration MAX_COOL_DOWN = Duration.ofMinutes(10);

    /**
     * How the primary is doing: whether it would be asked now, its failures in a row, how many
     * outages there were, and how many lines the fallback has spoken.
     */
    public record Status(boolean primaryAvailable, int failuresInARow, long outages, long fallbackLines) {
    }

    private final Voice primary;
    private final Voice fallback;
    private final Clock clock;
    private final Map<Integer, Resampler> resamplers = new ConcurrentHashMap<>();

    // guarded by this
    private final CoolDown coolDown;
    private Instant outageStart;
    private long outages;
    private long fallbackLines;
    private long fallbackLinesThisOutage;

    public FallbackVoice(Voice primary, Voice fallback, Clock clock) {
        this(primary, fallback, clock, FIRST_COOL_DOWN, MAX_COOL_DOWN);
    }

    public FallbackVoice(Voice primary, Voice fallback, Clock clock, Duration firstCoolDown, Duration maxCoolDown) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.coolDown = new CoolDown(clock, firstCoolDown, maxCoolDown);
    }

    @Override
    public String name() {
        return primary.name() + " (fallback " + fallback.name() + ")";
    }

    @Override
    public int sampleRate() {
        return primary.sampleRate();
    }

    public Voice primary() {
        return primary;
    }

    public Voice fallback() {
        return fallback;
    }

    @Override
    public Pcm speak(String text) throws VoiceException {
        return speak(Utterance.plain(text));
    }

    @Override
    public Pcm speak(Utterance text) throws VoiceException {
        Exception primaryFailure = null;
        if (primaryAvailable()) {
            try {
                Pcm pcm = primary.speak(text);
                primarySucceeded();
                return atOurRate(pcm);
            } catch (VoiceException | RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    // the caller is stopping us, the primary is not to blame
                    throw e instanceof VoiceException ve ? ve : new VoiceException(e.toString(), e);
                }
                primaryFailed(e);
                primaryFailure = e;
            }
        }
        Pcm pcm;
        try {
            pcm = fallback.speak(text);
        } catch (VoiceException | RuntimeException e) {
            String why = primaryFailure != null ? "primary " + primary.name() + " failed: " + primaryFailure.getMessage()
                    : "primary " + primary.name() + " is cooling down";
            VoiceException both = new VoiceException("fallback " + fallback.name() + " failed too (" + why + "): "
                    + e.getMessage(), e);
            if (primaryFailure != null) {
                both.addSuppressed(primaryFailure);
            }
            throw both;
        }
        synchronized (this) {
            fallbackLines++;
            fallbackLinesThisOutage++;
        }
        return atOurRate(pcm);
    }

    /** Whether the next line would go to the primary (false while it cools down). */
    public synchronized boolean primaryAvailable() {
        return coolDown.ready();
    }

    public synchronized Status status() {
        return new Status(primaryAvailable(), coolDown.failuresInARow(), outages, fallbackLines);
    }

    private synchronized void primarySucceeded() {
        int ended = coolDown.succeeded();
        if (ended > 0) {
            Duration outage = Duration.between(outageStart, clock.instant());
            log.info("voice {} speaks again after {} s and {} failure(s); {} line(s) were spoken by {}",
                    primary.name(), Math.max(0, outage.toSeconds()), ended, fallbackLinesThisOutage,
                    fallback.name());
        }
        fallbackLinesThisOutage = 0;
        outageStart = null;
    }

    private synchronized void primaryFailed(Exception e) {
        Duration rest = coolDown.failed(Optional.empty());
        if (coolDown.failuresInARow() == 1) {
            outages++;
            outageStart = clock.instant();
            log.warn("voice {} failed ({}); speaking with {} and trying again in {} s", primary.name(),
                    e.getMessage(), fallback.name(), rest.toSeconds());
        } else {
            log.debug("voice {} still fails ({} in a row: {}); next try in {} s", primary.name(),
                    coolDown.failuresInARow(), e.getMessage(), rest.toSeconds());
        }
    }

    private Pcm atOurRate(Pcm pcm) {
        int rate = sampleRate();
        if (pcm.sampleRate() == rate) {
            return pcm;
        }
        return resamplers.computeIfAbsent(pcm.sampleRate(), r -> new Resampler(r, rate)).process(pcm);
    }
}
