package org.paperradio.stream.video;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.LineTiming;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.Script;
import org.paperradio.core.paper.ScriptLine;
import org.paperradio.core.paper.SegmentAudio;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.stream.playout.PaperSegment;

/** Test material for the video scenes: papers in a real store with real page PNGs, and pixel checks. */
final class VideoFixtures {

    static final String CC_BY = "http://creativecommons.org/licenses/by/4.0/";
    static final String CC_BY_NC = "http://creativecommons.org/licenses/by-nc/4.0/";
    /** Colours no look uses, nor any blend of its colours: seeing one means the page is on screen. */
    static final List<Color> PAGE_COLOURS = List.of(new Color(255, 0, 255), new Color(0, 255, 0), new Color(255, 0, 0));
    static final Map<String, String> HOSTS = Map.of("ada", "Ada Host", "bob", "Bob Host");

    private VideoFixtures() {
    }

    static SceneSettings settings(FrameComposer composer, boolean nonCommercial) {
        return new SceneSettings("Paper Radio", nonCommercial, ZoneId.of("UTC"), HOSTS,
                composer.layout().page().getSize());
    }

    static PaperMeta meta(String id, String title, String license) {
        return new PaperMeta(ArxivId.parse(id), title, List.of("Ann Author", "Ben Writer"),
                "We study things. The abstract goes on for a while about the things we study.", List.of("cs.AI"),
                Instant.parse("2026-11-20T10:00:00Z"), null, URI.create("http://localhost/pdf/" + id),
                License.of(license));
    }

    /**
     * A paper in {@code store} with three pages (page n filled with {@code PAGE_COLOURS[n-1]}, its
     * number written on it) and a script whose spoken lines point at pages 1, 1, (pause), 2, none, 3.
     * Lines are voiced at 0.5-2, 2-4, 5-7, 7-9 and 9-11 s of a 13 s segment.
     */
    static PaperSegment paper(PaperStore store, String id, String license) throws IOException {
        PaperMeta meta = meta(id, "A paper about " + id, license);
        store.add(meta);
        ArxivId aid = meta.id();
        List<ScriptLine> lines = List.of(
                new ScriptLine.Spoken("ada", "Line one, on page one.", 1),
                new ScriptLine.Spoken("bob", "Line two, still page one.", 1),
                new ScriptLine.Pause(Duration.ofSeconds(1)),
                new ScriptLine.Spoken("ada", "Line three turns to page two.", 2),
                new ScriptLine.Spoken("bob", "Line four has no hint.", 0),
                new ScriptLine.Spoken("ada", "Line five is about page three.", 3));
        store.writeJson(aid, PaperFiles.SCRIPT, new Script(aid, meta.title(), lines, "test"));
        for (int p = 1; p <= 3; p++) {
            writePage(store.file(aid, PaperFiles.PAGES + "/" + String.format("%03d.png", p)), p,
                    PAGE_COLOURS.get(p - 1));
        }
        List<LineTiming> timings = List.of(
                timing(0, "ada", lines, 500, 2000),
                timing(1, "bob", lines, 2000, 4000),
                timing(3, "ada", lines, 5000, 7000),
                timing(4, "bob", lines, 7000, 9000),
                timing(5, "ada", lines, 9000, 11000));
        SegmentAudio audio = new SegmentAudio(aid, Duration.ofSeconds(13), 44100, 1, timings);
        return new PaperSegment(meta, audio, store.file(aid, PaperFiles.WAV), store.file(aid, PaperFiles.MP3));
    }

    private static LineTiming timing(int line, String speaker, List<ScriptLine> lines, long fromMs, long toMs) {
        return new LineTiming(line, speaker, ((ScriptLine.Spoken) lines.get(line)).text(), Duration.ofMillis(fromMs),
                Duration.ofMillis(toMs));
    }

    /** A portrait page, letter-sized at 100 dpi, in one colour with its number in the top-left corner. */
    static void writePage(Path file, int number, Color colour) throws IOException {
        BufferedImage img = new BufferedImage(850, 1100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SERIF, Font.BOLD, 90));
        g.drawString("Page " + number, 40, 120);
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    /** The colour at the centre of the page area (the page's number is drawn in its corner, not there). */
    static Color pageCentre(FrameComposer composer, BufferedImage frame) {
        Rectangle r = composer.layout().page();
        return new Color(frame.getRGB(r.x + r.width / 2, r.y + r.height / 2));
    }

    static long count(BufferedImage frame, Color colour) {
        int want = colour.getRGB() & 0xFFFFFF;
        long n = 0;
        for (int y = 0; y < frame.getHeight(); y++) {
            for (int x = 0; x < frame.getWidth(); x++) {
                if ((frame.getRGB(x, y) & 0xFFFFFF) == want) {
                    n++;
                }
            }
        }
        return n;
    }

    static BufferedImage copy(BufferedImage frame) {
        BufferedImage c = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_INT_RGB);
        c.setData(frame.getData());
        return c;
    }

    /** Pixels that differ between two frames of the same size, as a list of points (x, y). */
    static List<int[]> differences(BufferedImage a, BufferedImage b) {
        java.util.ArrayList<int[]> out = new java.util.ArrayList<>();
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    out.add(new int[] {x, y});
                }
            }
        }
        return out;
    }

    static Dimension size(BufferedImage img) {
        return new Dimension(img.getWidth(), img.getHeight());
    }
}
