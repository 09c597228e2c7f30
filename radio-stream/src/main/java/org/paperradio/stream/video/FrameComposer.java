package org.paperradio.stream.video;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.paperradio.core.config.StationConfig;

/**
 * Draws {@link VideoScene}s into frames of a fixed size: a top bar with the station (and show)
 * name and a clock, the paper page (or its card) on the left, and on the right "Up next", the
 * speaking host, the caption of the current line and the lower third with title, authors and
 * arXiv id. Text is anti-aliased in logical fonts (present on any JDK, headless too), elided with
 * "…" or wrapped to its box and clipped to it, so nothing ever spills into a neighbour.
 *
 * <p>{@link #compose} draws into one reused {@link BufferedImage#TYPE_INT_RGB} image (what
 * JCodec's {@code AWTUtil.fromBufferedImage} reads fastest, via {@code getRGB}): the returned image
 * is valid until the next call. One composer per frame thread; it is not thread-safe.
 */
public final class FrameComposer {

    /** The text that ends an elided line. */
    public static final String ELLIPSIS = "…";
    /** Rectangles from {@link #changedAreas} are aligned to this grid (H.264 macroblocks). */
    public static final int BLOCK = 16;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    private static final int CAPTION_LINES = 2;
    private static final int UP_NEXT_ITEMS = 3;
    private static final int WRAP_CACHE = 32;

    /**
     * Where things go in a frame.
     *
     * @param frame    the whole frame
     * @param topBar   the bar across the top
     * @param showName the station (and show) name, in the top bar
     * @param clock    the clock, in the top bar
     * @param page     the page area: the page (aspect kept, centred) or the card
     * @param upNext   the "Up next" box
     * @param speaker  the label of the host speaking
     * @param caption  the caption of the current line
     * @param info     the lower third: title, authors, arXiv id (and chapter for shows)
     */
    public record Layout(Rectangle frame, Rectangle topBar, Rectangle showName, Rectangle clock, Rectangle page,
                         Rectangle upNext, Rectangle speaker, Rectangle caption, Rectangle info) {

        /** Rectangles are mutable: hand out copies. */
        public Layout {
            frame = new Rectangle(frame);
            topBar = new Rectangle(topBar);
            showName = new Rectangle(showName);
            clock = new Rectangle(clock);
            page = new Rectangle(page);
            upNext = new Rectangle(upNext);
            speaker = new Rectangle(speaker);
            caption = new Rectangle(caption);
            info = new Rectangle(info);
        }

        @Override
        public Rectangle frame() {
            return new Rectangle(frame);
        }

        @Override
        public Rectangle topBar() {
            return new Rectangle(topBar);
        }

        @Override
        public Rectangle showName() {
            return new Rectangle(showName);
        }

        @Override
        public Rectangle clock() {
            return new Rectangle(clock);
        }

        @Override
        public Rectangle page() {
            return new Rectangle(page);
        }

        @Override
        public Rectangle upNext() {
            return new Rectangle(upNext);
        }

        @Override
        public Rectangle speaker() {
            return new Rectangle(speaker);
        }

        @Override
        public Rectangle caption() {
            return new Rectangle(caption);
        }

        @Override
        public Rectangle info() {
            return new Rectangle(info);
        }
    }

    /** The colours of a look. */
    private record Palette(Color background, Color bar, Color barText, Color accent, Color panel, Color box,
                           Color text, Color muted, Color card, Color cardText) {
    }

    private static final Palette PAPER = new Palette(new Color(0x12161F), new Color(0x1D3557), Color.WHITE,
            new Color(0xE9C46A), new Color(0x1B2230), new Color(0x202838), new Color(0xF1F1EE), new Color(0xA9B2C3),
            new Color(0xF4F1E8), new Color(0x1B1B1B));
    private static final Palette SHOW = new Palette(new Color(0x1A1220), new Color(0x7B2D26), Color.WHITE,
            new Color(0xF4A261), new Color(0x241A2B), new Color(0x2C2033), new Color(0xF6EFEA), new Color(0xC2B0BC),
            new Color(0xFBF3E6), new Color(0x221515));
    private static final Palette JINGLE = new Palette(new Color(0x0F1E1E), new Color(0x2A6F6F), Color.WHITE,
            new Color(0x9AD1D4), new Color(0x142828), new Color(0x183030), new Color(0xEAF4F4), new Color(0xA5C4C4),
            new Color(0x163636), new Color(0xEAF4F4));

