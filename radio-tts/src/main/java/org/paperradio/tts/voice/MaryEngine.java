package org.paperradio.tts.voice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import marytts.LocalMaryInterface;
import marytts.exceptions.MaryConfigurationException;
import marytts.signalproc.effects.AudioEffects;
import org.paperradio.tts.audio.Pcm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;

/**
 * MaryTTS running in this process. MARY keeps its modules in process-wide singletons that are
 * not thread-safe, so every synthesis in the JVM goes through one lock, whatever engine handle
 * or voice it comes from. Start-up (about 1.2 s) happens once; later {@link #start()} calls
 * are cheap.
 *
 * <p>Runs without MARY's tokeniser (JTok is not on Maven Central): the system property
 * {@code server=commandline} makes MARY start its modules lazily, so the missing tokeniser is
 * never started, and input is given as {@code TOKENS} (see {@link org.paperradio.tts.text.MaryXml}).
 */
public final class MaryEngine {

    private static final Logger log = LoggerFactory.getLogger(MaryEngine.class);

    /**
     * MARY's state is global, so is the lock around it (the lock itself holds nothing). A
     * ReentrantLock, not {@code synchronized}: on JDK 21 a virtual thread blocked in a
     * synchronized block pins its carrier thread for the whole (slow) synthesis.
     */
    private static final ReentrantLock MARY_LOCK = new ReentrantLock();

    private static final Pattern EFFECT = Pattern.compile("([A-Za-z0-9]+)(?:\\(([^()]*)\\))?");
    private static final Pattern PARAM = Pattern.compile("[A-Za-z0-9]+:-?[0-9]+(?:\\.[0-9]+)?");

    private final Set<String> voices;

    private MaryEngine(Set<String> voices) {
        this.voices = voices;
    }

    /** Starts MARY if it is not running yet and returns a handle to it. */
    public static MaryEngine start() throws VoiceException {
        MARY_LOCK.lock();
        try {
            long t0 = System.nanoTime();
            if (System.getProperty("server") == null) {
                System.setProperty("server", "commandline");
            }
            LocalMaryInterface mary = new LocalMaryInterface();
            Set<String> available = new TreeSet<>(mary.getAvailableVoices());
            log.info("MaryTTS ready in {} ms, voices {}", (System.nanoTime() - t0) / 1_000_000, available);
            return new MaryEngine(Set.copyOf(available));
        } catch (MaryConfigurationException | RuntimeException e) {
            throw new VoiceException("MaryTTS did not start: " + e.getMessage(), e);
        } finally {
            MARY_LOCK.unlock();
        }
    }

    /** Names of the installed voices, e.g. {@code [cmu-slt-hsmm]}. */
    public Set<String> voices() {
        return voices;
    }

    /**
     * Checks an audio-effects chain such as {@code F0Scale(f0Scale:0.6)+TractScaler(amount:1.25)}:
     * MARY silently ignores effects it does not know, so a typo in config would go unnoticed.
     *
     * @return the chain without white space
     * @throws IllegalArgumentException naming the bad part and the known effects
     */
    public static String checkEffects(String chain) {
        if (chain == null || chain.isBlank()) {
            return "";
        }
        String c = chain.replaceAll("\\s+", "");
        List<String> known = new ArrayList<>();
        AudioEffects.getEffects().forEach(e -> known.add(e.getName()));
        for (String part : c.split("\\+")) {
            Matcher m = EFFECT.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + part + "' is not an effect like Name(param:value)");
            }
            if (!known.contains(m.group(1))) {
                throw new IllegalArgumentException("unknown MaryTTS effect '" + m.group(1) + "'; known: " + known);
            }
            String params = m.group(2);
            if (params != null && !params.isEmpty()) {
                for (String p : params.split(";")) {
                    if (!p.isEmpty() && !PARAM.matcher(p).matches()) {
                        throw new IllegalArgumentException("effect parameter '" + p + "' in " + part
                                + " is not name:number");
                    }
                }
            }
        }
        return c;
    }

    /** The sample rate a voice's audio comes at (48000 for cmu-slt-hsmm). */
    int sampleRateOf(String voice) throws VoiceException {
        // qualified: MARY's Voice, not this package's
        marytts.modules.synthesis.Voice v = marytts.modules.synthesis.Voice.getVoice(voice);
        if (v == null) {
            throw new VoiceException("MaryTTS voice '" + voice + "' is not installed; installed: " + voices);
        }
        return Math.round(v.dbAudioFormat().getSampleRate());
    }

    /** A MARY interface set up for one voice and effects chain (cheap once MARY runs). */
    LocalMaryInterface newInterface(String voice, String effects) throws VoiceException {
        MARY_LOCK.lock();
        try {
            LocalMaryInterface mary = new LocalMaryInterface();
            mary.setInputType("TOKENS");
            mary.setOutputType("AUDIO");
            mary.setVoice(voice);
            mary.setAudioEffects(effects);
            return mary;
        } catch (MaryConfigurationException | RuntimeException e) {
            throw new VoiceException("MaryTTS voice '" + voice + "' could not be set up: " + e.getMessage(), e);
        } finally {
            MARY_LOCK.unlock();
        }
    }

    /**
     * Synthesises one TOKENS document with {@code mary}, under the process-wide lock, and reads
     * the audio completely (MARY may apply effects lazily while the stream is read).
     */
    Pcm synthesize(LocalMaryInterface mary, String effects, Document tokens) throws VoiceException {
        MARY_LOCK.lock();
        try {
            mary.setAudioEffects(effects);
            AudioInputStream ais = mary.generateAudio(tokens);
            return readPcm(ais);
        } catch (Exception e) { // MARY throws SynthesisException, and runtime exceptions from deep inside
            throw new VoiceException("MaryTTS failed: " + e, e);
        } finally {
            MARY_LOCK.unlock();
        }
    }

    /** 16-bit mono PCM from any AudioInputStream MARY returns. */
    static Pcm readPcm(AudioInputStream in) throws IOException {
        AudioFormat f = in.getFormat();
        int rate = Math.round(f.getSampleRate());
        AudioFormat want = new AudioFormat(f.getSampleRate(), 16, 1, true, false);
        AudioInputStream src = in;
        if (!(f.getEncoding() == AudioFormat.Encoding.PCM_SIGNED && f.getSampleSizeInBits() == 16
                && f.getChannels() == 1 && !f.isBigEndian())) {
            src = AudioSystem.getAudioInputStream(want, in);
        }
        // not readAllBytes(): MARY's streams can return 0 from read(), which ends readAllBytes early
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        byte[] buf = new byte[1 << 15];
        int n;
        int idle = 0;
        while ((n = src.read(buf, 0, buf.length)) != -1) {
            if (n > 0) {
                bytes.write(buf, 0, n);
                idle = 0;
            } else if (++idle > 10_000) {
                throw new IOException("MaryTTS audio stream stalled");
            }
        }
        byte[] b = bytes.toByteArray();
        short[] s = new short[b.length / 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) ((b[2 * i] & 0xFF) | (b[2 * i + 1] << 8));
        }
        return new Pcm(s, rate);
    }
}
