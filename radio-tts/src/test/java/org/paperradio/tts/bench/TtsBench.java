package org.paperradio.tts.bench;

import java.util.List;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.Resampler;
import org.paperradio.tts.audio.Signals;
import org.paperradio.tts.text.SpeechNormalizer;
import org.paperradio.tts.voice.MaryEngine;
import org.paperradio.tts.voice.MaryVoice;

/**
 * Real-time factor of each voice, and what it sounds like in numbers (pitch, spectral centroid).
 * Run: {@code mvn -q -o test-compile exec:java} is not configured; use
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) org.paperradio.tts.bench.TtsBench [rounds]}.
 */
public final class TtsBench {

    private static final String TEXT = "Today on Paper Radio: a new paper from arXiv, 2501.10120v2, by Smith et al. "
            + "The authors train an LLM with 7B parameters on 10-20% of the usual data, and report that accuracy "
            + "on GSM8K rises by 4.5 points. Fig. 3 shows the effect of the learning rate, $\\eta = 10^{-4}$. "
            + "Whether this holds for larger models, e.g. at 70B, is left open.";

    private TtsBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        long t0 = System.nanoTime();
        MaryEngine engine = MaryEngine.start();
        System.out.printf("MARY start-up: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        String text = new SpeechNormalizer().normalize(TEXT);
        System.out.println("normalised: " + text);
        for (String effects : List.of("", MaryVoice.LOWER_HOST_EFFECTS,
                "F0Scale(f0Scale:0.6)+TractScaler(amount:1.25)+Volume(amount:0.8)")) {
            MaryVoice v = new MaryVoice(engine, "cmu-slt-hsmm", effects);
            v.speak("Warm up.");
            long best = Long.MAX_VALUE;
            Pcm pcm = null;
            for (int r = 0; r < rounds; r++) {
                long s = System.nanoTime();
                pcm = v.speak(text);
                best = Math.min(best, System.nanoTime() - s);
            }
            long r0 = System.nanoTime();
            Resampler.resample(pcm, 44_100);
            long resampleMs = (System.nanoTime() - r0) / 1_000_000;
            System.out.printf("%-75s audio %5.1f s, synth %5d ms, %5.1fx real time, resample %d ms, pitch %5.0f Hz, "
                    + "centroid %5.0f Hz, speech level %.3f%n", v.name(), pcm.duration().toMillis() / 1000.0,
                    best / 1_000_000, pcm.duration().toNanos() / (double) best, resampleMs, Signals.medianPitch(pcm),
                    Signals.spectralCentroid(pcm), pcm.activeRms(0.01));
        }
    }
}
