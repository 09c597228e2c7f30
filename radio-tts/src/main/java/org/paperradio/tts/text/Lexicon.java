package org.paperradio.tts.text;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paperradio.core.config.ConfigException;

/**
 * How the field's words are said: {@code config/lexicon.yaml}, keyed by the written form
 * ("LLaMA", "RLHF", "GPT-4o"), each entry either spelled letter by letter ({@code spell: true})
 * or read as a respelling ({@code say: lama}) that any speech backend can read as plain text,
 * optionally with {@code phonemes} in MaryTTS's en_US allophone notation (syllables split by
 * {@code -}, primary stress {@code '}), which {@link org.paperradio.tts.voice.MaryVoice} hands to
 * MARY for the respelled word so its letter-to-sound rules never guess.
 *
 * <p>A written form matches case-sensitively first; failing that, case-insensitively unless the
 * text has it all in lower case (so "LORA" and "Relu" are found, but the ordinary word "clip"
 * is not taken for the entry "CLIP"). Plurals and possessives ("LLMs", "GPU's") follow their
 * entry. Immutable and thread-safe.
 *
 * <p>Bad entries (unknown key, empty value, both {@code say} and {@code spell}, phonemes outside
 * the allophone set) fail loading with the file, line and entry.
 */
public final class Lexicon {

    /** The lexicon shipped in the jar, a copy of {@code config/lexicon.yaml}. */
    public static final String DEFAULT_RESOURCE = "/org/paperradio/tts/text/lexicon.yaml";

    /**
     * The phones of MaryTTS's en_US allophone set ({@code allophones.en_US.xml} in marytts-lang-en),
     * silence left out. A test compares this with the file in MARY's jar.
     */
    public static final Set<String> ALLOPHONES = Set.of(
            "A", "O", "u", "i", "{", "V", "E", "I", "U", "@", "r=", "aU", "OI", "@U", "EI", "AI",
            "p", "t", "k", "b", "d", "g", "tS", "dZ", "f", "v", "T", "D", "s", "z", "S", "Z", "h",
            "l", "m", "n", "N", "r", "w", "j");
    private static final Set<String> VOWELS = Set.of(
            "A", "O", "u", "i", "{", "V", "E", "I", "U", "@", "r=", "aU", "OI", "@U", "EI", "AI");
    private static final Set<String> VOICELESS = Set.of("p", "t", "k", "f", "T");
    private static final Set<String> SIBILANTS = Set.of("s", "z", "S", "Z", "tS", "dZ");

    static final int MAX_WRITTEN_CHARS = 40;
    static final int MAX_SAY_CHARS = 120;
    private static final int MAX_ENTRIES = 10_000;
    private static final Pattern WRITTEN = Pattern.compile("[\\p{L}\\p{Nd}](?:[\\p{L}\\p{Nd}.\\-+'&/]| (?! ))*");
    private static final Pattern SAY = Pattern.compile("[\\p{L}\\p{Nd}' .,\\-]+");
    private static final Pattern ONE_WORD = Pattern.compile("\\p{L}+");
    private static final Pattern SENTENCE_START_AFTER = Pattern.compile("^\\s{1,10}\\p{Lu}\\p{Ll}|^\\s*$|^\\s*\\n");

    private static final Lexicon EMPTY = new Lexicon(List.of());

    /** One written form and how to say it. */
    public record Entry(String written, String say, boolean spell, String phonemes, int line) {

        /** The plain text for this entry: the respelling, or the letters by name. */
        public String spoken() {
            return spell ? Acronyms.spell(written.toUpperCase(Locale.ROOT), false) : say;
        }

        String spoken(String suffix) {
            if (suffix.isEmpty()) {
                return spoken();
            }
            if (!suffix.equals("s")) {
                return spoken() + "'s"; // possessive
            }
            if (spell) {
                return Acronyms.spell(written.toUpperCase(Locale.ROOT), true);
            }
            return say + (say.matches("(?s).*(?:s|x|z|sh|ch)") ? "es" : "s");
        }
    }

    private final List<Entry> entries;
    private final Map<String, Entry> exact;
    private final Map<String, Entry> folded;
    private final Map<String, String> phonemesBySpoken;
    private final Pattern pattern;

