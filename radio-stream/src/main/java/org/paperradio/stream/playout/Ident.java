package org.paperradio.stream.playout;

import java.util.Objects;
import org.paperradio.tts.audio.Pcm;

/** The station ident: a short piece of audio that says which station this is. */
public record Ident(String title, Pcm pcm) implements Jingle {

    public Ident {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(pcm, "pcm");
        if (pcm.isEmpty()) {
            throw new IllegalArgumentException("an empty ident cannot fill the air");
        }
    }

    /** A synthesized three-note chime, for stations without a voiced ident. */
    public static Ident chime(String stationName, int sampleRate) {
        return new Ident(stationName, Tones.identChime(sampleRate));
    }

    @Override
    public Kind kind() {
        return Kind.IDENT;
    }
}
