package org.paperradio.stream.playout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.paperradio.core.paper.Chapter;
import org.paperradio.core.paper.PaperLog;
import org.paperradio.core.paper.Script;
import org.paperradio.core.paper.ScriptLine;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which page of the paper each script line is about, by its line number (the
 * {@link org.paperradio.core.paper.LineTiming#line()} of the voiced audio): a line's page hint
 * sets the page, lines without one keep it, and each chapter of a show starts at page 1. What the
 * video shows and what the live page shows both follow it.
 */
public final class ScriptPages {

    private static final Logger log = LoggerFactory.getLogger(ScriptPages.class);
    /** Pages past this are no page a PDF we rendered has (and no path we build from a hint). */
    public static final int MAX_PAGE = 9999;
    private static final ScriptPages NONE = new ScriptPages(new int[0]);

    private final int[] pageOfLine;

    private ScriptPages(int[] pageOfLine) {
        this.pageOfLine = pageOfLine;
    }

    /** Pages for script lines numbered chapter after chapter. */
    public static ScriptPages of(List<List<ScriptLine>> chapters) {
        List<Integer> out = new ArrayList<>();
        for (List<ScriptLine> lines : chapters) {
            int page = 1;
            for (ScriptLine l : lines) {
                if (l instanceof ScriptLine.Spoken s && s.page() > 0 && s.page() <= MAX_PAGE) {
                    page = s.page();
                }
                out.add(page);
            }
        }
        return new ScriptPages(out.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The pages of what a segment reads: a paper's (or its rerun's) script from the store, a show's
     * chapters; none for jingles. An unreadable script leaves every line on page 1.
     */
    public static ScriptPages of(Segment segment, PaperStore store) {
        return switch (segment) {
            case PaperSegment p -> ofPaper(p, store);
            case Rerun r -> ofPaper(r.original(), store);
            case ShowSegment show -> of(show.script().chapters().stream().map(Chapter::lines).toList());
            case Jingle j -> NONE;
        };
    }

    private static ScriptPages ofPaper(PaperSegment p, PaperStore store) {
        try {
            Script script = store.readJson(p.id(), PaperFiles.SCRIPT, Script.class);
            return of(List.of(script.lines()));
        } catch (IOException | RuntimeException e) {
            try (PaperLog.Scope scope = PaperLog.scope(p.id())) {
                log.warn("script unreadable, pages stay at 1: {}", e.toString());
            }
            return NONE;
        }
    }

    /** The page of line {@code line}; 1 for a line the script does not have. */
    public int pageOf(int line) {
        return line >= 0 && line < pageOfLine.length ? pageOfLine[line] : 1;
    }
}
