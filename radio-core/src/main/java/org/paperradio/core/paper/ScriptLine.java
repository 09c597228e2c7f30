package org.paperradio.core.paper;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;

/** One line of a show script: something a host says, or a pause. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ScriptLine.Spoken.class, name = "spoken"),
    @JsonSubTypes.Type(value = ScriptLine.Pause.class, name = "pause")
})
public sealed interface ScriptLine {

    /**
     * A host speaks. {@code speaker} is the host's id in config ({@code hosts[].id});
     * {@code page} is the page of the paper the line is about (1-based), 0 if none.
     */
    record Spoken(String speaker, String text, int page) implements ScriptLine {
    }

    /** Silence between lines, e.g. at a turn of topic. */
    record Pause(Duration length) implements ScriptLine {
    }
}
