package org.paperradio.stream.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.ShowAudio.ChapterMark;
import org.paperradio.core.store.Json;

/** Podcasting 2.0 chapters from chapter marks, read back as JSON. */
class ChaptersTest {

    private static final ArxivId PAPER = ArxivId.parse("hep-th/9901001v2");

    @Test
    void marksBecomeAnUnbrokenOrderedRunLinkingPapers() throws Exception {
        List<ChapterMark> marks = List.of(
                new ChapterMark("Paper", PAPER, Duration.ofMillis(4_000), Duration.ofMillis(9_000)),
                new ChapterMark("Opening", null, Duration.ZERO, Duration.ofMillis(4_500)), // overlaps the next
                new ChapterMark("Closing", null, Duration.ofMillis(9_500), Duration.ofMillis(99_000))); // past the end
        JsonNode json = Json.mapper().readTree(Chapters.json(Chapters.of(marks, Duration.ofMillis(12_250))));
        assertThat(json.path("version").asText()).isEqualTo("1.2.0");
        JsonNode c = json.path("chapters");
        assertThat(c.size()).isEqualTo(3);
        assertThat(c.get(0).path("title").asText()).isEqualTo("Opening");
        assertThat(c.get(0).has("url")).isFalse();
        assertThat(c.get(0).path("endTime").asDouble()).isEqualTo(4.0);
        assertThat(c.get(1).path("startTime").asDouble()).isEqualTo(4.0);
        assertThat(c.get(1).path("endTime").asDouble()).isEqualTo(9.5);
        assertThat(c.get(1).path("url").asText()).isEqualTo("https://arxiv.org/abs/hep-th/9901001v2");
        assertThat(c.get(2).path("endTime").asDouble()).isEqualTo(12.25);
    }

    @Test
    void aSegmentIsOneChapter() throws Exception {
        JsonNode c = Json.mapper().readTree(Chapters.json(Chapters.ofSegment(PAPER, "A title", Duration.ofMillis(61_500))))
                .path("chapters");
        assertThat(c.size()).isEqualTo(1);
        assertThat(c.get(0).path("startTime").asDouble()).isZero();
        assertThat(c.get(0).path("endTime").asDouble()).isEqualTo(61.5);
        assertThat(c.get(0).path("title").asText()).isEqualTo("A title");
    }
}
