package org.paperradio.stream.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.paperradio.core.paper.LineTiming;

/** WebVTT and SRT made from line timings, parsed back with a small strict parser. */
class TranscriptsTest {

    /** A cue as a player would read it: times in milliseconds, unescaped text. */
    record ParsedCue(long start, long end, String speaker, String text) {
    }

    private static final Map<String, String> NAMES = Map.of("ada", "Ada Lovelace", "ben", "Ben <B&B>");

    @Test
    void vttHasTheHeaderVoiceSpansAndEscapedText() {
        String vtt = Transcripts.vtt(List.of(
                line(0, "ada", "Hello & welcome to <Paper Radio> --> now", 0, 1500),
                line(1, "ben", "Thanks,\n\nAda.", 1500, 3_723_004)), NAMES);
        assertThat(vtt.lines().findFirst()).hasValue("WEBVTT");
        assertThat(vtt).doesNotContain("<Paper").doesNotContain("<B&B>").doesNotContain("-> now");
        assertThat(parseVtt(vtt)).containsExactly(
                new ParsedCue(0, 1500, "Ada Lovelace", "Hello & welcome to <Paper Radio> --> now"),
                new ParsedCue(1500, 3_723_004, "Ben <B&B>", "Thanks, Ada."));
        assertThat(vtt).contains("00:00:01.500 --> 01:02:03.004");
    }

    @Test
    void emptyAndZeroLengthLinesAreLeftOutAndOverlapsClipped() {
        List<LineTiming> lines = List.of(
                line(2, "ben", "Second, but listed first.", 2000, 3000),
                line(0, "ada", "First, running into the second.", 0, 2500),
                line(1, "ada", "   ", 500, 900),
                line(3, "ada", "No time at all.", 3000, 3000),
                line(4, "zed", "A guest.", 3000, 4000));
        List<ParsedCue> cues = parseVtt(Transcripts.vtt(lines, NAMES));
        assertThat(cues).containsExactly(
                new ParsedCue(0, 2000, "Ada Lovelace", "First, running into the second."),
                new ParsedCue(2000, 3000, "Ben <B&B>", "Second, but listed first."),
                new ParsedCue(3000, 4000, "zed", "A guest."));
        assertThat(parseSrt(Transcripts.srt(lines, NAMES))).isEqualTo(cues);
    }

    @Test
    void noLinesMakeAnEmptyButValidFile() {
        assertThat(parseVtt(Transcripts.vtt(List.of(), NAMES))).isEmpty();
        assertThat(Transcripts.srt(List.of(), NAMES)).isEmpty();
    }

    // --- parsers, also used by FeedApiTest ---

    private static final Pattern VTT_TIME = Pattern.compile("(\\d{2,}):(\\d{2}):(\\d{2})\\.(\\d{3}) --> (\\d{2,}):(\\d{2}):(\\d{2})\\.(\\d{3})");
    private static final Pattern SRT_TIME = Pattern.compile("(\\d{2,}):(\\d{2}):(\\d{2}),(\\d{3}) --> (\\d{2,}):(\\d{2}):(\\d{2}),(\\d{3})");
    private static final Pattern VOICE = Pattern.compile("<v ([^>]+)>(.*)");

    /** Parses a WebVTT file strictly: header, blank-line separated cues, times increasing, no overlaps. */
    static List<ParsedCue> parseVtt(String vtt) {
        String[] blocks = vtt.split("\n\n", -1);
        assertThat(blocks[0].strip()).as("header").isEqualTo("WEBVTT");
        List<ParsedCue> out = new ArrayList<>();
        for (int i = 1; i < blocks.length; i++) {
            String block = blocks[i].strip();
            if (block.isEmpty()) {
                continue;
            }
            String[] lines = block.split("\n");
            assertThat(lines).as("timing and one text line").hasSize(2);
            long[] t = times(VTT_TIME, lines[0]);
            assertThat(lines[1]).doesNotContain("-->").as("no stray arrow");
            Matcher v = VOICE.matcher(lines[1]);
            assertThat(v.matches()).as("voice span in " + lines[1]).isTrue();
            assertThat(v.group(2)).doesNotContain("<").doesNotContain(">");
            out.add(new ParsedCue(t[0], t[1], unescape(v.group(1)), unescape(v.group(2))));
        }
        checkOrder(out);
        return out;
    }

    /** Parses an SRT file: numbered cues from 1, "Speaker: text". */
    static List<ParsedCue> parseSrt(String srt) {
        List<ParsedCue> out = new ArrayList<>();
        for (String block : srt.split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            String[] lines = block.strip().split("\n");
            assertThat(lines).hasSize(3);
            assertThat(Integer.parseInt(lines[0])).isEqualTo(out.size() + 1);
            long[] t = times(SRT_TIME, lines[1]);
            int colon = lines[2].indexOf(": ");
            out.add(new ParsedCue(t[0], t[1], lines[2].substring(0, colon), lines[2].substring(colon + 2)));
        }
        checkOrder(out);
        return out;
    }

    private static void checkOrder(List<ParsedCue> cues) {
        for (int i = 0; i < cues.size(); i++) {
            assertThat(cues.get(i).end()).isGreaterThan(cues.get(i).start());
            if (i > 0) {
                assertThat(cues.get(i).start()).isGreaterThanOrEqualTo(cues.get(i - 1).end());
            }
        }
    }

    private static long[] times(Pattern p, String line) {
        Matcher m = p.matcher(line);
        assertThat(m.matches()).as("timing line " + line).isTrue();
        return new long[] {ms(m, 1), ms(m, 5)};
    }

    private static long ms(Matcher m, int g) {
        return Long.parseLong(m.group(g)) * 3_600_000 + Long.parseLong(m.group(g + 1)) * 60_000
                + Long.parseLong(m.group(g + 2)) * 1000 + Long.parseLong(m.group(g + 3));
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static LineTiming line(int n, String speaker, String text, long startMs, long endMs) {
        return new LineTiming(n, speaker, text, Duration.ofMillis(startMs), Duration.ofMillis(endMs));
    }
}
