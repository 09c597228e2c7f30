package org.paperradio.stream.feed;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.ShowAudio;
import org.paperradio.core.store.Json;

/**
 * Podcasting 2.0 JSON chapters ({@code application/json+chapters}, version 1.2.0) from a show's
 * chapter marks, or the single chapter of a paper segment. A chapter lasts until the next one
 * begins, so players see one unbroken run; a chapter about a paper links to its arXiv page.
 */
public final class Chapters {

    public static final String VERSION = "1.2.0";

    /** The file's top level. */
    public record ChaptersJson(String version, List<ChapterJson> chapters) {
    }

    /** One chapter; times in seconds from the start of the audio, {@code url} absent when about no paper. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChapterJson(double startTime, double endTime, String title, String url) {
    }

    private Chapters() {
    }

    /** A show's chapters, ordered by start, each ending where the next starts and the last at {@code length}. */
    public static ChaptersJson of(List<ShowAudio.ChapterMark> marks, Duration length) {
        List<ShowAudio.ChapterMark> sorted = new ArrayList<>(marks.stream()
                .filter(m -> m != null && m.start() != null && !m.start().isNegative()).toList());
        sorted.sort(Comparator.comparing(ShowAudio.ChapterMark::start));
        List<ChapterJson> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            ShowAudio.ChapterMark m = sorted.get(i);
            Duration end = i + 1 < sorted.size() ? sorted.get(i + 1).start()
                    : m.end() != null && m.end().compareTo(length) < 0 ? m.end() : length;
            if (end.compareTo(m.start()) <= 0) {
                continue; // two marks at the same instant: the later one wins
            }
            out.add(new ChapterJson(seconds(m.start()), seconds(end), m.title() == null ? "" : m.title(),
                    m.paper() == null ? null : absUrl(m.paper())));
        }
        return new ChaptersJson(VERSION, out);
    }

    /** A paper segment: one chapter over the whole audio. */
    public static ChaptersJson ofSegment(ArxivId paper, String title, Duration length) {
        return new ChaptersJson(VERSION, List.of(new ChapterJson(0, seconds(length), title, absUrl(paper))));
    }

    /** The chapters as JSON bytes. */
    public static byte[] json(ChaptersJson chapters) {
        try {
            return Json.mapper().writeValueAsBytes(chapters);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String absUrl(ArxivId paper) {
        return "https://arxiv.org/abs/" + paper;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
