package org.paperradio.tts.testing;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.voice.Voice;
import org.paperradio.tts.voice.VoiceException;
import org.paperradio.tts.voice.Voices;

/** Real voices that fail on purpose: to test that one bad sentence never costs a segment or a show. */
public final class FlakyVoices {

    private FlakyVoices() {
    }

    /** The same hosts, but their voices throw on any text containing {@code marker}, in any case ("" = always). */
    public static Voices failingOn(String marker, Voices real) {
        return wrapped(real, marker, text -> new VoiceException("injected failure on: " + text));
    }

    /**
     * The same hosts, but on a text containing {@code marker} the thread is interrupted while the
     * voice speaks, as when the station shuts down mid-sentence; the voice then throws what
     * MaryVoice throws for it (MARY's "Unexpected interruption" over an InterruptedException).
     */
    public static Voices interruptedOn(String marker, Voices real) {
        return wrapped(real, marker, text -> {
            Thread.currentThread().interrupt();
            return new VoiceException("MaryTTS failed: java.lang.RuntimeException: Unexpected interruption",
                    new RuntimeException("Unexpected interruption", new InterruptedException()));
        });
    }

    private static Voices wrapped(Voices real, String marker, java.util.function.Function<String, VoiceException> failure) {
        Map<String, Voice> byHost = new LinkedHashMap<>();
        for (String id : real.hostIds()) {
            Voice v = real.forHost(id);
            byHost.put(id, new Voice() {
                @Override
                public String name() {
                    return "flaky " + v.name();
                }

                @Override
                public int sampleRate() {
                    return v.sampleRate();
                }

                @Override
                public Pcm speak(String text) throws VoiceException {
                    if (text.toLowerCase(Locale.ROOT).contains(marker.toLowerCase(Locale.ROOT))) {
                        throw failure.apply(text);
                    }
                    return v.speak(text);
                }
            });
        }
        return new Voices(byHost);
    }
}
