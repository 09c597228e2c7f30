package org.paperradio.stream.video;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.paperradio.core.store.PaperStore;
import org.paperradio.stream.playout.Segment;

/**
 * Makes the {@link SceneTimeline} of each segment as it goes on air: the one place that knows
 * the store and the station's settings, so the video output only hands over what airs.
 */
public final class Scenery {

    private final PaperStore store;
    private final SceneSettings settings;
    /** Page read-aheads: rare, short and I/O bound, so a virtual thread each. */
    private final Executor reader = r -> Thread.ofVirtual().name("video-page-read").start(r);

    public Scenery(PaperStore store, SceneSettings settings) {
        this.store = Objects.requireNonNull(store, "store");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public SceneSettings settings() {
        return settings;
    }

    /**
     * The scenes of {@code segment}, which started being heard at {@code startedAt}. Reads the
     * segment's script once, here (call it off the frame thread if the disk is slow).
     *
     * @param upNext titles of what airs next (e.g. from {@code PlayoutClock.nowPlaying().upNext()});
     *               asked about once a second of the segment, never per frame
     */
    public SceneTimeline timeline(Segment segment, Instant startedAt, Supplier<List<String>> upNext) {
        return new SceneTimeline(segment, startedAt, upNext, store, settings, reader);
    }
}
