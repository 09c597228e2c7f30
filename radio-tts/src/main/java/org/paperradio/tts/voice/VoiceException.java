package org.paperradio.tts.voice;

/** A voice could not be started or could not speak a text. */
public final class VoiceException extends Exception {

    public VoiceException(String message) {
        super(message);
    }

    public VoiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
