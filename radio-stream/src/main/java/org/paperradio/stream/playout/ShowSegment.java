package org.paperradio.stream.playout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.paperradio.core.paper.ShowAudio;
import org.paperradio.core.paper.ShowScript;

/** A voiced daily or weekly show, aired at its slot: its script, its timing and where its audio is. */
public record ShowSegment(ShowScript script, ShowAudio audio, Path wav, Path mp3) implements Segment {

    public ShowSegment {
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(wav, "wav");
        Objects.requireNonNull(mp3, "mp3");
    }

    public String id() {
        return script.id();
    }

    @Override
    public Kind kind() {
        return Kind.SHOW;
    }

    @Override
    public String title() {
        return script.title();
    }

    @Override
    public Duration length() {
        return audio.length();
    }
}
