package org.paperradio.stream.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperradio.stream.video.VideoFixtures.PAGE_COLOURS;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.paper.Chapter;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.LineTiming;
import org.paperradio.core.paper.ScriptLine;
import org.paperradio.core.paper.Show;
import org.paperradio.core.paper.ShowAudio;
import org.paperradio.core.paper.ShowScript;
import org.paperradio.core.store.PaperStore;
import org.paperradio.stream.playout.AirFixtures;
import org.paperradio.stream.playout.Ident;
import org.paperradio.stream.playout.PaperSegment;
import org.paperradio.stream.playout.Rerun;
import org.paperradio.stream.playout.ShowSegment;

class SceneTimelineTest {

    private static final Instant START = Instant.parse("2026-11-24T18:00:00Z");

    @TempDir
    Path data;

    private PaperStore store;
    private final FrameComposer composer = new FrameComposer(1280, 720);

    @BeforeEach
    void setUp() throws Exception {
        store = new PaperStore(data, Clock.systemUTC());
    }

    private Scenery scenery(boolean nonCommercial) {
        return new Scenery(store, VideoFixtures.settings(composer, nonCommercial));
    }

    @Test
    void theCcByPaperOnScreenFollowsTheScriptPageByPage() throws Exception {
        PaperSegment paper = VideoFixtures.paper(store, "2511.00001v1", VideoFixtures.CC_BY);
        SceneTimeline timeline = scenery(false).timeline(paper, START, () -> List.of("Next paper"));

        // position (ms) -> page expected: before the first line 1; lines on 1,1; the gap keeps 1; then 2, (no hint) 2, 3
        long[][] expected = {{0, 1}, {600, 1}, {2500, 1}, {4500, 1}, {5500, 2}, {8000, 2}, {9500, 3}, {11900, 3}};
        for (long[] e : expected) {
            VideoScene scene = timeline.at(Duration.ofMillis(e[0]));
            int page = (int) e[1];
            assertThat(scene.showsCard()).as("at %d ms", e[0]).isFalse();
            assertThat(scene.pageNumber()).as("at %d ms", e[0]).isEqualTo(page);
            BufferedImage frame = composer.compose(scene);
            assertThat(VideoFixtures.pageCentre(composer, frame)).as("page colour at %d ms", e[0])
                    .isEqualTo(PAGE_COLOURS.get(page - 1));
            for (int other = 1; other <= 3; other++) {
                if (other != page) {
                    assertThat(VideoFixtures.count(frame, PAGE_COLOURS.get(other - 1))).as("page %d at %d ms", other, e[0])
                            .isZero();
                }
            }
        }
    }

