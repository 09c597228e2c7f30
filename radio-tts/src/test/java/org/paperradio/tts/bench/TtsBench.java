package org.paperradio.tts.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.paperradio.core.config.ConfigLoader;
import org.paperradio.core.config.StationConfig;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.Resampler;
import org.paperradio.tts.audio.Signals;
import org.paperradio.tts.text.Lexicon;
import org.paperradio.tts.text.SpeechNormalizer;
import org.paperradio.tts.voice.FallbackVoice;
import org.paperradio.tts.voice.HttpSpeechVoice;
import org.paperradio.tts.voice.MaryEngine;
import org.paperradio.tts.voice.Voice;
import org.paperradio.tts.voice.Voices;

/**
 * Real-time factor of text to speech on this machine, per host voice and backend, through the
 * station's own classes and its config: the hosts' MaryTTS voices in-process; the speech-server
 * backend ({@link HttpSpeechVoice}) against a local OpenAI-style server on loopback backed by
 * espeak-ng ({@link EspeakSpeechServer}; skipped when espeak-ng is not installed), asking for
 * WAV and for MP3; and the fallback path (server down, MaryTTS speaks). Each figure is the best
 * of {@code rounds}, for three typical script paragraphs normalised as the station does, up to
 * audio at the station rate (resampling included).
 *
 * <p>Run with {@code scripts/bench-tts [rounds] [config]}.
 */
public final class TtsBench {

    private static final List<String> PARAGRAPHS = List.of(
            "Today on Paper Radio: a new paper from arXiv, 2501.10120v2, by Smith et al. The authors train an LLM "
                    + "with 7B parameters on 10-20% of the usual data, and report that accuracy on GSM8K rises by 4.5 points.",
            "Fig. 3 shows the effect of the learning rate, $\\eta = 10^{-4}$. Whether this holds for larger models, "
                    + "e.g. at 70B, is left open, and the authors say so plainly in their limitations section.",
            "So what does that mean for people outside the field? Cheaper fine-tuning with LoRA adapters, if the "
                    + "baselines hold up; RLHF is not needed for the gains they measure, which is the surprising part.");
    /** espeak-ng voices for the first and second host: a female and a male variant of American English. */
    private static final List<String> ESPEAK_VOICES = List.of("en-us+f3", "en-us+m3");

    private TtsBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path configFile = Path.of(args.length > 1 ? args[1] : "config/station.yaml");
        StationConfig config = new ConfigLoader().load(configFile);
        Path lexiconFile = config.speech().lexicon();
        Lexicon lexicon = Files.isRegularFile(lexiconFile) ? Lexicon.load(lexiconFile) : Lexicon.defaults();
        SpeechNormalizer normalizer = new SpeechNormalizer(lexicon);
        List<String> texts = PARAGRAPHS.stream().map(normalizer::normalize).toList();
        int rate = config.audio().sampleRate();

        long t0 = System.nanoTime();
        MaryEngine.start();
        System.out.printf("MaryTTS start-up: %d ms; %d cores; station rate %d Hz; best of %d rounds of %d paragraphs%n",
                (System.nanoTime() - t0) / 1_000_000, Runtime.getRuntime().availableProcessors(), rate, rounds,
                texts.size());
        System.out.printf("%-10s %-5s %-62s %8s %9s %7s %9s %8s%n", "backend", "host", "voice", "audio s", "synth ms",
                "RTF", "x realtm", "pitch Hz");

        Voices mary = Voices.mary(config.hosts(), lexicon);
        for (StationConfig.Host h : config.hosts()) {
            measure("mary", h.id(), mary.forHost(h.id()), texts, rounds, rate, null);
        }

        if (EspeakSpeechServer.installed()) {
            try (EspeakSpeechServer server = new EspeakSpeechServer()) {
                for (String format : List.of("wav", "mp3")) {
                    for (int i = 0; i < config.hosts().size(); i++) {
                        StationConfig.Host h = config.hosts().get(i);
                        Voice remote = new HttpSpeechVoice(new HttpSpeechVoice.Settings(server.baseUrl(), "espeak-ng",
                                ESPEAK_VOICES.get(i % ESPEAK_VOICES.size()), null, Duration.ofSeconds(60), format,
                                h.rate(), rate));
                        measure("server/" + format, h.id(), remote, texts, rounds, rate, server);
                    }
                }
            }
        } else {
            System.out.println("server   (espeak-ng not installed: apt-get install espeak-ng to measure the server backend)");
        }

        // the server is down: the first line finds out, then the host's MaryTTS voice speaks while it cools down
        StationConfig.Host first = config.hosts().get(0);
        Voice down = new HttpSpeechVoice(new HttpSpeechVoice.Settings(URI.create("http://127.0.0.1:9"), "none",
                "none", null, Duration.ofSeconds(5), "wav", 1.0, rate));
        measure("fallback", first.id(), new FallbackVoice(down, mary.forHost(first.id()), Clock.systemUTC()), texts,
                rounds, rate, null);
    }

    private static void measure(String backend, String host, Voice voice, List<String> texts, int rounds, int rate,
                                EspeakSpeechServer server) throws Exception {
        voice.speak("Warm up."); // JIT, and the first connection
        long best = Long.MAX_VALUE;
        long bestEngine = 0;
        Pcm last = null;
        double audioSeconds = 0;
        for (int r = 0; r < rounds; r++) {
            long engineBefore = server == null ? 0 : server.engineNanos();
            long start = System.nanoTime();
            double seconds = 0;
            for (String text : texts) {
                Pcm pcm = Resampler.resample(voice.speak(text), rate);
                seconds += pcm.length() / (double) rate;
                last = pcm;
            }
            long took = System.nanoTime() - start;
            if (took < best) {
                best = took;
                bestEngine = server == null ? 0 : server.engineNanos() - engineBefore;
                audioSeconds = seconds;
            }
        }
        double rtf = best / 1e9 / audioSeconds;
        String name = voice.name().length() > 62 ? voice.name().substring(0, 59) + "..." : voice.name();
        System.out.printf("%-10s %-5s %-62s %8.1f %9d %7.3f %9.1f %8.0f%s%n", backend, host, name, audioSeconds,
                best / 1_000_000, rtf, 1 / rtf, Signals.medianPitch(last),
                server == null ? "" : String.format("   (engine %d ms, client and HTTP %d ms)", bestEngine / 1_000_000,
                        (best - bestEngine) / 1_000_000));
    }
}
