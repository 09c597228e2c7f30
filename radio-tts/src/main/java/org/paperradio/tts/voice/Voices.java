package org.paperradio.tts.voice;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.paperradio.core.config.StationConfig;
import org.paperradio.tts.text.Lexicon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station's hosts and the voice each speaks with, in config order. A script names its
 * speaker by host id; an unknown id falls back to the first host (a writer's typo must not
 * silence a line). Hosts with the same voice and effects share one {@link Voice}.
 */
public final class Voices {

    private static final Logger log = LoggerFactory.getLogger(Voices.class);

    private final Map<String, Voice> byHost;
    private final String firstHost;

    /** @param byHost voices by host id, in host order (at least one) */
    public Voices(Map<String, ? extends Voice> byHost) {
        if (byHost.isEmpty()) {
            throw new IllegalArgumentException("needs at least one host voice");
        }
        this.byHost = Collections.unmodifiableMap(new LinkedHashMap<>(byHost));
        this.firstHost = this.byHost.keySet().iterator().next();
    }

    /**
     * Starts MaryTTS (once per process) and makes each host's voice from config, then says a
     * word with each so that a broken voice fails here, at start-up, and the first real line
     * is not slowed by MARY's lazy module start.
     *
     * @throws VoiceException when MARY does not start or a configured voice is not installed
     * @throws IllegalArgumentException when an effects chain in config is malformed
     */
    public static Voices mary(List<StationConfig.Host> hosts) throws VoiceException {
        return mary(hosts, Lexicon.defaults());
    }

    /** As {@link #mary(List)}, pronouncing the field's words as {@code lexicon} says. */
    public static Voices mary(List<StationConfig.Host> hosts, Lexicon lexicon) throws VoiceException {
        MaryEngine engine = MaryEngine.start();
        Map<String, Voice> shared = new HashMap<>();
        Map<String, Voice> byHost = new LinkedHashMap<>();
        for (StationConfig.Host h : hosts) {
            String effects = effectsOf(h);
            String key = h.voice() + "|" + MaryEngine.checkEffects(effects) + "|" + h.rate();
            Voice v = shared.get(key);
            if (v == null) {
                try {
                    v = new MaryVoice(engine, h.voice(), effects, lexicon, h.rate());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("host '" + h.id() + "': " + e.getMessage(), e);
                } catch (VoiceException e) {
                    throw new VoiceException("host '" + h.id() + "': " + e.getMessage(), e);
                }
                long t0 = System.nanoTime();
                if (v.speak("Hello.").isEmpty()) {
                    throw new VoiceException("host '" + h.id() + "': voice " + v.name() + " produced no audio");
                }
                log.info("voice {} ready for host {} ({} ms warm-up)", v.name(), h.id(), (System.nanoTime() - t0) / 1_000_000);
                shared.put(key, v);
            }
            byHost.put(h.id(), v);
        }
        return new Voices(byHost);
    }

    /**
     * The hosts' voices as the config's {@code speech} section says: MaryTTS in-process, or an
     * OpenAI-compatible speech server per host (its voice name from {@code speech.server.voices},
     * the host's rate as its speed) with the host's MaryTTS voice speaking while the server is out.
     *
     * @param env the environment, for the server's key (read from the variable the config names)
     */
    public static Voices create(StationConfig config, Lexicon lexicon, Function<String, String> env, Clock clock)
            throws VoiceException {
        Voices mary = mary(config.hosts(), lexicon);
        if (!config.speech().backend().equals("server")) {
            return mary;
        }
        StationConfig.SpeechServer server = config.speech().server();
        String key = env.apply(server.apiKeyEnv());
        Map<String, Voice> byHost = new LinkedHashMap<>();
        for (StationConfig.Host h : config.hosts()) {
            String voice = server.voices().getOrDefault(h.id(), h.id());
            HttpSpeechVoice remote = new HttpSpeechVoice(new HttpSpeechVoice.Settings(server.baseUrl(), server.model(),
                    voice, key == null || key.isBlank() ? null : key, server.timeout(), server.format(), h.rate(),
                    config.audio().sampleRate()));
            byHost.put(h.id(), new FallbackVoice(remote, mary.forHost(h.id()), clock));
        }
        log.info("hosts speak through {} ({}), MaryTTS when it fails", server.baseUrl(),
                key == null || key.isBlank() ? "no key" : "key from $" + server.apiKeyEnv());
        return new Voices(byHost);
    }

    /**
     * The host's MARY effects with its pitch: {@code F0Add} moves it by the semitones, around the
     * voice's typical 170 Hz. (The pace goes into the MaryXML as prosody: MARY's {@code Rate}
     * effect changes nothing for HMM voices, measured.)
     */
    static String effectsOf(StationConfig.Host h) {
        List<String> chain = new ArrayList<>();
        if (!h.effects().isBlank()) {
            chain.add(h.effects());
        }
        if (Math.abs(h.pitch()) > 1e-6) {
            chain.add(String.format(Locale.ROOT, "F0Add(f0Add:%.1f)", 170 * (Math.pow(2, h.pitch() / 12) - 1)));
        }
        return String.join("+", chain);
    }

    /** The voice of host {@code id}, or the first host's when no host has that id. */
    public Voice forHost(String id) {
        return byHost.get(resolve(id));
    }

    /** {@code id} when it names a host, otherwise the first host's id. */
    public String resolve(String id) {
        return id != null && byHost.containsKey(id) ? id : firstHost;
    }

    public boolean knows(String id) {
        return id != null && byHost.containsKey(id);
    }

    /** Host ids in config order. */
    public List<String> hostIds() {
        return List.copyOf(byHost.keySet());
    }
}
