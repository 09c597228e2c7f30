package org.paperradio.stream.playout;

import java.util.Objects;
import org.paperradio.tts.audio.Pcm;

/** A voiced trailer for a show coming up at its slot ("Coming up at 6 PM: the daily show ..."). */
public record Announcement(String title, Pcm pcm) implements Jingle {

    public Announcement {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(pcm, "pcm");
        if (pcm.isEmpty()) {
            throw new IllegalArgumentException("an empty announcement");
        }
    }

    @Override
    public Kind kind() {
        return Kind.ANNOUNCEMENT;
    }
}
