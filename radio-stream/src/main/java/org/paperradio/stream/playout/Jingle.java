package org.paperradio.stream.playout;

import java.time.Duration;
import org.paperradio.tts.audio.Pcm;

/**
 * Audio the station makes itself and holds in memory: the {@link Ident}, the {@link Interval}
 * signal and show {@link Announcement}s. They air the same way; they differ only in when the
 * clock picks them, which is why they stay separate types (one cannot be handed in place of another).
 */
public sealed interface Jingle extends Segment permits Ident, Interval, Announcement {

    /** The samples, at the air's sample rate. */
    Pcm pcm();

    @Override
    default Duration length() {
        return pcm().duration();
    }
}
