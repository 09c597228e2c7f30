package org.paperradio.stream.playout;

import java.time.Duration;
import org.paperradio.tts.audio.Pcm;

/**
 * Audio the station makes itself and holds in memory: the {@link Ident} and the
 * {@link Interval} signal. Both air the same way; they differ only in when the clock picks them,
 * which is why they stay two types (the clock cannot be handed one in place of the other).
 */
public sealed interface Jingle extends Segment permits Ident, Interval {

    /** The samples, at the air's sample rate. */
    Pcm pcm();

    @Override
    default Duration length() {
        return pcm().duration();
    }
}