    private Lexicon(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        Map<String, Entry> ex = new HashMap<>();
        Map<String, Entry> fo = new HashMap<>();
        Map<String, String> ph = new HashMap<>();
        for (Entry e : entries) {
            ex.put(e.written(), e);
            // the first entry (in file order) wins a case-insensitive tie: LLaMA before Llama
            fo.putIfAbsent(e.written().toLowerCase(Locale.ROOT), e);
            if (e.phonemes() != null) {
                String word = e.spoken().toLowerCase(Locale.ROOT);
                ph.put(word, e.phonemes());
                String plural = e.spoken("s").toLowerCase(Locale.ROOT);
                if (ONE_WORD.matcher(plural).matches()) {
                    ph.putIfAbsent(plural, pluralPhonemes(e.phonemes()));
                }
            }
        }
        this.exact = Map.copyOf(ex);
        this.folded = Map.copyOf(fo);
        this.phonemesBySpoken = Map.copyOf(ph);
        this.pattern = entries.isEmpty() ? null : compile(entries);
    }

    /** No entries: text is left as it is. */
    public static Lexicon empty() {
        return EMPTY;
    }

    /** The lexicon shipped in the jar ({@link #DEFAULT_RESOURCE}). */
    public static Lexicon defaults() {
        return Defaults.LEXICON;
    }

    /** Holder: the jar's lexicon is parsed once, on first use. */
    private static final class Defaults {
        static final Lexicon LEXICON = loadDefault();