    private final int width;
    private final int height;
    private final Layout layout;
    private final BufferedImage frame;
    private final Graphics2D g;
    private final Font barFont;
    private final Font clockFont;
    private final Font headerFont;
    private final Font itemFont;
    private final Font speakerFont;
    private final Font captionFont;
    private final Font headlineFont;
    private final Font authorsFont;
    private final Font idFont;
    private final Font cardTitleFont;
    private final Font cardAuthorsFont;
    private final Font cardTextFont;
    private final int pad;
    /** The scene the frame shows now, null before the first. */
    private VideoScene last;
    /** The area being redrawn: every part's drawing is clipped to it. */
    private Rectangle clip;
    /** Wrapping is the costliest text work and the same line is drawn for seconds: keep recent results. */
    private final Map<WrapKey, List<String>> wrapped = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<WrapKey, List<String>> eldest) {
            return size() > WRAP_CACHE;
        }
    };

    private record WrapKey(String text, Font font, int width) {
    }

    /** A composer for frames of {@code width} x {@code height} pixels (even, 160x120 to 3840x2160). */
    public FrameComposer(int width, int height) {
        if (width < 160 || height < 120 || width > 3840 || height > 2160 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("frame size must be even, 160x120 to 3840x2160, not " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        double s = height / 720.0;
        double sx = width / 1280.0;
        int m = px(20, s);
        pad = px(12, s);
        Rectangle all = new Rectangle(0, 0, width, height);
        Rectangle bar = new Rectangle(0, 0, width, px(48, s));
        int clockW = px(130, Math.min(s, sx) < 0.5 ? 0.5 : Math.min(s, sx));
        Rectangle clock = new Rectangle(width - m - clockW, 0, clockW, bar.height);
        Rectangle name = new Rectangle(m, 0, clock.x - 2 * m, bar.height);
        int top = bar.height + m;
        Rectangle page = new Rectangle(m, top, (int) Math.round(width * 0.40), height - top - m);
        int x1 = page.x + page.width + m;
        int w1 = width - x1 - m;
        Rectangle upNext = new Rectangle(x1, top, w1, px(150, s));
        Rectangle speaker = new Rectangle(x1, upNext.y + upNext.height + m, w1, px(40, s));
        Rectangle info = new Rectangle(x1, height - m - px(180, s), w1, px(180, s));
        int capTop = speaker.y + speaker.height + px(6, s);
        Rectangle caption = new Rectangle(x1, capTop, w1, info.y - m - capTop);
        this.layout = new Layout(all, bar, name, clock, page, upNext, speaker, caption, info);
        this.clip = layout.frame;

        barFont = new Font(Font.SANS_SERIF, Font.BOLD, px(24, s));
        clockFont = new Font(Font.SANS_SERIF, Font.BOLD, px(28, s));
        headerFont = new Font(Font.SANS_SERIF, Font.BOLD, px(20, s));
        itemFont = new Font(Font.SANS_SERIF, Font.PLAIN, px(20, s));
        speakerFont = new Font(Font.SANS_SERIF, Font.BOLD, px(24, s));
        captionFont = new Font(Font.SANS_SERIF, Font.PLAIN, px(34, s));
        headlineFont = new Font(Font.SANS_SERIF, Font.BOLD, px(28, s));
        authorsFont = new Font(Font.SANS_SERIF, Font.PLAIN, px(22, s));
        idFont = new Font(Font.SANS_SERIF, Font.PLAIN, px(19, s));
        cardTitleFont = new Font(Font.SERIF, Font.BOLD, px(30, s));
        cardAuthorsFont = new Font(Font.SANS_SERIF, Font.ITALIC, px(20, s));
        cardTextFont = new Font(Font.SERIF, Font.PLAIN, px(19, s));

        frame = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = frame.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    }

    /** A composer for the configured video size. */
    public static FrameComposer of(StationConfig.Video video) {
        return new FrameComposer(video.width(), video.height());
    }

    public Dimension size() {
        return new Dimension(width, height);
    }

    public Layout layout() {
        return layout;
    }

    /**
     * Draws {@code scene} and returns the (reused) frame. Only what changed since the scene drawn
     * last is redrawn (most frames differ from the one before by nothing, or by the clock or a
     * caption), so callers must not draw on the returned image.
     */
    public BufferedImage compose(VideoScene scene) {
        Objects.requireNonNull(scene, "scene");
        Palette p = palette(scene.look());
        for (Rectangle area : changed(last, scene)) {
            draw(area, scene, p);
        }
        clip = layout.frame;
        g.setClip(null);
        last = scene;
        return frame;
    }

    /**
     * The parts of the frame that differ between a frame of {@code before} and one of
     * {@code after}, widened to the {@value #BLOCK}-pixel grid; empty when they look the same, the
     * whole frame when the look, the page or the card changed (or {@code before} is null).
     */
    public List<Rectangle> changedAreas(VideoScene before, VideoScene after) {
        Objects.requireNonNull(after, "after");
        return changed(before, after).stream().map(this::toGrid).toList();
    }

    /** The boxes (exact, not on the grid) whose drawing differs between the two scenes. */
    private List<Rectangle> changed(VideoScene before, VideoScene after) {
        if (before == null || before.look() != after.look() || before.page() != after.page()
                || !before.card().equals(after.card())) {
            return List.of(layout.frame());
        }
        List<Rectangle> out = new ArrayList<>();
        if (!barText(before).equals(barText(after))) {
            out.add(layout.showName());
        }
        if (!CLOCK.format(before.time()).equals(CLOCK.format(after.time()))) {
            out.add(layout.clock());
        }
        if (!before.upNext().equals(after.upNext())) {
            out.add(layout.upNext());
        }
        if (!before.speaker().equals(after.speaker())) {
            out.add(layout.speaker());
        }
        if (!captionShown(before).equals(captionShown(after))) {
            out.add(layout.caption());
        }
        if (!before.headline().equals(after.headline()) || !before.authors().equals(after.authors())
                || !before.arxivId().equals(after.arxivId()) || !before.chapter().equals(after.chapter())
                || before.pageNumber() != after.pageNumber()) {
            out.add(layout.info());
        }
        return out;
    }

    /** Redraws {@code area} of the frame: its background and every part that reaches into it, clipped to it. */
    private void draw(Rectangle area, VideoScene scene, Palette p) {
        clip = area;
        clipTo(area);
        g.setColor(p.background());
        g.fillRect(area.x, area.y, area.width, area.height);
        if (area.intersects(layout.topBar)) {
            drawTopBar(scene, p);
        }
        if (area.intersects(layout.page)) {
            drawPage(scene, p);
        }
        if (area.intersects(layout.upNext)) {
            drawUpNext(scene, p);
        }
        if (area.intersects(layout.speaker)) {
            drawSpeaker(scene, p);
        }
        if (area.intersects(layout.caption)) {
            drawCaption(scene, p);
        }
        if (area.intersects(layout.info)) {
            drawInfo(scene, p);
        }
    }

    /** Limits drawing to {@code box} within the area being redrawn. */
    private void clipTo(Rectangle box) {
        g.setClip(clip.intersection(box));
    }

    /** Back to the area being redrawn. */
    private void unclip() {
        g.setClip(clip);
    }

    // ---- parts of the frame ----

    private void drawTopBar(VideoScene scene, Palette p) {
        Rectangle bar = layout.topBar;
        g.setColor(p.bar());
        g.fillRect(bar.x, bar.y, bar.width, bar.height);
        g.setColor(p.accent());
        g.fillRect(bar.x, bar.y + bar.height - Math.max(2, bar.height / 16), bar.width, Math.max(2, bar.height / 16));
        g.setColor(p.barText());
        textLine(barText(scene), layout.showName, barFont, false);
        textLine(CLOCK.format(scene.time()), layout.clock, clockFont, true);
    }

    private void drawPage(VideoScene scene, Palette p) {
        Rectangle area = layout.page;
        clipTo(area);
        BufferedImage page = scene.page();
        if (page != null) {
            g.setColor(p.panel());
            g.fillRect(area.x, area.y, area.width, area.height);
            int w = page.getWidth();
            int h = page.getHeight();
            if (w > area.width || h > area.height) { // scaled for another size: fit it here
                double k = Math.min((double) area.width / w, (double) area.height / h);
                w = Math.max(1, (int) (w * k));
                h = Math.max(1, (int) (h * k));
            }
            g.drawImage(page, area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h, null);
        } else {
            drawCard(scene.card(), area, p);
        }
        unclip();
    }

    private void drawCard(VideoScene.Card card, Rectangle area, Palette p) {
        g.setColor(p.card());
        g.fillRect(area.x, area.y, area.width, area.height);
        int in = pad * 2;
        Rectangle text = new Rectangle(area.x + in, area.y + in, area.width - 2 * in, area.height - 2 * in);
        int y = text.y;
        g.setColor(p.cardText());
        y = paragraph(card.title(), text, y, cardTitleFont, 5);
        g.setColor(p.accent());
        g.fillRect(text.x, y + pad / 2, Math.min(text.width, pad * 6), Math.max(2, pad / 4));
        y += pad * 2;
        g.setColor(p.cardText());
        y = paragraph(card.authors(), text, y, cardAuthorsFont, 3);
        y += pad;
        int lineH = g.getFontMetrics(cardTextFont).getHeight();
        int room = (text.y + text.height - y) / Math.max(1, lineH);
        paragraph(card.text(), text, y, cardTextFont, room);
    }

    private void drawUpNext(VideoScene scene, Palette p) {
        Rectangle box = layout.upNext;
        fillBox(box, p.box());
        clipTo(box);
        Rectangle in = inset(box);
        g.setColor(p.accent());
        FontMetrics hm = g.getFontMetrics(headerFont);
        g.setFont(headerFont);
        g.drawString("Up next", in.x, in.y + hm.getAscent());
        int y = in.y + hm.getHeight() + pad / 2;
        FontMetrics im = g.getFontMetrics(itemFont);
        g.setFont(itemFont);
        List<String> items = scene.upNext();
        if (items.isEmpty()) {
            g.setColor(p.muted());
            g.drawString(elide("More papers soon", im, in.width), in.x, y + im.getAscent());
        }
        g.setColor(p.text());
        for (int i = 0; i < Math.min(UP_NEXT_ITEMS, items.size()); i++) {
            if (y + im.getHeight() > in.y + in.height) {
                break;
            }
            g.drawString(elide("• " + items.get(i), im, in.width), in.x, y + im.getAscent());
            y += im.getHeight();
        }
        unclip();
    }

    private void drawSpeaker(VideoScene scene, Palette p) {
        if (scene.speaker().isEmpty()) {
            return;
        }
        Rectangle box = layout.speaker;
        clipTo(box);
        FontMetrics fm = g.getFontMetrics(speakerFont);
        String text = elide(scene.speaker(), fm, box.width - 2 * pad);
        int w = Math.min(box.width, fm.stringWidth(text) + 2 * pad);
        g.setColor(p.accent());
        g.fillRoundRect(box.x, box.y, w, box.height, box.height / 2, box.height / 2);
        g.setColor(p.background());
        g.setFont(speakerFont);
        g.drawString(text, box.x + pad, box.y + (box.height - fm.getHeight()) / 2 + fm.getAscent());
        unclip();
    }

    private void drawCaption(VideoScene scene, Palette p) {
        Rectangle box = layout.caption;
        fillBox(box, p.box());
        List<String> lines = captionShown(scene);
        if (lines.isEmpty()) {
            return;
        }
        clipTo(box);
        Rectangle in = inset(box);
        FontMetrics fm = g.getFontMetrics(captionFont);
        g.setFont(captionFont);
        g.setColor(p.text());
        int blockH = fm.getHeight() * lines.size();
        int y = in.y + Math.max(0, (in.height - blockH) / 2);
        for (String line : lines) {
            g.drawString(line, in.x, y + fm.getAscent());
            y += fm.getHeight();
        }
        unclip();
    }

    private void drawInfo(VideoScene scene, Palette p) {
        Rectangle box = layout.info;
        fillBox(box, p.box());
        clipTo(box);
        g.setColor(p.accent());
        g.fillRect(box.x, box.y, Math.max(4, pad / 2), box.height);
        Rectangle in = inset(box);
        in.x += pad / 2;
        in.width -= pad / 2;
        g.setColor(p.text());
        int y = paragraph(scene.headline(), in, in.y, headlineFont, 2);
        y += pad / 2;
        g.setColor(p.muted());
        FontMetrics am = g.getFontMetrics(authorsFont);
        if (!scene.authors().isEmpty() && y + am.getHeight() <= in.y + in.height) {
            g.setFont(authorsFont);
            g.drawString(elide(String.join(", ", scene.authors()), am, in.width), in.x, y + am.getAscent());
            y += am.getHeight();
        }
        String idLine = idLine(scene);
        FontMetrics im = g.getFontMetrics(idFont);
        if (!idLine.isEmpty() && y + im.getHeight() <= in.y + in.height) {
            g.setColor(p.accent());
            g.setFont(idFont);
            g.drawString(elide(idLine, im, in.width), in.x, y + im.getAscent());
        }
        unclip();
    }

    // ---- text ----

    private static String barText(VideoScene scene) {
        return scene.look() == VideoScene.Look.SHOW && !scene.title().isEmpty()
                ? scene.station() + "  ·  " + scene.title() : scene.station();
    }

    private static String idLine(VideoScene scene) {
        List<String> parts = new ArrayList<>();
        if (!scene.arxivId().isEmpty()) {
            parts.add("arXiv:" + scene.arxivId());
        }
        if (!scene.chapter().isEmpty() && !scene.chapter().equals(scene.headline())) {
            parts.add(scene.chapter());
        }
        if (scene.pageNumber() > 0) {
            parts.add("page " + scene.pageNumber());
        }
        return String.join("  ·  ", parts);
    }

    /**
     * The caption lines on screen: a long line is wrapped and shown {@value #CAPTION_LINES} lines
     * at a time, the part matching how far into the line the audio is.
     */
    private List<String> captionShown(VideoScene scene) {
        if (scene.caption().isEmpty()) {
            return List.of();
        }
        Rectangle in = inset(layout.caption);
        List<String> all = wrap(scene.caption(), captionFont, in.width);
        int perScreen = Math.max(1, Math.min(CAPTION_LINES, in.height / g.getFontMetrics(captionFont).getHeight()));
        int screens = (all.size() + perScreen - 1) / perScreen;
        int k = Math.min(screens - 1, (int) (scene.captionProgress() * screens));
        return all.subList(k * perScreen, Math.min(all.size(), (k + 1) * perScreen));
    }

    /** One line in {@code box}, vertically centred, elided to fit; right-aligned if asked. */
    private void textLine(String text, Rectangle box, Font font, boolean right) {
        FontMetrics fm = g.getFontMetrics(font);
        String s = elide(text, fm, box.width);
        clipTo(box);
        g.setFont(font);
        int x = right ? box.x + box.width - fm.stringWidth(s) : box.x;
        g.drawString(s, x, box.y + (box.height - fm.getHeight()) / 2 + fm.getAscent());
        unclip();
    }

    /**
     * Wraps {@code text} into {@code box} from {@code y}, at most {@code maxLines} lines and not
     * below the box, the last one elided if text is left over. Returns the y below what it drew.
     */
    private int paragraph(String text, Rectangle box, int y, Font font, int maxLines) {
        if (text.isEmpty() || maxLines <= 0) {
            return y;
        }
        FontMetrics fm = g.getFontMetrics(font);
        int fit = Math.min(maxLines, (box.y + box.height - y) / fm.getHeight());
        if (fit <= 0) {
            return y;
        }
        List<String> lines = wrap(text, font, box.width);
        g.setFont(font);
        for (int i = 0; i < Math.min(fit, lines.size()); i++) {
            String line = lines.get(i);
            if (i == fit - 1 && lines.size() > fit) {
                line = elide(line + " " + ELLIPSIS, fm, box.width);
                line = line.endsWith(ELLIPSIS) ? line : line + ELLIPSIS;
            }
            g.drawString(line, box.x, y + fm.getAscent());
            y += fm.getHeight();
        }
        return y;
    }

    /** Greedy word wrap; a word wider than the line is broken where it must be. */
    private List<String> wrap(String text, Font font, int width) {
        WrapKey key = new WrapKey(text, font, width);
        List<String> hit = wrapped.get(key);
        if (hit != null) {
            return hit;
        }
        FontMetrics fm = g.getFontMetrics(font);
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (fm.stringWidth(candidate) <= width) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
                line.setLength(0);
            }
            String rest = word;
            while (fm.stringWidth(rest) > width && rest.length() > 1) {
                int n = fitting(rest, fm, width);
                lines.add(rest.substring(0, n));
                rest = rest.substring(n);
            }
            line.append(rest);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        List<String> out = List.copyOf(lines);
        wrapped.put(key, out);
        return out;
    }

    /** {@code text} if it fits in {@code width}, else its longest prefix that fits followed by "…". */
    static String elide(String text, FontMetrics fm, int width) {
        if (fm.stringWidth(text) <= width) {
            return text;
        }
        int room = width - fm.stringWidth(ELLIPSIS);
        if (room <= 0) {
            return "";
        }
        int n = fitting(text, fm, room);
        return text.substring(0, n).stripTrailing() + ELLIPSIS;
    }

    /** How many leading chars of {@code text} fit in {@code width} (at least 1, never splitting a surrogate pair). */
    private static int fitting(String text, FontMetrics fm, int width) {
        int lo = 1;
        int hi = text.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (fm.stringWidth(text.substring(0, mid)) <= width) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        if (lo < text.length() && Character.isHighSurrogate(text.charAt(lo - 1)) && lo > 1) {
            lo--;
        }
        return lo;
    }

    // ---- geometry ----

    private void fillBox(Rectangle box, Color c) {
        g.setColor(c);
        g.fillRect(box.x, box.y, box.width, box.height);
    }

    private Rectangle inset(Rectangle box) {
        return new Rectangle(box.x + pad, box.y + pad / 2, Math.max(1, box.width - 2 * pad),
                Math.max(1, box.height - pad));
    }

    private Rectangle toGrid(Rectangle r) {
        int x0 = Math.floorDiv(r.x, BLOCK) * BLOCK;
        int y0 = Math.floorDiv(r.y, BLOCK) * BLOCK;
        int x1 = Math.min(width, -Math.floorDiv(-(r.x + r.width), BLOCK) * BLOCK);
        int y1 = Math.min(height, -Math.floorDiv(-(r.y + r.height), BLOCK) * BLOCK);
        return new Rectangle(x0, y0, x1 - x0, y1 - y0);
    }

    private static Palette palette(VideoScene.Look look) {
        return switch (look) {
            case PAPER -> PAPER;
            case SHOW -> SHOW;
            case JINGLE -> JINGLE;
        };
    }

    private static int px(double base, double scale) {
        return Math.max(1, (int) Math.round(base * scale));
    }
}
