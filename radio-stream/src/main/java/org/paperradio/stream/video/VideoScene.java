package org.paperradio.stream.video;

import java.awt.image.BufferedImage;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything {@link FrameComposer} needs to draw one frame, derived from what is on air at a
 * position in a segment. Text fields are never null (empty means "nothing to show").
 *
 * @param look            the visual style: a paper, a daily or weekly show, or a station jingle
 * @param station         the station's name (top bar)
 * @param title           the segment's title: the paper's title, the show's title, the jingle's title
 * @param chapter         the chapter on air, for shows; empty otherwise
 * @param headline        the lower third's first line: the paper's title, or a show chapter's paper or title
 * @param authors         the authors of the paper on air (empty for jingles and paperless chapters)
 * @param arxivId         the arXiv id of the paper on air, or empty
 * @param speaker         the name of the host speaking, or empty
 * @param caption         the script line being spoken, or empty
 * @param captionProgress how far into the line the audio is, 0 to 1 (long lines are captioned in parts)
 * @param page            the paper page to show, scaled for the page area; null when the card shows instead.
 *                        Compared by identity: the same cached image is the same page
 * @param pageNumber      the 1-based page number of {@code page}, 0 when no page is shown
 * @param card            what the page area shows when no page may or can be shown
 * @param upNext          titles of what airs next, in order
 * @param time            the wall-clock time of the frame, in the station's zone
 */
public record VideoScene(
        Look look,
        String station,
        String title,
        String chapter,
        String headline,
        List<String> authors,
        String arxivId,
        String speaker,
        String caption,
        double captionProgress,
        BufferedImage page,
        int pageNumber,
        Card card,
        List<String> upNext,
        ZonedDateTime time) {

    /** The visual style of a frame; a show has its own look. */
    public enum Look {
        PAPER, SHOW, JINGLE
    }

    /**
     * Text shown in the page area instead of a page: a paper's title, authors and abstract (arXiv
     * metadata is CC0), or a station card.
     */
    public record Card(String title, String authors, String text) {
        public static final Card EMPTY = new Card("", "", "");

        public Card {
            title = clean(title);
            authors = clean(authors);
            text = clean(text);
        }
    }

    private static final Pattern SPACES = Pattern.compile("[\\s\\p{Cntrl}]+");

    public VideoScene {
        Objects.requireNonNull(look, "look");
        Objects.requireNonNull(time, "time");
        station = clean(station);
        title = clean(title);
        chapter = clean(chapter);
        headline = clean(headline);
        authors = authors == null ? List.of() : authors.stream().map(VideoScene::clean).toList();
        arxivId = clean(arxivId);
        speaker = clean(speaker);
        caption = clean(caption);
        captionProgress = Double.isNaN(captionProgress) ? 0 : Math.clamp(captionProgress, 0.0, 1.0);
        pageNumber = page == null ? 0 : Math.max(1, pageNumber);
        card = card == null ? Card.EMPTY : card;
        upNext = upNext == null ? List.of() : upNext.stream().map(VideoScene::clean).toList();
    }

    /** Whether the page area shows the card rather than a page. */
    public boolean showsCard() {
        return page == null;
    }

    /** Null-safe, single-line text: controls and runs of white space become one space. */
    private static String clean(String s) {
        return s == null ? "" : SPACES.matcher(s).replaceAll(" ").strip();
    }
}
