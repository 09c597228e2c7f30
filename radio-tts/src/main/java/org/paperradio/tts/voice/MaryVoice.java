package org.paperradio.tts.voice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import marytts.LocalMaryInterface;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.PcmBuilder;
import org.paperradio.tts.text.Lexicon;
import org.paperradio.tts.text.MaryXml;
import org.paperradio.tts.text.Tokenizer;
import org.paperradio.tts.text.Utterance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MaryTTS voice with an optional audio-effects chain (how one installed voice becomes a
 * second host). Text is synthesised sentence by sentence (long sentences in pieces at commas),
 * each piece trimmed of MARY's own leading and trailing silence and joined with a fixed gap, so
 * the caller decides the pauses between lines. A sentence MARY fails on is logged and left
 * out; only when every sentence fails does {@link #speak} throw. The result is levelled to a
 * common speech loudness with a peak ceiling, so two hosts sound equally loud and effects that
 * raise the level do not clip.
 *
 * <p>Effects, as measured on cmu-slt-hsmm: {@code F0Add(f0Add:-70)} lowers the pitch (about 170
 * to 100 Hz); {@code F0Scale} scales the pitch <em>range</em> around its mean and leaves the
 * pitch where it is; {@code TractScaler} with an amount below 1 lowers the formants (a longer
 * vocal tract), above 1 raises them. See {@link #LOWER_HOST_EFFECTS}.
 *
 * <p>Words the {@link Lexicon} gives phonemes for (as the normaliser wrote them: "lama" for
 * "LLaMA") go to MARY with those phonemes, so its letter-to-sound rules do not guess. Tokens
 * longer than {@link #MAX_TOKEN_CHARS} are left out: no text can hand MARY a monster token.
 */
public final class MaryVoice implements Voice {

    private static final Logger log = LoggerFactory.getLogger(MaryVoice.class);

    /**
     * An effects chain that turns cmu-slt-hsmm into a clearly different, lower host: pitch down
     * by about 40 percent, formants down by about a third (spectral centroid 1600 to 1050 Hz).
     */
    public static final String LOWER_HOST_EFFECTS = "F0Add(f0Add:-70)+TractScaler(amount:0.85)";

    /** MARY's prosody degrades and its memory grows on very long sentences. */
    static final int MAX_TOKENS_PER_CHUNK = 40;
    /** No word is this long; longer tokens are junk (hashes, run-together text) and are not said. */
    static final int MAX_TOKEN_CHARS = 40;
    /** A part that ends like this ends its sentence (closing quotes and brackets may follow the mark). */
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?…][\"'’”)\\]]*\\s*$");
    static final Duration SENTENCE_GAP = Duration.ofMillis(280);
    static final Duration EDGE_PAD = Duration.ofMillis(40);
    static final double SILENCE_THRESHOLD = 0.003;
    /** Speech level aimed at: about -18 dBFS RMS over the voiced parts. */
    static final double TARGET_ACTIVE_RMS = 0.125;
    static final double PEAK_CEILING = 0.89;
    static final double MAX_GAIN = 6.0;
    /** Effects can raise the level past full scale inside MARY; this keeps headroom, the levelling restores loudness. */
    private static final String HEADROOM = "Volume(amount:0.5)";
    private static final String EXTRA_HEADROOM = "Volume(amount:0.25)";

    private final MaryEngine engine;
    private final String voice;
    private final String effects;
    private final LocalMaryInterface mary;
    private final int sampleRate;
    private final Lexicon lexicon;
    private final double rate;

    /** A voice that takes phonemes from the jar's lexicon ({@link Lexicon#defaults()}). */
    public MaryVoice(MaryEngine engine, String voice, String effects) throws VoiceException {
        this(engine, voice, effects, Lexicon.defaults());
    }

    /**
     * @param voice   an installed MARY voice, e.g. {@code cmu-slt-hsmm}
     * @param effects a MARY effects chain, empty for the plain voice
     * @param lexicon phonemes for the field's words; the same lexicon the text was normalised with
     * @throws VoiceException when the voice is not installed
     * @throws IllegalArgumentException when the effects chain is malformed
     */
    public MaryVoice(MaryEngine engine, String voice, String effects, Lexicon lexicon) throws VoiceException {
        this(engine, voice, effects, lexicon, 1.0);
    }

    /** As above, speaking at {@code rate} times the voice's own pace. */
    public MaryVoice(MaryEngine engine, String voice, String effects, Lexicon lexicon, double rate)
            throws VoiceException {
        if (rate < 0.5 || rate > 2.0) {
            throw new IllegalArgumentException("rate must be between 0.5 and 2.0: " + rate);
        }
        this.rate = rate;
        this.engine = engine;
        this.lexicon = lexicon;
        this.voice = voice;
        this.effects = MaryEngine.checkEffects(effects);
        if (!engine.voices().contains(voice)) {
            throw new VoiceException("MaryTTS voice '" + voice + "' is not installed; installed: " + engine.voices());
        }
        this.sampleRate = engine.sampleRateOf(voice);
        this.mary = engine.newInterface(voice, this.effects);
    }

    @Override
    public String name() {
        String paced = Math.abs(rate - 1.0) > 1e-6 ? String.format(java.util.Locale.ROOT, "@%.2fx", rate) : "";
        return (effects.isEmpty() ? voice : voice + "+" + effects) + paced;
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    @Override
    public Pcm speak(String text) throws VoiceException {
        return speak(Utterance.plain(text));
    }

    /** Says {@code utterance}, its emphasised parts higher and slower ({@link MaryXml#EMPHASIS}). */
    @Override
    public Pcm speak(Utterance utterance) throws VoiceException {
        List<List<MaryXml.Token>> chunks = pieces(utterance);
        PcmBuilder out = new PcmBuilder(sampleRate);
        VoiceException firstFailure = null;
        int failures = 0;
        for (List<MaryXml.Token> chunk : chunks) {
            Pcm piece;
            try {
                piece = synthesize(chunk);
            } catch (VoiceException e) {
                if (interruption(e)) {
                    // MARY turns the interrupt into a RuntimeException and clears the flag: a sentence
                    // left out now would end up in a segment recorded as whole. Stop, and say why.
                    Thread.currentThread().interrupt();
                    throw e;
                }
                failures++;
                firstFailure = firstFailure == null ? e : firstFailure;
                log.warn("voice {} could not say a {}-token sentence, left out: {}", name(), chunk.size(), e.getMessage());
                continue;
            }
            piece = piece.trimmed(SILENCE_THRESHOLD, EDGE_PAD);
            if (piece.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.appendSilence(SENTENCE_GAP);
            }
            out.append(piece);
        }
        if (out.length() == 0 && failures > 0) {
            throw new VoiceException("voice " + name() + " failed on all " + failures + " sentences: "
                    + firstFailure.getMessage(), firstFailure);
        }
        return level(out.build());
    }

    /** Whether {@code e} comes from this thread being interrupted (somewhere down its causes). */
    static boolean interruption(Throwable e) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException
                    || t instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    /** {@link #pieces(Utterance)} of plain text. */
    List<List<MaryXml.Token>> pieces(String text) {
        return pieces(Utterance.plain(text));
    }

    /**
     * The pieces {@link #speak} hands MARY, one TOKENS document each: sentences cut at
     * {@link #MAX_TOKENS_PER_CHUNK}, lexicon words with their phonemes, junk tokens left out.
     * An emphasised part stays inside the sentence around it (a title with a question mark in
     * it does not end the sentence that introduces it).
     */
    List<List<MaryXml.Token>> pieces(Utterance utterance) {
        List<List<MaryXml.Token>> sentences = new ArrayList<>();
        boolean open = false; // the last sentence runs on into the next part
        for (Utterance.Part part : utterance.parts()) {
            List<List<String>> split = Tokenizer.split(part.text());
            if (split.isEmpty()) {
                continue;
            }
            if (part.emphasised()) {
                split = List.of(split.stream().flatMap(List::stream).toList());
            }
            for (int k = 0; k < split.size(); k++) {
                List<MaryXml.Token> tokens = split.get(k).stream()
                        .filter(t -> t.length() <= MAX_TOKEN_CHARS)
                        .map(t -> token(t, part.emphasised()))
                        .toList();
                if (k == 0 && open && !sentences.isEmpty()) {
                    sentences.get(sentences.size() - 1).addAll(tokens);
                } else {
                    sentences.add(new ArrayList<>(tokens));
                }
            }
            open = part.emphasised() || !SENTENCE_END.matcher(part.text()).find();
        }
        List<List<MaryXml.Token>> chunks = new ArrayList<>();
        for (List<MaryXml.Token> sentence : sentences) {
            if (sentence.stream().anyMatch(t -> speakable(t.text()))) {
                chunks.addAll(chunks(sentence, MAX_TOKENS_PER_CHUNK, MaryXml.Token::text));
            }
        }
        return chunks;
    }

    private MaryXml.Token token(String text, boolean emphasised) {
        return new MaryXml.Token(text, lexicon.phonemesOf(text).orElse(null), emphasised);
    }

    private Pcm synthesize(List<MaryXml.Token> tokens) throws VoiceException {
        var doc = MaryXml.tokenDocument(List.of(tokens), rate);
        String chain = effects.isEmpty() ? "" : effects + "+" + HEADROOM;
        Pcm pcm = engine.synthesize(mary, chain, doc);
        if (clipped(pcm)) {
            // the chain still pushed past full scale: say it again, quieter
            pcm = engine.synthesize(mary, effects.isEmpty() ? EXTRA_HEADROOM : effects + "+" + EXTRA_HEADROOM, doc);
        }
        if (pcm.sampleRate() != sampleRate) {
            throw new VoiceException("MaryTTS returned " + pcm.sampleRate() + " Hz audio, expected " + sampleRate);
        }
        return pcm;
    }

    /** Gain toward the target speech level, capped by the peak ceiling and a maximum boost. */
    static Pcm level(Pcm pcm) {
        double active = pcm.activeRms(0.01);
        double peak = pcm.peak();
        if (active <= 0 || peak <= 0) {
            return pcm;
        }
        double gain = Math.min(Math.min(TARGET_ACTIVE_RMS / active, PEAK_CEILING / peak), MAX_GAIN);
        return Math.abs(gain - 1) < 0.02 ? pcm : pcm.withGain(gain);
    }

    /** Splits a long token list at the last comma-like mark before {@code max}, else hard at {@code max}. */
    static <T> List<List<T>> chunks(List<T> tokens, int max, Function<T, String> textOf) {
        List<List<T>> out = new ArrayList<>();
        int start = 0;
        while (tokens.size() - start > max) {
            int cut = -1;
            for (int i = start + max - 1; i > start + max / 3; i--) {
                String t = textOf.apply(tokens.get(i));
                if (t.equals(",") || t.equals(";") || t.equals(":")) {
                    cut = i + 1;
                    break;
                }
            }
            if (cut < 0) {
                cut = start + max;
            }
            out.add(List.copyOf(tokens.subList(start, cut)));
            start = cut;
        }
        if (start < tokens.size()) {
            out.add(List.copyOf(tokens.subList(start, tokens.size())));
        }
        return out;
    }

    private static boolean speakable(String token) {
        return token.codePoints().anyMatch(Character::isLetterOrDigit);
    }

    private static boolean clipped(Pcm pcm) {
        int n = 0;
        for (short s : pcm.samples()) {
            if (s >= Short.MAX_VALUE || s <= Short.MIN_VALUE + 1) {
                if (++n > 2) {
                    return true;
                }
            }
        }
        return false;
    }
}
