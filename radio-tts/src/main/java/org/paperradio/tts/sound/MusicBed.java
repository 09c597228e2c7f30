package org.paperradio.tts.sound;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.paper.LineTiming;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.Resampler;
import org.paperradio.tts.audio.WavFiles;
import org.paperradio.tts.loudness.LoudnessNormalizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Music under the voice at the start and the end of a piece, as on a real station: the bed fades
 * in before the first words, sits {@link StationConfig.Sound#bedLevel()} LU under the voice while
 * the intro is spoken and fades out before the body; it comes back under the outro and rings out
 * after the last word. Never under the body.
 *
 * <p>The bed is a loop held in memory at its final level (the station's loudness minus the bed
 * level): {@code synth} is a soft pad the station makes itself (a slow four-chord progression of
 * sine partials with long cross-fades, low-passed, {@value #SYNTH_SECONDS} s long and seamless);
 * a file is a 16-bit mono WAV, resampled to the station rate, cut to {@link #MAX_FILE_LENGTH} and
 * cross-faded into a seamless loop; {@code none} mixes nothing. Immutable and thread-safe.
 */
public final class MusicBed {

    private static final Logger log = LoggerFactory.getLogger(MusicBed.class);

    /** How long the bed plays alone before the first word. */
    public static final Duration LEAD_IN = Duration.ofMillis(1500);
    /** How long the bed rings out after the last word. */
    public static final Duration TAIL = Duration.ofMillis(2000);
    /** The shortest fade in or out (a faster one sounds like a cut, not a fade). */
    public static final Duration FADE = Duration.ofMillis(1500);
    /** A bed file longer than this is cut (a loop of a few minutes is plenty; memory stays small). */
    public static final Duration MAX_FILE_LENGTH = Duration.ofMinutes(10);
    static final int SYNTH_SECONDS = 16;
    private static final Duration MIN_FILE_LENGTH = Duration.ofSeconds(2);
    private static final Duration LOOP_CROSSFADE = Duration.ofMillis(500);

    /** Chords of the pad, MIDI note numbers: Cmaj7, Am7, Fmaj7, G6, one every 4 s. */
    private static final int[][] CHORDS = {{48, 55, 59, 64}, {45, 52, 55, 60}, {41, 48, 52, 57}, {43, 50, 59, 64}};

    private final short[] loop;
    private final int sampleRate;
    private final String source;

    private MusicBed(short[] loop, int sampleRate, String source) {
        this.loop = loop;
        this.sampleRate = sampleRate;
        this.source = source;
    }

    /**
     * The bed {@code sound} asks for: {@code none}, {@code synth}, or the WAV file it names (an
     * absolute path once the config is loaded).
     *
     * @throws IOException when the file cannot be read, is not 16-bit mono PCM, or is too short to loop
     */
    public static MusicBed load(StationConfig.Sound sound, int sampleRate) throws IOException {
        if (sound.bed().equals("none")) {
            return none(sampleRate);
        }
        if (sound.bed().equals("synth")) {
            return synth(sound, sampleRate);
        }
        return fromWav(Path.of(sound.bed()), sound, sampleRate);
    }

    /** No bed: {@link #mix} returns the voice unchanged. */
    public static MusicBed none(int sampleRate) {
        checkRate(sampleRate);
        return new MusicBed(null, sampleRate, "none");
    }

    /** The station's own pad. */
    public static MusicBed synth(StationConfig.Sound sound, int sampleRate) {
        checkRate(sampleRate);
        return new MusicBed(atLevel(new Pcm(pad(sampleRate), sampleRate), sound), sampleRate, "synth");
    }

    /** A bed from a 16-bit mono WAV file, looped. */
    public static MusicBed fromWav(Path file, StationConfig.Sound sound, int sampleRate) throws IOException {
        checkRate(sampleRate);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("music bed " + file + " is not a regular file");
        }
        Pcm raw;
        try {
            raw = WavFiles.read(file);
        } catch (IOException e) {
            throw new IOException("music bed " + file + ": " + e.getMessage(), e);
        }
        int max = Pcm.samplesFor(MAX_FILE_LENGTH, raw.sampleRate());
        if (raw.length() > max) {
            log.info("music bed {} is {} s long, only the first {} s are used", file, raw.duration().toSeconds(),
                    MAX_FILE_LENGTH.toSeconds());
            raw = raw.slice(0, max);
        }
        Pcm pcm = Resampler.resample(raw, sampleRate);
        if (pcm.duration().compareTo(MIN_FILE_LENGTH) < 0) {
            throw new IOException("music bed " + file + " is too short to loop: " + pcm.duration().toMillis() + " ms");
        }
        if (pcm.peak() == 0) {
            throw new IOException("music bed " + file + " is silent");
        }
        return new MusicBed(atLevel(seamless(pcm), sound), sampleRate, file.getFileName().toString());
    }

    public boolean isNone() {
        return loop == null;
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** {@code none}, {@code synth} or the file's name, for logs. */
    public String source() {
        return source;
    }

    /** One turn of the loop at its level (empty for {@code none}). */
    public Pcm loop() {
        return loop == null ? Pcm.empty(sampleRate) : new Pcm(loop.clone(), sampleRate);
    }

    /**
     * Where the bed plays, in the voice's time: it rises from silence at {@code fadeFrom}, is at
     * full level from {@code start} to {@code end} (the speech it goes under) and is silent again
     * at {@code fadeTo}. A fade is never shorter than {@link #FADE}: when there is less room the
     * fade moves under the speech. {@code fadeFrom} may be negative: the piece then gets a lead-in.
     */
    public record Cue(Duration fadeFrom, Duration start, Duration end, Duration fadeTo) {
        public Cue {
            Objects.requireNonNull(fadeFrom, "fadeFrom");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            Objects.requireNonNull(fadeTo, "fadeTo");
            if (fadeFrom.compareTo(start) > 0 || start.compareTo(end) > 0 || end.compareTo(fadeTo) > 0) {
                throw new IllegalArgumentException("cue times out of order: " + fadeFrom + " " + start + " " + end
                        + " " + fadeTo);
            }
        }

        /**
         * Under an intro spoken from {@code start} to {@code end}: a {@link #LEAD_IN} before it, gone
         * by {@code nextStart} (the body's first word; null when nothing follows: a {@link #TAIL}).
         */
        public static Cue intro(Duration start, Duration end, Duration nextStart) {
            Duration to = nextStart == null || nextStart.compareTo(end) < 0 ? end.plus(TAIL) : nextStart;
            return new Cue(start.minus(LEAD_IN), start, end, to);
        }

        /**
         * Under an outro spoken from {@code start} to {@code end}: rising from {@code previousEnd}
         * (the body's last word; null: a {@link #LEAD_IN} before it), ringing out for a {@link #TAIL}.
         */
        public static Cue outro(Duration previousEnd, Duration start, Duration end) {
            Duration from = previousEnd == null || previousEnd.compareTo(start) > 0 ? start.minus(LEAD_IN) : previousEnd;
            return new Cue(from, start, end, end.plus(TAIL));
        }

        /** Gain 0..1 at time {@code t} seconds. */
        double gain(double t) {
            double from = seconds(fadeFrom);
            double to = seconds(fadeTo);
            if (t <= from || t >= to) {
                return 0;
            }
            double fade = seconds(FADE);
            double in = Math.max(seconds(start) - from, fade);
            double out = Math.max(to - seconds(end), fade);
            return Math.min(Fades.rise(t - from, in), Fades.rise(to - t, out));
        }

        private Cue merged(Cue o) {
            return new Cue(min(fadeFrom, o.fadeFrom), min(start, o.start), max(end, o.end), max(fadeTo, o.fadeTo));
        }
    }

    /**
     * The cues of a piece voiced as {@code lines} (in order): under its first line (the intro) and
     * its last (the outro). One line gets one cue; none gets none.
     */
    public static List<Cue> introAndOutro(List<LineTiming> lines) {
        if (lines.isEmpty()) {
            return List.of();
        }
        LineTiming first = lines.get(0);
        if (lines.size() == 1) {
            return List.of(Cue.intro(first.start(), first.end(), null));
        }
        LineTiming last = lines.get(lines.size() - 1);
        return List.of(Cue.intro(first.start(), first.end(), lines.get(1).start()),
                Cue.outro(lines.get(lines.size() - 2).end(), last.start(), last.end()));
    }

    /** {@code lines} moved {@code offset} later (after a {@link Bedded#offset() lead-in}). */
    public static List<LineTiming> shifted(List<LineTiming> lines, Duration offset) {
        if (offset.isZero()) {
            return lines;
        }
        return lines.stream().map(t -> new LineTiming(t.line(), t.speaker(), t.text(), t.start().plus(offset),
                t.end().plus(offset))).toList();
    }

    /**
     * The voice with the bed mixed in. {@code offset} is how much bed-only lead-in was put in front
     * of the voice: every time in the voice is {@code offset} later in {@code audio}.
     */
    public record Bedded(Pcm audio, Duration offset) {
    }

    /**
     * Mixes the bed under {@code voice} at the {@code cues} (cues that touch are merged into one
     * stretch of bed). The audio grows at the front for a lead-in and at the end for a tail where
     * the cues ask for it. With {@code none} or no cues the voice comes back unchanged.
     */
    public Bedded mix(Pcm voice, List<Cue> cues) {
        if (voice.sampleRate() != sampleRate) {
            throw new IllegalArgumentException("bed runs at " + sampleRate + " Hz, voice is " + voice.sampleRate());
        }
        if (loop == null || cues.isEmpty()) {
            return new Bedded(voice, Duration.ZERO);
        }
        List<Cue> merged = merge(cues);
        Duration earliest = merged.get(0).fadeFrom();
        int offset = earliest.isNegative() ? Pcm.samplesFor(earliest.negated(), sampleRate) : 0;
        Duration latest = merged.stream().map(Cue::fadeTo).max(Comparator.naturalOrder()).orElseThrow();
        int length = Math.max(offset + voice.length(), offset + Pcm.samplesFor(latest, sampleRate));
        short[] v = voice.samples();
        short[] out = new short[length];
        for (int i = 0; i < voice.length(); i++) {
            out[offset + i] = v[i];
        }
        for (Cue c : merged) {
            // each stretch starts the loop at its top, so the outro opens on the first chord too
            int first = Math.max(0, offset + index(c.fadeFrom()));
            int last = Math.min(length, offset + index(c.fadeTo()));
            for (int i = first; i < last; i++) {
                double t = (double) (i - offset) / sampleRate;
                double g = c.gain(t);
                if (g > 0) {
                    long mixed = Math.round(out[i] + loop[(i - first) % loop.length] * g);
                    out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, mixed));
                }
            }
        }
        return new Bedded(new Pcm(out, sampleRate), Pcm.timeOf(offset, sampleRate));
    }

    private static List<Cue> merge(List<Cue> cues) {
        List<Cue> sorted = cues.stream().sorted(Comparator.comparing(Cue::fadeFrom)).toList();
        List<Cue> out = new ArrayList<>();
        for (Cue c : sorted) {
            if (!out.isEmpty() && c.fadeFrom().compareTo(out.get(out.size() - 1).fadeTo()) < 0) {
                out.set(out.size() - 1, out.get(out.size() - 1).merged(c));
            } else {
                out.add(c);
            }
        }
        return out;
    }

    /** The loop brought to the station loudness minus the bed level. */
    private static short[] atLevel(Pcm loop, StationConfig.Sound sound) {
        double target = Math.max(-70, sound.loudness() - sound.bedLevel());
        LoudnessNormalizer n = new LoudnessNormalizer(LoudnessNormalizer.Settings.defaults()
                .withTarget(target).withCeiling(sound.truePeak()).withMaxGain(50));
        return n.normalize(loop).pcm().samples();
    }

    /**
     * The pad, {@value #SYNTH_SECONDS} s: each chord a grain of sine partials (a little third
     * harmonic for warmth, a slightly detuned twin for movement) under a raised-cosine window that
     * cross-fades over 3 s with its neighbours; grains wrap around the end, so the loop has no seam.
     */
    static short[] pad(int rate) {
        int n = SYNTH_SECONDS * rate;
        double[] mix = new double[n];
        double chordSeconds = (double) SYNTH_SECONDS / CHORDS.length;
        double overlap = 1.5;
        double grain = chordSeconds + 2 * overlap;
        int grainSamples = (int) Math.round(grain * rate);
        for (int c = 0; c < CHORDS.length; c++) {
            int begin = (int) Math.round((c * chordSeconds - overlap) * rate);
            for (int k = 0; k < CHORDS[c].length; k++) {
                double f = 440 * Math.pow(2, (CHORDS[c][k] - 69) / 12.0);
                double amp = k == 0 ? 1.0 : 0.7; // the root a little stronger: a bass under the chord
                for (int j = 0; j < grainSamples; j++) {
                    double t = (double) j / rate;
                    double w = Math.min(Fades.rise(t, 2 * overlap), Fades.rise(grain - t, 2 * overlap));
                    double p = 2 * Math.PI * f * t;
                    double s = Math.sin(p) + 0.6 * Math.sin(p * 1.0015 + k) + 0.08 * Math.sin(3 * p);
                    int at = Math.floorMod(begin + j, n);
                    mix[at] += amp * w * s;
                }
            }
        }
        // gentle low-pass (two one-pole stages at ~1.5 kHz), run round the loop twice so it is seamless
        double a = Math.exp(-2 * Math.PI * 1500.0 / rate);
        double y1 = 0;
        double y2 = 0;
        double[] filtered = new double[n];
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < n; i++) {
                y1 = (1 - a) * mix[i] + a * y1;
                y2 = (1 - a) * y1 + a * y2;
                filtered[i] = y2;
            }
        }
        double peak = 0;
        for (double x : filtered) {
            peak = Math.max(peak, Math.abs(x));
        }
        short[] out = new short[n];
        double k = peak == 0 ? 0 : 0.5 * 32767 / peak; // level is set later; stay well clear of clipping
        for (int i = 0; i < n; i++) {
            out[i] = (short) Math.round(filtered[i] * k);
        }
        return out;
    }

    /** A loop whose end flows into its start: the last {@link #LOOP_CROSSFADE} is blended into the first. */
    private static Pcm seamless(Pcm pcm) {
        short[] s = pcm.samples();
        int x = Math.min(Pcm.samplesFor(LOOP_CROSSFADE, pcm.sampleRate()), s.length / 4);
        int n = s.length - x;
        short[] out = new short[n];
        System.arraycopy(s, 0, out, 0, n);
        for (int i = 0; i < x; i++) {
            double w = Fades.rise(i, x);
            out[i] = (short) Math.round(s[i] * w + s[n + i] * (1 - w));
        }
        return new Pcm(out, pcm.sampleRate());
    }

    /** The sample at time {@code d} of the voice (negative before it). */
    private int index(Duration d) {
        return (int) Math.floorDiv(d.toNanos() / 1000 * sampleRate, 1_000_000L);
    }

    private static void checkRate(int sampleRate) {
        if (sampleRate < 8_000 || sampleRate > 192_000) {
            throw new IllegalArgumentException("sample rate out of range: " + sampleRate);
        }
    }

    private static double seconds(Duration d) {
        return d.toNanos() * 1e-9;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
