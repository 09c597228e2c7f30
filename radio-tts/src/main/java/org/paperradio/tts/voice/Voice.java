package org.paperradio.tts.voice;

import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.text.Utterance;

/**
 * Something that speaks: text in (already normalised for speech, see
 * {@link org.paperradio.tts.text.SpeechNormalizer}), mono PCM out at {@link #sampleRate()}.
 * Implementations serialise their own calls if the engine behind them is not thread-safe.
 */
public interface Voice {

    /** A short name for logs ("cmu-slt-hsmm", "cmu-slt-hsmm+F0Scale(...)"). */
    String name();

    /** The rate of the audio {@link #speak} returns. */
    int sampleRate();

    /**
     * Speaks {@code text}. Text with nothing to say (blank, only punctuation) gives empty audio,
     * not an error.
     *
     * @throws VoiceException when the engine fails on this text
     */
    Pcm speak(String text) throws VoiceException;

    /**
     * Speaks {@code utterance}, stressing its emphasised parts where the engine can. This
     * default says the plain text (an OpenAI-style speech endpoint takes no markup).
     */
    default Pcm speak(Utterance utterance) throws VoiceException {
        return speak(utterance.text());
    }
}
