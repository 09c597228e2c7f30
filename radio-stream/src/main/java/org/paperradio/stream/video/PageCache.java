package org.paperradio.stream.video;

import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Page images, read lazily and scaled once to fit the page area (a page rendered at 150 dpi is
 * several megapixels; a frame needs a fraction of that). Holds only a few pages (the one on air
 * and the next one), so a long paper never fills the heap. The next page can be read ahead on
 * another thread so turning a page does not stall a frame.
 */
final class PageCache {

    private static final Logger log = LoggerFactory.getLogger(PageCache.class);
    /** A page file past this is not a page our extract stage wrote. */
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    /** Decoding past this many pixels would cost hundreds of MB of heap for one frame's page. */
    static final long MAX_PIXELS = 40_000_000L;
    private static final int MAX_SIDE = 20_000;

    private final Dimension box;
    private final int capacity;
    private final Executor reader;
    private final Map<Path, CompletableFuture<Optional<BufferedImage>>> pages;

    /**
     * @param box      the size pages are fitted into (aspect kept)
     * @param capacity how many pages to hold, at least 1
     * @param reader   where read-aheads run
     */
    PageCache(Dimension box, int capacity, Executor reader) {
        this.box = new Dimension(box);
        this.capacity = Math.max(1, capacity);
        this.reader = reader;
        this.pages = new LinkedHashMap<>(8, 0.75f, true);
    }

    /** The page in {@code file}, scaled; empty when it is missing or unreadable (the caller shows a card). */
    Optional<BufferedImage> get(Path file) {
        CompletableFuture<Optional<BufferedImage>> f;
        boolean mine = false;
        synchronized (pages) {
            f = pages.get(file);
            if (f == null) {
                f = new CompletableFuture<>();
                put(file, f);
                mine = true;
            }
        }
        if (mine) {
            try {
                f.complete(load(file)); // outside the lock: a read-ahead may be registering meanwhile
            } finally {
                f.complete(Optional.empty()); // no-op unless load threw an Error: never leave it pending
            }
        }
        try {
            return f.join();
        } catch (CompletionException e) {
            return Optional.empty();
        }
    }

    /** Starts reading {@code file} in the background, unless it is held or being read. */
    void prefetch(Path file) {
        synchronized (pages) {
            if (pages.containsKey(file)) {
                return;
            }
            put(file, CompletableFuture.supplyAsync(() -> load(file), reader));
        }
    }

    int size() {
        synchronized (pages) {
            return pages.size();
        }
    }

    private void put(Path file, CompletableFuture<Optional<BufferedImage>> f) {
        pages.put(file, f);
        Iterator<Path> eldest = pages.keySet().iterator();
        while (pages.size() > capacity && eldest.hasNext()) {
            Path p = eldest.next();
            if (!p.equals(file)) {
                eldest.remove();
            }
        }
    }

    private Optional<BufferedImage> load(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                log.debug("no page image {}", file);
                return Optional.empty();
            }
            long bytes = Files.size(file);
            if (bytes > MAX_FILE_BYTES) {
                log.warn("page image {} is {} bytes, too large to show", file, bytes);
                return Optional.empty();
            }
            BufferedImage image = read(file);
            return image == null ? Optional.empty() : Optional.of(fit(image, box));
        } catch (IOException | RuntimeException e) {
            log.warn("page image {} unreadable: {}", file, e.toString());
            return Optional.empty();
        }
    }

    /** Decodes an image after checking its declared size, so a hostile header cannot exhaust the heap. */
    private static BufferedImage read(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                return null;
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                log.warn("page image {} is in no known format", file);
                return null;
            }
            ImageReader r = readers.next();
            try {
                r.setInput(in, true, true);
                int w = r.getWidth(0);
                int h = r.getHeight(0);
                if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE || (long) w * h > MAX_PIXELS) {
                    log.warn("page image {} is {}x{}, too large to show", file, w, h);
                    return null;
                }
                return r.read(0);
            } finally {
                r.dispose();
            }
        }
    }

    /**
     * Scales {@code src} to fit {@code box} with its aspect kept, in halving steps (one bilinear
     * step from 4 MP to a few hundred thousand pixels would alias the text), onto white (pages
     * with transparency are paper).
     */
    static BufferedImage fit(BufferedImage src, Dimension box) {
        double scale = Math.min((double) box.width / src.getWidth(), (double) box.height / src.getHeight());
        int tw = Math.max(1, (int) Math.round(src.getWidth() * scale));
        int th = Math.max(1, (int) Math.round(src.getHeight() * scale));
        BufferedImage current = src;
        int w = src.getWidth();
        int h = src.getHeight();
        while (w / 2 >= tw && h / 2 >= th) {
            w /= 2;
            h /= 2;
            current = draw(current, w, h);
        }
        return draw(current, tw, th);
    }

    private static BufferedImage draw(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
