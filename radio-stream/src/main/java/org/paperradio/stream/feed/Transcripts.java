package org.paperradio.stream.feed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.paperradio.core.paper.LineTiming;

/**
 * Transcripts from a voiced script's line timings: WebVTT (with {@code <v Speaker>} voice spans)
 * and SRT. The timings are used as they are; only what a player cannot show is fixed: lines with
 * no text or no length are left out, and a line that overlaps the next one ends where the next
 * begins, so cues never overlap and their times only increase.
 */
public final class Transcripts {

    /** One caption: who says what, when. */
    public record Cue(Duration start, Duration end, String speaker, String text) {
    }

    private Transcripts() {
    }

    /**
     * The cues to show, in order.
     *
     * @param speakerNames host id to display name; an unknown id is shown as it is
     */
    public static List<Cue> cues(List<LineTiming> lines, Map<String, String> speakerNames) {
        List<LineTiming> sorted = new ArrayList<>();
        for (LineTiming l : lines) {
            if (l != null && l.start() != null && l.end() != null && !l.start().isNegative()
                    && !oneLine(l.text()).isEmpty()) {
                sorted.add(l);
            }
        }
        sorted.sort(Comparator.comparing(LineTiming::start)); // stable: equal starts keep script order
        List<Cue> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            LineTiming l = sorted.get(i);
            Duration end = l.end();
            if (i + 1 < sorted.size() && sorted.get(i + 1).start().compareTo(end) < 0) {
                end = sorted.get(i + 1).start();
            }
            if (end.compareTo(l.start()) <= 0) {
                continue; // no time on screen: nothing to show
            }
            String who = l.speaker() == null ? "" : speakerNames.getOrDefault(l.speaker(), l.speaker());
            out.add(new Cue(l.start(), end, oneLine(who), oneLine(l.text())));
        }
        return out;
    }

    /** A WebVTT file ({@code text/vtt}). */
    public static String vtt(List<LineTiming> lines, Map<String, String> speakerNames) {
        StringBuilder b = new StringBuilder("WEBVTT\n");
        for (Cue c : cues(lines, speakerNames)) {
            b.append('\n').append(time(c.start(), '.')).append(" --> ").append(time(c.end(), '.')).append('\n');
            if (!c.speaker().isEmpty()) {
                b.append("<v ").append(escape(c.speaker())).append('>');
            }
            b.append(escape(c.text())).append('\n');
        }
        return b.toString();
    }

    /** An SRT file ({@code application/x-subrip}): numbered cues, the speaker's name before the line. */
    public static String srt(List<LineTiming> lines, Map<String, String> speakerNames) {
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (Cue c : cues(lines, speakerNames)) {
            if (n > 0) {
                b.append('\n');
            }
            b.append(++n).append('\n')
                    .append(time(c.start(), ',')).append(" --> ").append(time(c.end(), ',')).append('\n');
            if (!c.speaker().isEmpty()) {
                b.append(c.speaker()).append(": ");
            }
            b.append(c.text()).append('\n');
        }
        return b.toString();
    }

    /** {@code HH:MM:SS.mmm} (VTT) or {@code HH:MM:SS,mmm} (SRT). */
    static String time(Duration d, char decimal) {
        long ms = d.toMillis();
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60,
                decimal, ms % 1000);
    }

    /** Cue text must stay on one line: a blank line would end the cue, a stray arrow would start one. */
    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