        private static Lexicon loadDefault() {
            try (InputStream in = Lexicon.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + DEFAULT_RESOURCE + " is missing from the jar");
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "jar:" + DEFAULT_RESOURCE);
            } catch (IOException | ConfigException e) {
                throw new IllegalStateException("the built-in lexicon is broken: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Reads a lexicon file such as {@code config/lexicon.yaml}.
     *
     * @throws ConfigException naming the file, line and entry when the file is missing, not YAML or has a bad entry
     */
    public static Lexicon load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such lexicon file", e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses lexicon YAML: a top-level {@code words:} map from written form to an entry.
     *
     * @param origin names the text in messages (a file name)
     */
    public static Lexicon parse(String yaml, String origin) throws ConfigException {
        if (yaml.isBlank()) {
            return EMPTY;
        }
        try (JsonParser p = new YAMLFactory().createParser(yaml)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return EMPTY;
            }
            if (t != JsonToken.START_OBJECT) {
                throw bad(origin, p, "expected a map with the key 'words'");
            }
            List<Entry> entries = new ArrayList<>();
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (!key.equals("words")) {
                    throw bad(origin, p, "unknown key '" + key + "' (expected: words)");
                }
                JsonToken v = p.nextToken();
                if (v == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (v != JsonToken.START_OBJECT) {
                    throw bad(origin, p, "'words' must be a map from written form to {say: ..} or {spell: true}");
                }
                readWords(p, origin, entries);
            }
            return new Lexicon(entries);
        } catch (JsonProcessingException e) {
            throw new ConfigException(where(origin, e.getLocation()) + "not valid YAML: " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new ConfigException(origin + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static void readWords(JsonParser p, String origin, List<Entry> entries) throws IOException, ConfigException {
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Entry> bySpoken = new HashMap<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String written = p.currentName().strip();
            int line = p.currentLocation().getLineNr();
            String where = origin + ":" + line + ": entry '" + written + "': ";
            if (entries.size() >= MAX_ENTRIES) {
                throw new ConfigException(where + "more than " + MAX_ENTRIES + " entries", null);
            }
            if (written.length() > MAX_WRITTEN_CHARS || !WRITTEN.matcher(written).matches()) {
                throw new ConfigException(where + "a written form is 1 to " + MAX_WRITTEN_CHARS
                        + " characters starting with a letter or digit (letters, digits, . - + ' & / and single spaces)", null);
            }
            Integer before = seen.put(written, line);
            if (before != null) {
                throw new ConfigException(where + "listed twice (also on line " + before + ")", null);
            }
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ConfigException(where + "must be a map such as {say: lama} or {spell: true}", null);
            }
            String say = null;
            Boolean spell = null;
            String phonemes = null;
            Set<String> keys = new java.util.HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String k = p.currentName();
                if (!keys.add(k)) {
                    throw new ConfigException(where + "'" + k + "' is given twice", null);
                }
                JsonToken v = p.nextToken();
                switch (k) {
                    case "say" -> say = scalar(p, v, where, k);
                    case "phonemes" -> phonemes = scalar(p, v, where, k);
                    case "spell" -> {
                        if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) {
                            throw new ConfigException(where + "'spell' must be true or false", null);
                        }
                        spell = v == JsonToken.VALUE_TRUE;
                    }
                    default -> throw new ConfigException(where + "unknown key '" + k + "' (expected: say, spell, phonemes)", null);
                }
            }
            Entry e = entry(written, say, spell, phonemes, line, where);
            if (e.phonemes() != null) {
                String spoken = e.spoken().toLowerCase(Locale.ROOT);
                Entry other = bySpoken.get(spoken);
                if (other != null && !other.phonemes().equals(e.phonemes())) {
                    throw new ConfigException(where + "says '" + spoken + "' like entry '" + other.written()
                            + "' (line " + other.line() + ") but with other phonemes", null);
                }
                bySpoken.put(spoken, e);
            }
            entries.add(e);
        }
        if (t != JsonToken.END_OBJECT) {
            throw bad(origin, p, "expected an entry");
        }
    }

    private static String scalar(JsonParser p, JsonToken v, String where, String key) throws IOException, ConfigException {
        if (v == null || !v.isScalarValue() || v == JsonToken.VALUE_NULL) {
            throw new ConfigException(where + "'" + key + "' must be text, not empty", null);
        }
        String s = p.getText().strip().replaceAll("\\s+", " ");
        if (s.isEmpty()) {
            throw new ConfigException(where + "'" + key + "' must not be empty", null);
        }
        return s;
    }

    private static Entry entry(String written, String say, Boolean spell, String phonemes, int line, String where)
            throws ConfigException {
        boolean spelled = Boolean.TRUE.equals(spell);
        if (say != null && spelled) {
            throw new ConfigException(where + "has both 'say' and 'spell: true'; choose one", null);
        }
        if (say == null && !spelled) {
            throw new ConfigException(where + "needs 'say: <respelling>' or 'spell: true'", null);
        }
        if (say != null && (say.length() > MAX_SAY_CHARS || !SAY.matcher(say).matches())) {
            throw new ConfigException(where + "'say' must be plain words (letters, digits, ' . , -), at most "
                    + MAX_SAY_CHARS + " characters", null);
        }
        if (spelled && written.codePoints().noneMatch(Character::isLetter)) {
            throw new ConfigException(where + "has no letters to spell", null);
        }
        if (phonemes != null) {
            if (spelled) {
                throw new ConfigException(where + "'phonemes' go with 'say', not with 'spell' (letter names are read right)", null);
            }
            if (!ONE_WORD.matcher(say).matches()) {
                throw new ConfigException(where + "'phonemes' need a 'say' of one word (letters only), not '" + say + "'", null);
            }
            String problem = checkPhonemes(phonemes);
            if (problem != null) {
                throw new ConfigException(where + "phonemes '" + phonemes + "': " + problem, null);
            }
        }
        return new Entry(written, say, spelled, phonemes, line);
    }

    /** Null when {@code ph} is valid en_US allophone notation, else what is wrong. */
    static String checkPhonemes(String ph) {
        String[] syllables = ph.strip().split("\\s*-\\s*", -1);
        int primary = 0;
        for (String syl : syllables) {
            boolean vowel = false;
            for (String tok : syl.strip().split("\\s+")) {
                String phone = tok;
                while (phone.startsWith("'") || phone.startsWith(",")) {
                    if (phone.startsWith("'")) {
                        primary++;
                    }
                    phone = phone.substring(1);
                }
                if (phone.isEmpty()) {
                    continue;
                }
                if (!ALLOPHONES.contains(phone)) {
                    return "'" + phone + "' is not an en_US allophone (known: " + String.join(" ", sorted(ALLOPHONES)) + ")";
                }
                vowel |= VOWELS.contains(phone);
            }
            if (!vowel) {
                return "syllable '" + syl.strip() + "' has no vowel";
            }
        }
        if (primary != 1) {
            return "needs exactly one primary stress mark ' (has " + primary + ")";
        }
        return null;
    }

    private static List<String> sorted(Set<String> s) {
        List<String> l = new ArrayList<>(s);
        l.sort(Comparator.naturalOrder());
        return l;
    }

    /** The phonemes with a plural ending: /s/ after a voiceless sound, /@z/ after a sibilant, else /z/. */
    static String pluralPhonemes(String ph) {
        String[] tokens = ph.strip().split("\\s+");
        String last = tokens[tokens.length - 1].replace("'", "").replace(",", "");
        if (SIBILANTS.contains(last)) {
            return ph.strip() + " - @ z";
        }
        return ph.strip() + (VOICELESS.contains(last) ? " s" : " z");
    }

    private static ConfigException bad(String origin, JsonParser p, String why) {
        return new ConfigException(where(origin, p.currentLocation()) + why, null);
    }

    private static String where(String origin, JsonLocation loc) {
        return loc == null || loc.getLineNr() < 1 ? origin + ": " : origin + ":" + loc.getLineNr() + ": ";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static Pattern compile(List<Entry> entries) {
        List<String> keys = new ArrayList<>();
        entries.forEach(e -> keys.add(e.written()));
        // longest first, so "GPT-4o" wins over "GPT" and "QLoRA" is not read as Q + "LoRA"
        keys.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        StringBuilder alt = new StringBuilder();
        for (String k : keys) {
            if (!alt.isEmpty()) {
                alt.append('|');
            }
            alt.append(Pattern.quote(k));
        }
        return Pattern.compile("(?<![\\p{L}\\p{Nd}])(" + alt + ")((?:['’]s|s)(?![\\p{L}\\p{Nd}]))?(?![\\p{L}\\p{Nd}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** The entries in file order. */
    public List<Entry> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The entry for a written form as it appears in text (see the class comment for case rules). */
    public Optional<Entry> lookup(String written) {
        if (written == null) {
            return Optional.empty();
        }
        Entry e = exact.get(written);
        if (e != null) {
            return Optional.of(e);
        }
        if (written.equals(written.toLowerCase(Locale.ROOT))) {
            return Optional.empty(); // lower case is an ordinary word ("clip"), unless listed so
        }
        return Optional.ofNullable(folded.get(written.toLowerCase(Locale.ROOT)));
    }

    /**
     * The phonemes for a word as the normaliser writes it ("lama", "lamas"), matched
     * case-insensitively, or empty when the lexicon gives none.
     */
    public Optional<String> phonemesOf(String spokenWord) {
        if (spokenWord == null || phonemesBySpoken.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(phonemesBySpoken.get(spokenWord.toLowerCase(Locale.ROOT)));
    }

    /** How a written form in text is said (its respelling or its letters), or empty when not listed. */
    public Optional<String> spoken(String written) {
        return lookup(written).map(Entry::spoken);
    }

    /**
     * Replaces every listed written form in {@code text} (with a plural or possessive ending) by
     * how it is said. An entry ending in a dot ("et al.") keeps a full stop when a new sentence
     * follows. Never throws.
     */
    String apply(String text) {
        if (pattern == null || text == null || text.isEmpty()) {
            return text == null ? "" : text;
        }
        Matcher m = pattern.matcher(text);
        StringBuilder sb = null;
        int last = 0;
        while (m.find()) {
            String core = m.group(1);
            String suffix = m.group(2) == null ? "" : m.group(2);
            Optional<Entry> e = lookup(core);
            if (e.isEmpty() && !suffix.isEmpty()) {
                // "FLOPs" is its own entry, not "FLOP" plus s; and "GANs" may be "GAN" plus s
                e = lookup(core + suffix);
                if (e.isPresent()) {
                    suffix = "";
                }
            }
            if (e.isEmpty()) {
                continue;
            }
            if (suffix.length() > 1 || suffix.isEmpty()) {
                suffix = suffix.isEmpty() ? "" : "'s";
            }
            if (sb == null) {
                sb = new StringBuilder(text.length() + 32);
            }
            sb.append(text, last, m.start());
            String spoken = e.get().spoken(suffix);
            if (core.endsWith(".") && endsSentence(text, m.end())) {
                spoken += ".";
            }
            sb.append(spoken);
            last = m.end();
        }
        if (sb == null) {
            return text;
        }
        sb.append(text, last, text.length());
        return sb.toString();
    }

    private static boolean endsSentence(String whole, int end) {
        CharSequence after = whole.subSequence(end, Math.min(whole.length(), end + 12));
        return SENTENCE_START_AFTER.matcher(after).find();
    }
}
