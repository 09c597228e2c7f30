package org.paperradio.core.paper;

import java.util.Objects;

/** A paper as the store keeps it in {@code paper.json}: metadata, stage reached, failure if any. */
public record PaperRecord(PaperMeta meta, Stage stage, Failure failure) {

    public PaperRecord {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(stage, "stage");
    }

    public ArxivId id() {
        return meta.id();
    }

    public boolean failed() {
        return failure != null;
    }

    public PaperRecord at(Stage next) {
        return new PaperRecord(meta, next, null);
    }

    public PaperRecord failedWith(Failure f) {
        return new PaperRecord(meta, stage, f);
    }
}
