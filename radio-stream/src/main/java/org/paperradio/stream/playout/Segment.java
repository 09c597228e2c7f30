package org.paperradio.stream.playout;

import java.time.Duration;

/**
 * Something that can be on air: a voiced {@link PaperSegment}, a {@link Rerun} of one, a
 * {@link ShowSegment}, or a {@link Jingle} the station makes itself ({@link Ident},
 * {@link Interval}, {@link Announcement}).
 */
public sealed interface Segment permits PaperSegment, Rerun, ShowSegment, Jingle {

    /** What kind of item is on air (shown to listeners, written to aired.log). */
    enum Kind {
        /** A paper airing for the first time. */
        PAPER,
        /** A paper aired before, aired again while nothing new is ready. */
        RERUN,
        /** The station ident. */
        IDENT,
        /** The interval signal of a station with nothing to air yet. */
        INTERVAL,
        /** A daily or weekly summary show at its slot. */
        SHOW,
        /** A show's announcement before its slot. */
        ANNOUNCEMENT;

        /** Lower-case name, as the API and logs show it. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    Kind kind();

    /** The title shown under "now playing". */
    String title();

    /** How long the item plays. */
    Duration length();
}