    @Test
    void captionsSpeakerAndClockFollowTheTiming() throws Exception {
        PaperSegment paper = VideoFixtures.paper(store, "2511.00002v1", VideoFixtures.CC_BY);
        SceneTimeline timeline = scenery(false).timeline(new Rerun(paper), START, List::of);

        VideoScene before = timeline.at(Duration.ofMillis(100));
        assertThat(before.caption()).isEmpty();
        assertThat(before.speaker()).isEmpty();

        VideoScene third = timeline.at(Duration.ofMillis(6000));
        assertThat(third.look()).isEqualTo(VideoScene.Look.PAPER);
        assertThat(third.caption()).isEqualTo("Line three turns to page two.");
        assertThat(third.speaker()).isEqualTo("Ada Host");
        assertThat(third.captionProgress()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(third.headline()).isEqualTo("A paper about 2511.00002v1");
        assertThat(third.arxivId()).isEqualTo("2511.00002v1");
        assertThat(third.authors()).containsExactly("Ann Author", "Ben Writer");
        assertThat(third.time().toInstant()).isEqualTo(START.plusSeconds(6));
        assertThat(third.time().getZone()).isEqualTo(ZoneId.of("UTC"));

        // a short pause keeps the last caption up; after the last line it goes
        assertThat(timeline.at(Duration.ofMillis(4500)).caption()).isEqualTo("Line two, still page one.");
        assertThat(timeline.at(Duration.ofMillis(11900)).caption()).isEqualTo("Line five is about page three.");
        assertThat(timeline.at(Duration.ofMillis(12600)).caption()).isEmpty();
        assertThat(timeline.at(Duration.ofMillis(12600)).speaker()).isEmpty();
    }

    @Test
    void anArxivLicensedPaperShowsItsCardAndNeverAPage() throws Exception {
        PaperSegment paper = VideoFixtures.paper(store, "2511.00003v1", License.ARXIV_NONEXCLUSIVE);
        SceneTimeline timeline = scenery(true).timeline(paper, START, List::of);

        for (long ms : new long[] {0, 1000, 6000, 10000}) {
            VideoScene scene = timeline.at(Duration.ofMillis(ms));
            assertThat(scene.showsCard()).isTrue();
            assertThat(scene.card().title()).isEqualTo("A paper about 2511.00003v1");
            assertThat(scene.card().authors()).isEqualTo("Ann Author, Ben Writer");
            assertThat(scene.card().text()).startsWith("We study things.");
            BufferedImage frame = composer.compose(scene);
            for (Color c : PAGE_COLOURS) {
                assertThat(VideoFixtures.count(frame, c)).as("page colour %s at %d ms", c, ms).isZero();
            }
        }
    }

    @Test
    void nonCommercialPagesAirOnlyOnANonCommercialStation() throws Exception {
        PaperSegment paper = VideoFixtures.paper(store, "2511.00004v1", VideoFixtures.CC_BY_NC);

        BufferedImage onNonCommercial = composer.compose(scenery(true).timeline(paper, START, List::of)
                .at(Duration.ofSeconds(1)));
        assertThat(VideoFixtures.pageCentre(composer, onNonCommercial)).isEqualTo(PAGE_COLOURS.get(0));

        VideoScene commercial = scenery(false).timeline(paper, START, List::of).at(Duration.ofSeconds(1));
        assertThat(commercial.showsCard()).isTrue();
        assertThat(VideoFixtures.count(composer.compose(commercial), PAGE_COLOURS.get(0))).isZero();
    }

    @Test
    void pagesAreScaledOnceToFitThePageAreaAndAMissingPageGivesTheCard() throws Exception {
        PaperSegment paper = VideoFixtures.paper(store, "2511.00005v1", VideoFixtures.CC_BY);
        SceneTimeline timeline = scenery(false).timeline(paper, START, List::of);

        VideoScene first = timeline.at(Duration.ofSeconds(1));
        Rectangle area = composer.layout().page();
        assertThat(first.page().getWidth()).isLessThanOrEqualTo(area.width);
        assertThat(first.page().getHeight()).isLessThanOrEqualTo(area.height);
        assertThat(first.page().getWidth() == area.width || first.page().getHeight() == area.height).isTrue();
        // 850x1100 keeps its aspect
        assertThat((double) first.page().getWidth() / first.page().getHeight()).isCloseTo(850.0 / 1100,
                org.assertj.core.data.Offset.offset(0.01));
        // the same page is the same (cached) image: the encoder sees no change
        assertThat(timeline.at(Duration.ofMillis(1500)).page()).isSameAs(first.page());

        Files.delete(store.file(paper.id(), "pages/003.png"));
        VideoScene third = scenery(false).timeline(paper, START, List::of).at(Duration.ofSeconds(10));
        assertThat(third.showsCard()).isTrue();
        assertThat(third.card().title()).isEqualTo(paper.title());
    }

    @Test
    void upNextIsAskedForAboutOnceASecondNotPerFrame() throws Exception {
        PaperSegment paper = VideoFixtures.paper(store, "2511.00006v1", License.ARXIV_NONEXCLUSIVE);
        AtomicInteger asked = new AtomicInteger();
        SceneTimeline timeline = scenery(false).timeline(paper, START, () -> {
            asked.incrementAndGet();
            return List.of("Second paper", "Third paper");
        });
        for (int frame = 0; frame < 90; frame++) { // 3 s at 30 fps
            assertThat(timeline.at(Duration.ofMillis(frame * 1000L / 30)).upNext())
                    .containsExactly("Second paper", "Third paper");
        }
        assertThat(asked.get()).isBetween(3, 4);
    }

    @Test
    void aShowHasItsOwnLookAndShowsEachChaptersPaperByItsLicense() throws Exception {
        PaperSegment open = VideoFixtures.paper(store, "2511.00007v1", VideoFixtures.CC_BY);
        PaperSegment closed = VideoFixtures.paper(store, "2511.00008v1", License.ARXIV_NONEXCLUSIVE);
        List<ScriptLine> opening = List.of(new ScriptLine.Spoken("ada", "Welcome to the daily show.", 0));
        List<ScriptLine> first = List.of(new ScriptLine.Spoken("bob", "First, an open paper.", 0));
        List<ScriptLine> second = List.of(new ScriptLine.Spoken("ada", "Then a closed one.", 0));
        ShowScript script = new ShowScript("daily-2026-11-24", Show.Kind.DAILY, "The Daily Paper", START,
                List.of(new Chapter("Opening", null, opening), new Chapter("An open paper", open.id(), first),
                        new Chapter("A closed paper", closed.id(), second)), "test");
        ShowAudio audio = new ShowAudio("daily-2026-11-24", Duration.ofSeconds(30), 44100, 1, List.of(
                new ShowAudio.ChapterMark("Opening", null, Duration.ZERO, Duration.ofSeconds(10)),
                new ShowAudio.ChapterMark("An open paper", open.id(), Duration.ofSeconds(10), Duration.ofSeconds(20)),
                new ShowAudio.ChapterMark("A closed paper", closed.id(), Duration.ofSeconds(20), Duration.ofSeconds(30))),
                List.of(line(0, "ada", "Welcome to the daily show.", 1, 8), line(1, "bob", "First, an open paper.", 11, 18),
                        line(2, "ada", "Then a closed one.", 21, 28)));
        ShowSegment show = new ShowSegment(script, audio, data.resolve("show.wav"), data.resolve("show.mp3"));
        SceneTimeline timeline = scenery(false).timeline(show, START, List::of);

        VideoScene opened = timeline.at(Duration.ofSeconds(2));
        assertThat(opened.look()).isEqualTo(VideoScene.Look.SHOW);
        assertThat(opened.chapter()).isEqualTo("Opening");
        assertThat(opened.title()).isEqualTo("The Daily Paper");
        assertThat(opened.showsCard()).isTrue();
        assertThat(opened.arxivId()).isEmpty();

        VideoScene openPaper = timeline.at(Duration.ofSeconds(12));
        assertThat(openPaper.chapter()).isEqualTo("An open paper");
        assertThat(openPaper.headline()).isEqualTo(open.title());
        assertThat(openPaper.arxivId()).isEqualTo(open.id().toString());
        assertThat(openPaper.speaker()).isEqualTo("Bob Host");
        assertThat(openPaper.pageNumber()).isEqualTo(1);
        BufferedImage showFrame = VideoFixtures.copy(composer.compose(openPaper));
        assertThat(VideoFixtures.pageCentre(composer, showFrame)).isEqualTo(PAGE_COLOURS.get(0));

        VideoScene closedPaper = timeline.at(Duration.ofSeconds(22));
        assertThat(closedPaper.headline()).isEqualTo(closed.title());
        assertThat(closedPaper.showsCard()).isTrue();
        assertThat(VideoFixtures.count(composer.compose(closedPaper), PAGE_COLOURS.get(0))).isZero();

        // the show's top bar is not the paper segment's
        BufferedImage paperFrame = composer.compose(scenery(false).timeline(open, START, List::of)
                .at(Duration.ofSeconds(1)));
        Rectangle bar = composer.layout().topBar();
        assertThat(showFrame.getRGB(bar.x + 2, bar.y + 2)).isNotEqualTo(paperFrame.getRGB(bar.x + 2, bar.y + 2));
    }

    @Test
    void aJingleIsAStationCard() {
        Ident ident = new Ident("Paper Radio", AirFixtures.pcm(0.2, 440));
        VideoScene scene = scenery(false).timeline(ident, START, List::of).at(Duration.ofMillis(100));
        assertThat(scene.look()).isEqualTo(VideoScene.Look.JINGLE);
        assertThat(scene.showsCard()).isTrue();
        assertThat(scene.card().title()).isEqualTo("Paper Radio");
        assertThat(scene.caption()).isEmpty();
        composer.compose(scene); // draws without a page or a paper
    }

    @Test
    void thePageCacheHoldsOnlyAFewPages() throws Exception {
        PaperSegment paper = VideoFixtures.paper(store, "2511.00009v1", VideoFixtures.CC_BY);
        PageCache cache = new PageCache(composer.layout().page().getSize(), 2, Runnable::run);
        for (int p = 1; p <= 3; p++) {
            assertThat(cache.get(store.file(paper.id(), String.format("pages/%03d.png", p)))).isPresent();
            assertThat(cache.size()).isLessThanOrEqualTo(2);
        }
        Path notAnImage = store.file(paper.id(), "pages/004.png");
        Files.writeString(notAnImage, "not a png");
        assertThat(cache.get(notAnImage)).isEmpty();
        assertThat(cache.get(store.file(paper.id(), "pages/005.png"))).isEmpty();
    }

    private static LineTiming line(int index, String speaker, String text, int fromS, int toS) {
        return new LineTiming(index, speaker, text, Duration.ofSeconds(fromS), Duration.ofSeconds(toS));
    }
}
