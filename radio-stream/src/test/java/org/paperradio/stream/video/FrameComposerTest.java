package org.paperradio.stream.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameComposerTest {

    private static final ZonedDateTime NOON = ZonedDateTime.of(2026, 11, 24, 12, 0, 30, 0, ZoneId.of("Europe/Berlin"));

    private final FrameComposer composer = new FrameComposer(1280, 720);

    private static BufferedImage page(Color colour) {
        BufferedImage img = new BufferedImage(400, 520, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.dispose();
        return img;
    }

    private static VideoScene scene(VideoScene.Look look, String headline, String caption, String speaker,
                                    List<String> upNext, BufferedImage page, ZonedDateTime time) {
        return new VideoScene(look, "Paper Radio", headline, "", headline, List.of("Ann Author", "Ben Writer"),
                "2511.00001v1", speaker, caption, 0.0, page, page == null ? 0 : 1,
                new VideoScene.Card(headline, "Ann Author, Ben Writer", "An abstract."), upNext, time);
    }

    @Test
    void framesHaveTheConfiguredSizeAndAReusedRgbImage() {
        FrameComposer small = new FrameComposer(640, 360);
        BufferedImage a = small.compose(scene(VideoScene.Look.PAPER, "T", "c", "Ada", List.of(), null, NOON));
        BufferedImage b = small.compose(scene(VideoScene.Look.PAPER, "U", "d", "Bob", List.of(), null, NOON));
        assertThat(VideoFixtures.size(a)).isEqualTo(small.size());
        assertThat(a.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(b).isSameAs(a);
        assertThatThrownBy(() -> new FrameComposer(1279, 720)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLayoutKeepsItsBoxesApartAndInsideTheFrame() {
        FrameComposer.Layout l = composer.layout();
        List<Rectangle> boxes = List.of(l.topBar(), l.page(), l.upNext(), l.speaker(), l.caption(), l.info());
        for (Rectangle r : boxes) {
            assertThat(l.frame().contains(r)).as("%s inside the frame", r).isTrue();
            assertThat(r.isEmpty()).isFalse();
            for (Rectangle o : boxes) {
                if (o != r) {
                    assertThat(r.intersects(o)).as("%s and %s", r, o).isFalse();
                }
            }
        }
    }

    @Test
    void veryLongTextStaysInsideItsBoxes() {
        String endless = "Supercalifragilisticexpialidocious ".repeat(60)
                + "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(10);
        VideoScene plain = scene(VideoScene.Look.PAPER, "", "", "", List.of(), null, NOON);
        VideoScene overfull = new VideoScene(VideoScene.Look.PAPER, "Paper Radio", endless, "", endless,
                List.of(endless, endless), endless, endless, endless, 0.0, null, 0,
                plain.card(), List.of(endless, endless, endless, endless), NOON);
        // the same card in both: only the texts of the right-hand boxes differ
        plain = new VideoScene(VideoScene.Look.PAPER, "Paper Radio", "", "", "", List.of(), "", "", "", 0.0, null, 0,
                overfull.card(), List.of(), NOON);
        BufferedImage empty = fresh(plain);
        BufferedImage full = fresh(overfull);

        FrameComposer.Layout l = composer.layout();
        List<int[]> diff = VideoFixtures.differences(empty, full);
        assertThat(diff).as("the long text is drawn").isNotEmpty();
        for (int[] p : diff) {
            boolean inside = l.info().contains(p[0], p[1]) || l.caption().contains(p[0], p[1])
                    || l.upNext().contains(p[0], p[1]) || l.speaker().contains(p[0], p[1]);
            assertThat(inside).as("changed pixel (%d,%d) outside the text boxes", p[0], p[1]).isTrue();
        }
        // the row just below the caption box is the plain background all along
        Rectangle cap = l.caption();
        int bg = full.getRGB(1, cap.y + cap.height + 1);
        for (int x = 0; x < full.getWidth(); x++) {
            if (!l.page().contains(x, cap.y + cap.height + 1)) {
                assertThat(full.getRGB(x, cap.y + cap.height + 1)).isEqualTo(bg);
            }
        }
    }

    @Test
    void theCardsLongAbstractStaysInThePageArea() {
        String endless = "word ".repeat(2000);
        VideoScene plain = new VideoScene(VideoScene.Look.PAPER, "Paper Radio", "t", "", "t", List.of(), "", "", "", 0,
                null, 0, new VideoScene.Card("", "", ""), List.of(), NOON);
        VideoScene overfull = new VideoScene(VideoScene.Look.PAPER, "Paper Radio", "t", "", "t", List.of(), "", "", "",
                0, null, 0, new VideoScene.Card(endless, endless, endless), List.of(), NOON);
        BufferedImage empty = fresh(plain);
        BufferedImage full = fresh(overfull);
        Rectangle area = composer.layout().page();
        List<int[]> diff = VideoFixtures.differences(empty, full);
        assertThat(diff).isNotEmpty();
        assertThat(diff).allSatisfy(p -> assertThat(area.contains(p[0], p[1])).isTrue());
    }

    @Test
    void elidedTextFitsAndEndsWithAnEllipsis() {
        BufferedImage img = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
        FontMetrics fm = img.createGraphics().getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, 24));
        String elided = FrameComposer.elide("A title far too long for the narrow box it must fit in", fm, 200);
        assertThat(elided).endsWith(FrameComposer.ELLIPSIS).startsWith("A title");
        assertThat(fm.stringWidth(elided)).isLessThanOrEqualTo(200);
        assertThat(FrameComposer.elide("Short", fm, 200)).isEqualTo("Short");
    }

    @Test
    void aShowLooksDifferentFromAPaper() {
        BufferedImage paper = fresh(scene(VideoScene.Look.PAPER, "Title", "", "", List.of(), null, NOON));
        BufferedImage show = fresh(scene(VideoScene.Look.SHOW, "Title", "", "", List.of(), null, NOON));
        Rectangle bar = composer.layout().topBar();
        assertThat(show.getRGB(bar.x + 2, bar.y + 2)).isNotEqualTo(paper.getRGB(bar.x + 2, bar.y + 2));
        assertThat(show.getRGB(0, 719)).isNotEqualTo(paper.getRGB(0, 719)); // the background too
    }

    @Test
    void onlyTheClockChangesWhenOnlyTheMinuteDoes() {
        BufferedImage page = page(new Color(0, 255, 0));
        VideoScene a = scene(VideoScene.Look.PAPER, "Title", "Caption", "Ada", List.of("Next"), page, NOON);
        VideoScene sameMinute = scene(VideoScene.Look.PAPER, "Title", "Caption", "Ada", List.of("Next"), page,
                NOON.plusSeconds(20));
        VideoScene nextMinute = scene(VideoScene.Look.PAPER, "Title", "Caption", "Ada", List.of("Next"), page,
                NOON.plusSeconds(40));

        assertThat(composer.changedAreas(a, sameMinute)).isEmpty();
        List<Rectangle> changed = composer.changedAreas(a, nextMinute);
        assertThat(changed).hasSize(1);
        Rectangle clock = changed.get(0);
        assertThat(clock.contains(composer.layout().clock())).isTrue();
        assertThat(clock.x % FrameComposer.BLOCK).isZero();
        assertThat(clock.width % FrameComposer.BLOCK).isZero();
        assertThat(clock.width * clock.height).isLessThan(1280 * 720 / 20);

        BufferedImage before = fresh(a);
        BufferedImage after = fresh(nextMinute);
        List<int[]> diff = VideoFixtures.differences(before, after);
        assertThat(diff).as("12:00 -> 12:01 is drawn").isNotEmpty();
        assertThat(diff).allSatisfy(p -> assertThat(clock.contains(p[0], p[1])).isTrue());
    }

    @Test
    void otherChangesNameTheirOwnAreasAndANewPageEverything() {
        BufferedImage page1 = page(new Color(0, 255, 0));
        BufferedImage page2 = page(new Color(255, 0, 0));
        VideoScene a = scene(VideoScene.Look.PAPER, "Title", "First line", "Ada", List.of("Next"), page1, NOON);
        VideoScene b = scene(VideoScene.Look.PAPER, "Title", "Second line", "Bob", List.of("Next"), page1, NOON);
        FrameComposer.Layout l = composer.layout();
        List<Rectangle> changed = composer.changedAreas(a, b);
        assertThat(changed).hasSize(2);
        assertThat(changed.get(0).contains(l.speaker())).isTrue();
        assertThat(changed.get(1).contains(l.caption())).isTrue();
        assertThat(changed).noneMatch(r -> r.intersects(l.page()));

        VideoScene turned = scene(VideoScene.Look.PAPER, "Title", "First line", "Ada", List.of("Next"), page2, NOON);
        assertThat(composer.changedAreas(a, turned)).containsExactly(l.frame());
        assertThat(composer.changedAreas(null, a)).containsExactly(l.frame());
    }

    @Test
    void aLongCaptionIsShownTwoLinesAtATimeAsTheLineIsSpoken() {
        String longLine = "This is a long line that a host speaks for a good while, longer than two lines of the "
                + "caption box can hold, so the caption moves on through it as the audio moves on through the line.";
        VideoScene start = new VideoScene(VideoScene.Look.PAPER, "Paper Radio", "T", "", "T", List.of(), "", "Ada",
                longLine, 0.0, null, 0, null, List.of(), NOON);
        VideoScene end = new VideoScene(VideoScene.Look.PAPER, "Paper Radio", "T", "", "T", List.of(), "", "Ada",
                longLine, 0.99, null, 0, null, List.of(), NOON);
        List<Rectangle> changed = composer.changedAreas(start, end);
        assertThat(changed).hasSize(1);
        assertThat(changed.get(0).contains(composer.layout().caption())).isTrue();
        BufferedImage a = fresh(start);
        BufferedImage b = fresh(end);
        assertThat(VideoFixtures.differences(a, b)).isNotEmpty()
                .allSatisfy(p -> assertThat(changed.get(0).contains(p[0], p[1])).isTrue());
    }

    @Test
    void redrawingOnlyWhatChangedGivesTheSameFrameAsDrawingItWhole() {
        BufferedImage page = page(new Color(0, 255, 0));
        List<VideoScene> sequence = List.of(
                scene(VideoScene.Look.PAPER, "Title", "", "", List.of(), page, NOON),
                scene(VideoScene.Look.PAPER, "Title", "First line", "Ada", List.of(), page, NOON),
                scene(VideoScene.Look.PAPER, "Title", "First line", "Ada", List.of("Next"), page, NOON.plusSeconds(40)),
                scene(VideoScene.Look.PAPER, "Title", "Second, longer line", "Bob", List.of("Next"), page,
                        NOON.plusSeconds(50)),
                scene(VideoScene.Look.PAPER, "Title", "Second, longer line", "Bob", List.of("Next"), null,
                        NOON.plusSeconds(60)),
                scene(VideoScene.Look.SHOW, "Show chapter", "Third", "Ada", List.of(), null, NOON.plusSeconds(70)),
                scene(VideoScene.Look.SHOW, "Other chapter", "", "", List.of(), null, NOON.plusSeconds(70)));
        for (VideoScene s : sequence) {
            BufferedImage incremental = composer.compose(s);
            assertThat(VideoFixtures.differences(incremental, fresh(s))).as("%s", s.caption()).isEmpty();
        }
    }

    @Test
    void composeTime() {
        BufferedImage page1 = page(new Color(0, 255, 0));
        BufferedImage page2 = page(new Color(255, 0, 0));
        String title = "Attention Is All You Need, Again: A Study of Many Things";
        String caption = "And that is why the second experiment matters so much for what comes next.";
        for (int i = 0; i < 20; i++) {
            composer.compose(scene(VideoScene.Look.PAPER, title, caption + i, "Ada", List.of("Next"),
                    i % 2 == 0 ? page1 : page2, NOON));
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < 100; i++) { // a new page every frame: the whole frame each time
            composer.compose(scene(VideoScene.Look.PAPER, title, caption, "Ada", List.of("Next", "Another"),
                    i % 2 == 0 ? page1 : page2, NOON.plusMinutes(i)));
        }
        double whole = (System.nanoTime() - t0) / 1e6 / 100;
        t0 = System.nanoTime();
        for (int i = 0; i < 100; i++) { // a new caption every frame (a worst case: captions change every few seconds)
            composer.compose(scene(VideoScene.Look.PAPER, title, caption + " " + i, "Ada", List.of("Next", "Another"),
                    page1, NOON.plusMinutes(i)));
        }
        double caption100 = (System.nanoTime() - t0) / 1e6 / 100;
        t0 = System.nanoTime();
        for (int i = 0; i < 100; i++) { // the same scene a second later: nothing to draw
            composer.compose(scene(VideoScene.Look.PAPER, title, caption + " 99", "Ada", List.of("Next", "Another"),
                    page1, NOON.plusMinutes(99)));
        }
        double same = (System.nanoTime() - t0) / 1e6 / 100;
        System.out.printf("FrameComposer 1280x720, average of 100: whole frame %.2f ms, caption + clock %.2f ms,"
                + " unchanged %.3f ms%n", whole, caption100, same);
    }

    /** A frame drawn whole, by a composer that has drawn nothing before. */
    private static BufferedImage fresh(VideoScene scene) {
        return new FrameComposer(1280, 720).compose(scene);
    }
}
