package org.paperradio.tts.audio;

import java.time.Duration;

/** Mono 16-bit PCM audio in memory. */
public record Pcm(short[] samples, int sampleRate) {

    public Pcm {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        }
    }

    public static Pcm silence(Duration length, int sampleRate) {
        return new Pcm(new short[(int) (length.toNanos() * sampleRate / 1_000_000_000L)], sampleRate);
    }

    public Duration duration() {
        return Duration.ofNanos(samples.length * 1_000_000_000L / sampleRate);
    }

    /** Root-mean-square level, 0 for silence, 1 for a full-scale square wave. */
    public double rms() {
        if (samples.length == 0) {
            return 0;
        }
        double sum = 0;
        for (short s : samples) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / samples.length) / 32768.0;
    }
}
