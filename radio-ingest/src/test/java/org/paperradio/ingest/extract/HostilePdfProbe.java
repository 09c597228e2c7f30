package org.paperradio.ingest.extract;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.paperradio.core.kernel.BadInputException;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.ExtractedText;

/**
 * Run in a child JVM with a small heap by {@link HostilePdfTest}: extracts the text of the PDF
 * named by its first argument and renders its pages into the folder named by the second, and
 * prints one line per step ({@code text ok 60 pages}, {@code render bad: <message>}), the
 * time each took and the heap it had. Arguments: PDF, pages folder, max pages, time limit in
 * seconds. An {@link OutOfMemoryError} ends it with a non-zero exit code.
 */
public final class HostilePdfProbe {

    private HostilePdfProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path pdf = Path.of(args[0]);
        Path pages = Path.of(args[1]);
        int maxPages = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        Duration timeout = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 30);
        Duration renderTimeout = args.length > 4 ? Duration.ofSeconds(Long.parseLong(args[4])) : timeout;
        ArxivId id = ArxivId.parse("2501.00001v1");
        long start = System.nanoTime();
        try {
            ExtractedText text = new PdfTextExtractor(maxPages, timeout).extract(pdf, id);
            System.out.println("text ok " + text.pageCount() + " pages " + text.fullText().length() + " chars");
        } catch (BadInputException e) {
            System.out.println("text bad: " + e.getMessage());
        }
        System.out.println("text ms " + (System.nanoTime() - start) / 1_000_000);
        start = System.nanoTime();
        try {
            int n = new PageRenderer(maxPages, 100, renderTimeout).render(pdf, pages, id);
            long files;
            try (var s = Files.list(pages)) {
                files = s.count();
            }
            System.out.println("render ok " + n + " pages " + files + " files");
        } catch (BadInputException e) {
            System.out.println("render bad: " + e.getMessage());
        }
        System.out.println("render ms " + (System.nanoTime() - start) / 1_000_000);
        System.out.println("max heap MiB " + Runtime.getRuntime().maxMemory() / (1024 * 1024));
        System.out.println("done");
    }
}
