package org.paperradio.stream.playout;

import java.time.Duration;
import java.util.Objects;

/** A paper segment aired before, aired again while nothing new is ready. */
public record Rerun(PaperSegment original) implements Segment {

    public Rerun {
        Objects.requireNonNull(original, "original");
    }

    @Override
    public Kind kind() {
        return Kind.RERUN;
    }

    @Override
    public String title() {
        return original.title();
    }

    @Override
    public Duration length() {
        return original.length();
    }
}
