package org.paperradio.stream.playout;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What is on air right now, as listeners see it.
 *
 * @param kind          what kind of item
 * @param paperId       the paper's arXiv id for papers and reruns, else null
 * @param title         shown title
 * @param authors       the paper's authors (empty for idents and the interval)
 * @param absUrl        the paper's arXiv abstract page, or null
 * @param startedAt     when the item started being heard
 * @param length        how long it plays
 * @param speaker       the host speaking now (host name), or null
 * @param line          the script line being spoken now, or null
 * @param page          the page of the paper being read (the script's page hints), 0 when no paper is read
 * @param upNext        the papers ready to air next, in order
 * @param bufferedAhead how much voiced audio is ready beyond what is on air
 */
public record NowPlaying(
        Segment.Kind kind,
        String paperId,
        String title,
        List<String> authors,
        URI absUrl,
        Instant startedAt,
        Duration length,
        String speaker,
        String line,
        int page,
        List<UpNext> upNext,
        Duration bufferedAhead) {

    public NowPlaying {
        authors = authors == null ? List.of() : List.copyOf(authors);
        upNext = upNext == null ? List.of() : List.copyOf(upNext);
    }

    /** A paper waiting to air. */
    public record UpNext(String paperId, String title, Duration length) {
    }
}
