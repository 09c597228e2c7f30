package org.paperradio.tts.text;

import java.nio.file.Path;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paperradio.core.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the text of a script line (written by a language model or cut from a paper) into what a
 * host should say: arXiv ids, citations, LaTeX leftovers, maths symbols, links, abbreviations,
 * percentages, ranges, units and acronyms become words a speech engine reads well. The field's
 * words ("LLaMA", "RLHF", "GPT-4o") are read as the {@link Lexicon} says: spelled, or respelled
 * in plain words that any speech backend reads. Numbers are left as digits: MaryTTS expands those
 * itself (years, decimals, thousands separators, ordinals).
 *
 * <p>Total on purpose: any input, however broken or hostile, gives a string and never an
 * exception. Patterns are bounded so that a 10,000-character token cannot make them explode,
 * and very long tokens (hashes, base64, run-together junk) are dropped. Thread-safe.
 */
public final class SpeechNormalizer {

    private static final Logger log = LoggerFactory.getLogger(SpeechNormalizer.class);

    /** Longer input is cut (a script line is a few sentences; this is a safety net). */
    public static final int MAX_INPUT_CHARS = 20_000;
    /** A token longer than this after all rules is not speakable. */
    static final int MAX_TOKEN_CHARS = 40;

    private static final Map<String, String> LATEX_WORDS = latexWords();
    private static final Map<Integer, String> SYMBOL_WORDS = symbolWords();

    // --- links ---
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9._%+\\-]{1,64}@[A-Za-z0-9\\-]{1,63}(?:\\.[A-Za-z0-9\\-]{1,63}){1,8}");
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:(?:https?|ftp)://|www\\.)[^\\s<>\"'()\\[\\]{}]{1,2000}");
    private static final Pattern BARE_DOMAIN = Pattern.compile(
            "(?i)(?<![\\w@.\\-])((?:[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?\\.){1,5}"
                    + "(?:com|org|net|io|ai|edu|gov|dev|co|app|info|me|uk|de|fr|cn|jp|ch|nl|ca|eu))"
                    + "(?![\\w\\-])(/[^\\s<>\"'()\\[\\]{}]{0,2000})?");
    // --- arXiv ---
    private static final Pattern ARXIV_NEW = Pattern.compile(
            "(?i)(arxiv\\s{0,3}:?\\s{0,3})?(?<![\\d.])(\\d{2}(?:0[1-9]|1[0-2]))\\.(\\d{4,5})(?:v(\\d{1,3}))?(?![\\d]|\\.\\d)");
    private static final Pattern ARXIV_OLD = Pattern.compile(
            "(?i)(arxiv\\s{0,3}:?\\s{0,3})?\\b([a-z]{2,8}(?:-[a-z]{2,5})?(?:\\.[A-Z]{2})?)/(\\d{7})(?:v(\\d{1,3}))?\\b");
    private static final Pattern ARXIV_WORD = Pattern.compile("(?i)\\barxiv\\b");
    // --- citations ---
    private static final Pattern NUMERIC_CITATION = Pattern.compile(
            "\\s?\\[\\s{0,3}\\d{1,4}(?:\\s{0,3}[,\u2013\\-]\\s{0,3}\\d{1,4}){0,30}\\s{0,3}]");
    private static final Pattern BRACKETED = Pattern.compile("\\s?[(\\[]([^()\\[\\]]{1,300})[)\\]]");
    private static final Pattern YEAR = Pattern.compile("\\b(?:19|20)\\d{2}[a-z]?\\b");
    private static final Pattern AUTHOR_YEAR = Pattern.compile(
            "(?:(?:e\\.g\\.|see|cf\\.)[,]?\\s{1,3})?\\p{Lu}[\\p{L}'\\-]{1,40}(?:\\s{1,3}(?:et\\s{1,3}al\\.?|and|&)"
                    + "(?:\\s{1,3}\\p{Lu}[\\p{L}'\\-]{1,40})?)?,?\\s{1,3}(?:19|20)\\d{2}[a-z]?"
                    + "(?:\\s{0,3}[;,]\\s{0,3}.{0,200})?");
    // --- LaTeX ---
    private static final Pattern TEX_REF = Pattern.compile(
            "~?\\\\(?:cite[a-zA-Z]{0,10}|ref|eqref|autoref|cref|Cref|pageref|label|nocite)\\*?(?:\\[[^\\]]{0,200}])"
                    + "{0,2}\\{[^{}]{0,500}}");
    private static final Pattern TEX_FRAC = Pattern.compile("\\\\[dt]?frac\\s{0,3}\\{([^{}]{0,200})}\\s{0,3}\\{([^{}]{0,200})}");
    private static final Pattern TEX_SQRT = Pattern.compile("\\\\sqrt\\s{0,3}(?:\\[[^\\]]{0,20}])?\\{([^{}]{0,200})}");
    private static final Pattern TEX_ACCENT = Pattern.compile("\\\\(hat|bar|tilde|dot|ddot|widehat|widetilde|overline|vec)\\s{0,3}\\{([^{}]{0,200})}");
    private static final Pattern TEX_WRAPPER = Pattern.compile(
            "\\\\(?:math[a-z]{1,4}|text[a-z]{0,4}|emph|operatorname\\*?|boldsymbol|bm|mbox|hbox|underline|"
                    + "footnote|url|href\\{[^{}]{0,500}}|section\\*?|subsection\\*?|paragraph|textsc|mathds)\\s{0,3}\\{([^{}]{0,500})}");
    private static final Pattern TEX_SUPER_GROUP = Pattern.compile("\\^\\s{0,3}\\{([^{}]{0,100})}");
    private static final Pattern TEX_SUPER = Pattern.compile("\\^\\s{0,3}([\\-−]?[\\p{L}\\p{Nd}]|\\\\top|\\\\prime)");
    private static final Pattern TEX_BIG_OPERATOR = Pattern.compile(
            "\\\\(sum|prod|min|max|argmin|argmax)\\s{0,3}_\\s{0,3}(\\{[^{}]{0,100}}|[\\p{L}\\p{Nd}])(\\s{0,3}\\^\\s{0,3}(?:\\{[^{}]{0,100}}|[\\p{L}\\p{Nd}]))?");
    private static final Pattern TEX_SUB_GROUP = Pattern.compile("_\\s{0,3}\\{([^{}]{0,100})}");
    private static final Pattern TEX_SUB = Pattern.compile("(?<=[\\p{L}\\p{Nd})])_(?=[\\p{L}\\p{Nd}])");
    private static final Pattern TEX_COMMAND = Pattern.compile("\\\\([a-zA-Z]{1,30})\\*?");
    private static final Pattern TEX_ESCAPE = Pattern.compile("\\\\([%&_$#{}])");
    // --- abbreviations and numbers ---
    private static final Pattern ET_AL = Pattern.compile("\\bet\\s{1,3}al\\.?(,?)");
    private static final Pattern SENTENCE_START_AFTER = Pattern.compile("^\\s{1,10}\\p{Lu}\\p{Ll}|^\\s*$|^\\s*\\n");
    private static final Pattern ETC = Pattern.compile("\\betc\\.?");
    private static final Pattern RANGE = Pattern.compile(
            "(?<![\\d.,\\-–])(\\d{1,9}(?:\\.\\d{1,9})?)(\\s{0,2}%)?\\s{0,2}[\u2013\u2014\\-]\\s{0,2}(\\d{1,9}(?:\\.\\d{1,9})?)(?![\\d\\-–]|\\.\\d)(\\s{0,2}%)?");
    /**
     * Units after a number: {unit, plural reading, singular reading}. Case matters ("mb" is not
     * "MB"); one-letter units (W, h, s) are left out, as in papers they are mostly variables.
     */
    private static final String[][] UNITS = {
        {"ms", "milliseconds", "millisecond"}, {"µs", "microseconds", "microsecond"}, {"μs", "microseconds", "microsecond"},
        {"ns", "nanoseconds", "nanosecond"}, {"sec", "seconds", "second"}, {"min", "minutes", "minute"},
        {"hrs", "hours", "hour"},
        {"KB", "kilobytes", "kilobyte"}, {"kB", "kilobytes", "kilobyte"}, {"MB", "megabytes", "megabyte"},
        {"GB", "gigabytes", "gigabyte"}, {"TB", "terabytes", "terabyte"}, {"PB", "petabytes", "petabyte"},
        {"KiB", "kibibytes", "kibibyte"}, {"MiB", "mebibytes", "mebibyte"}, {"GiB", "gibibytes", "gibibyte"},
        {"TiB", "tebibytes", "tebibyte"}, {"Gbps", "gigabits per second", "gigabit per second"},
        {"Mbps", "megabits per second", "megabit per second"},
        {"Hz", "hertz", "hertz"}, {"kHz", "kilohertz", "kilohertz"}, {"MHz", "megahertz", "megahertz"},
        {"GHz", "gigahertz", "gigahertz"}, {"dB", "decibels", "decibel"}, {"fps", "frames per second", "frame per second"},
        {"FPS", "frames per second", "frame per second"}, {"kWh", "kilowatt hours", "kilowatt hour"},
        {"kW", "kilowatts", "kilowatt"},
        {"kg", "kilograms", "kilogram"}, {"km", "kilometres", "kilometre"}, {"cm", "centimetres", "centimetre"},
        {"mm", "millimetres", "millimetre"}, {"nm", "nanometres", "nanometre"},
        {"TFLOPs", "teraflops", "teraflop"}, {"TFLOPS", "teraflops", "teraflop"}, {"PFLOPs", "petaflops", "petaflop"},
        {"PFLOPS", "petaflops", "petaflop"}, {"GFLOPs", "gigaflops", "gigaflop"}, {"GFLOPS", "gigaflops", "gigaflop"},
        {"tok/s", "tokens per second", "token per second"}, {"it/s", "iterations per second", "iteration per second"},
    };
    private static final Map<String, String[]> UNIT_WORDS = unitWords();
    private static final Pattern UNIT = unitPattern();
    private static final Pattern PLUS_MINUS = Pattern.compile("\\+\\s{0,2}/\\s{0,2}-|\\+-(?=\\s{0,2}\\d)");
    private static final Pattern PERCENT = Pattern.compile("(\\d)\\s{0,2}%");
    private static final Pattern SCALE = Pattern.compile("(?<![\\w.])(\\d{1,6}(?:\\.\\d{1,3})?)([KkMBT])\\b");
    private static final Pattern TIMES = Pattern.compile("(?<![\\w.])(\\d{1,9}(?:\\.\\d{1,9})?)\\s?[x×](?![\\p{L}\\p{Nd}])");
    private static final Pattern SCIENTIFIC = Pattern.compile("(?<![\\w.])(\\d{1,9}(?:\\.\\d{1,9})?)[eE]([+\\-−]?)(\\d{1,3})\\b");
    private static final Pattern NEGATIVE = Pattern.compile("(?<![\\p{L}\\p{Nd})\\]])[\\-−](?=\\d)");
    private static final Pattern FRACTION = Pattern.compile("(?<=\\d)\\s{0,2}/\\s{0,2}(?=\\d)");
    private static final Pattern WORD_SLASH = Pattern.compile("(?<=\\p{L})/(?=\\p{L})");
    private static final Pattern RATIO = Pattern.compile("(?<![\\d:.])(\\d{1,4}):(\\d)(?![\\d:])");
    private static final Pattern AT_BETWEEN_WORDS = Pattern.compile("(?<=[\\p{L}\\p{Nd}])\\s{0,2}@\\s{0,2}(?=[\\p{L}\\p{Nd}])");
    private static final Pattern OPERATOR = Pattern.compile(
            "(?<=[\\p{L}\\p{Nd})]\\s{0,2})(<=|>=|!=|<|>|=|\\+)(?=\\s{0,2}[\\p{L}\\p{Nd}(])");
    private static final Pattern AMPERSAND = Pattern.compile("(?<=[\\p{L}\\p{Nd}]\\s{0,2})&(?=\\s{0,2}[\\p{L}\\p{Nd}])");
    private static final Pattern HASH_NUMBER = Pattern.compile("#\\s{0,2}(?=\\d)");
    private static final Pattern APPROX_TILDE = Pattern.compile("(?<![\\p{L}\\p{Nd}])~\\s{0,2}(?=\\d)");
    private static final Pattern VERSION = Pattern.compile("(?<![\\w.])v(\\d{1,3}(?:\\.\\d{1,3}){0,2})\\b");
    private static final Pattern HYPHEN_NUMBER = Pattern.compile("(?<=\\p{L})-(?=\\d)");
    private static final Pattern PDF_HYPHENATION = Pattern.compile("(\\p{Ll})-\\s{0,2}\\n\\s{0,2}(\\p{Ll})");
    private static final Pattern MARKDOWN = Pattern.compile("(\\*{1,3}|_{2,3}|`{1,3}|^#{1,6}\\s)", Pattern.MULTILINE);
    private static final Pattern LONG_TOKEN = Pattern.compile("\\S{" + (MAX_TOKEN_CHARS + 1) + ",}");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{Nd}][\\p{L}\\p{Nd}'’]*");
    private static final Pattern UNSPEAKABLE = Pattern.compile("[^\\p{L}\\p{Nd}\\s.,;:!?'\\-]");
    private static final Pattern STRAY_HYPHEN = Pattern.compile("(?<![\\p{L}\\p{Nd}])-+|-+(?![\\p{L}\\p{Nd}])");
    private static final Pattern STRAY_APOSTROPHE = Pattern.compile("(?<![\\p{L}])'|'(?![\\p{L}])");
    private static final Pattern STRAY_COLON = Pattern.compile("(?<!\\d):|:(?!\\d)");

    /** Abbreviations that never end a sentence: the dot goes with them. Order matters (longest first). */
    private static final List<Rule> ABBREVIATIONS = List.of(
            new Rule("(?<![\\p{L}.])w\\.\\s?r\\.\\s?t\\.", "with respect to"),
            new Rule("(?<![\\p{L}.])a\\.\\s?k\\.\\s?a\\.", "also known as"),
            new Rule("(?<![\\p{L}.])e\\.\\s?g\\.", "for example"),
            new Rule("(?<![\\p{L}.])i\\.\\s?e\\.", "that is"),
            new Rule("(?<![\\p{L}.])[Cc]f\\.", "compare"),
            new Rule("(?<![\\p{L}.])viz\\.", "namely"),
            new Rule("(?<![\\p{L}.])vs\\.?(?=\\s)", "versus"),
            new Rule("(?<![\\p{L}.])approx\\.", "approximately"),
            new Rule("(?<![\\p{L}.])resp\\.", "respectively"),
            new Rule("(?<![\\p{L}.])[Ff]igs\\.", "Figures"),
            new Rule("(?<![\\p{L}.])[Ff]ig\\.", "Figure"),
            new Rule("(?<![\\p{L}.])Fig(?=\\s{0,2}~?\\d)", "Figure"),
            new Rule("(?<![\\p{L}.])[Ee]qs\\.", "Equations"),
            new Rule("(?<![\\p{L}.])[Ee]qn?\\.", "Equation"),
            new Rule("(?<![\\p{L}.])Secs\\.", "Sections"),
            new Rule("(?<![\\p{L}.])Sect?\\.", "Section"),
            new Rule("(?<![\\p{L}.])Tab\\.", "Table"),
            new Rule("(?<![\\p{L}.])Refs\\.", "References"),
            new Rule("(?<![\\p{L}.])Ref\\.", "Reference"),
            new Rule("(?<![\\p{L}.])Thm\\.", "Theorem"),
            new Rule("(?<![\\p{L}.])Lem\\.", "Lemma"),
            new Rule("(?<![\\p{L}.])Def\\.", "Definition"),
            new Rule("(?<![\\p{L}.])Prop\\.", "Proposition"),
            new Rule("(?<![\\p{L}.])Alg\\.", "Algorithm"),
            new Rule("(?<![\\p{L}.])Appx?\\.", "Appendix"),
            new Rule("(?<![\\p{L}.])Ch\\.", "Chapter"),
            new Rule("(?<![\\p{L}.])Dr\\.", "Doctor"),
            new Rule("(?<![\\p{L}.])Prof\\.", "Professor"),
            new Rule("(?<![\\p{L}.])Mr\\.", "Mister"),
            new Rule("(?<![\\p{L}.])Mrs\\.", "Missus"),
            new Rule("(?<![\\p{L}.])Jr\\.", "Junior"),
            new Rule("(?<![\\p{L}.])[Nn]o\\.(?=\\s{0,2}\\d)", "number"),
            new Rule("(?<![\\p{L}.])[Vv]ol\\.(?=\\s{0,2}\\d)", "volume"),
            new Rule("(?<![\\p{L}.])pp\\.(?=\\s{0,2}\\d)", "pages"),
            new Rule("(?<![\\p{L}.])p\\.(?=\\s{0,2}\\d)", "page"),
            new Rule("(?<![\\p{L}.])ca\\.(?=\\s{0,2}\\d)", "about"));

    private final Acronyms acronyms;
    private final Lexicon lexicon;
    private final String arxivWord;

    /** With the lexicon shipped in the jar ({@link Lexicon#defaults()}). */
    public SpeechNormalizer() {
        this(Lexicon.defaults());
    }

    /** With the field's words read as {@code lexicon} says (e.g. {@code config/lexicon.yaml}). */
    public SpeechNormalizer(Lexicon lexicon) {
        this(lexicon, Map.of());
    }

    /**
     * With the lexicon in {@code lexiconFile}.
     *
     * @throws ConfigException naming the file, line and entry when the lexicon is bad
     */
    public SpeechNormalizer(Path lexiconFile) throws ConfigException {
        this(Lexicon.load(lexiconFile));
    }

    /**
     * The jar's lexicon plus extra readings for all-capitals words.
     *
     * @param readings e.g. {@code "GPU" -> "gee pee you"} or {@code "SIGIR" -> "sig eye ar"} (keys are matched upper-case)
     */
    public SpeechNormalizer(Map<String, String> readings) {
        this(Lexicon.defaults(), readings);
    }

    private SpeechNormalizer(Lexicon lexicon, Map<String, String> readings) {
        this.lexicon = lexicon;
        this.acronyms = new Acronyms(readings);
        this.arxivWord = lexicon.spoken("arXiv").orElse("archive");
    }

    /** The lexicon this normaliser reads the field's words with (a voice may want its phonemes). */
    public Lexicon lexicon() {
        return lexicon;
    }

    /** What a host should say for {@code text}; empty when nothing in it is speakable. Never throws. */
    public String normalize(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        try {
            return run(text);
        } catch (RuntimeException | StackOverflowError e) {
            // a rule misbehaved on this input: fall back to plain words rather than lose the line
            log.warn("speech normaliser fell back to plain words for a {}-char text: {}", text.length(), e.toString());
            try {
                return fallback(text);
            } catch (RuntimeException | StackOverflowError e2) {
                return "";
            }
        }
    }

    private String run(String input) {
        String s = input.length() > MAX_INPUT_CHARS ? cutAtSpace(input, MAX_INPUT_CHARS) : input;
        s = clean(s);
        s = PDF_HYPHENATION.matcher(s).replaceAll("$1$2");
        s = MARKDOWN.matcher(s).replaceAll(" ");
        s = replace(s, EMAIL, m -> " an email address ");
        s = replace(s, URL, m -> link(m.group()));
        s = replace(s, BARE_DOMAIN, m -> link(m.group()));
        s = arxiv(s, arxivWord);
        s = latex(s);
        s = LONG_TOKEN.matcher(s).replaceAll(m -> Matcher.quoteReplacement(splitLongToken(m.group())));
        s = citations(s);
        s = lexicon.apply(s);
        s = units(s);
        s = symbols(s);
        s = abbreviations(s);
        s = numbers(s);
        s = words(s);
        s = punctuation(s);
        return s;
    }

    // ---------------------------------------------------------------- cleaning

    /** Drops what no rule should ever see: broken surrogates, controls, zero-width marks, accents. */
    private static String clean(String in) {
        StringBuilder sb = new StringBuilder(in.length());
        in.codePoints().forEach(cp -> {
            if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
                return; // a lone surrogate half
            }
            switch (cp) {
                case '²' -> sb.append("^2");
                case '³' -> sb.append("^3");
                case '\u00AD', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '™', '℠', '®', '©' -> { }
                case '⁄' -> sb.append('/');
                case '½' -> sb.append(" one half ");
                case '¼' -> sb.append(" one quarter ");
                case '¾' -> sb.append(" three quarters ");
                case '\n' -> sb.append('\n');
                case '\r' -> { }
                default -> {
                    if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
                            || Character.getType(cp) == Character.PRIVATE_USE || Character.getType(cp) == Character.UNASSIGNED) {
                        sb.append(' ');
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        });
        // NFKC folds ligatures (the "fi" of PDF text), full-width forms and the like; NFD then
        // lets accents go, since the English voice has no rules for them
        String s = Normalizer.normalize(sb, Normalizer.Form.NFKC);
        s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("(?<=\\p{IsLatin})\\p{M}+", "");
        return Normalizer.normalize(s, Normalizer.Form.NFC);
    }

    private static String fallback(String in) {
        String s = in.length() > MAX_INPUT_CHARS ? in.substring(0, MAX_INPUT_CHARS) : in;
        StringBuilder sb = new StringBuilder();
        for (String tok : s.split("\\s+")) {
            String t = tok.replaceAll("[^\\p{IsLatin}\\p{Nd}.,;:!?']", "");
            if (!t.isEmpty() && t.length() <= MAX_TOKEN_CHARS) {
                sb.append(t).append(' ');
            }
        }
        return sb.toString().strip();
    }

    // ---------------------------------------------------------------- links and ids

    private static String link(String raw) {
        // trailing sentence punctuation is not part of the link
        String url = raw;
        String tail = "";
        while (!url.isEmpty() && ".,;:!?)]}'\"".indexOf(url.charAt(url.length() - 1)) >= 0) {
            tail = url.charAt(url.length() - 1) + tail;
            url = url.substring(0, url.length() - 1);
        }
        String host = url.replaceFirst("(?i)^(?:https?|ftp)://", "");
        int cut = indexOfAny(host, "/?#:");
        if (cut >= 0) {
            host = host.substring(0, cut);
        }
        host = host.toLowerCase(Locale.ROOT).replaceFirst("^www\\.", "");
        if (host.contains("@")) {
            host = host.substring(host.lastIndexOf('@') + 1);
        }
        String spoken;
        if (host.isEmpty() || host.length() > 60 || !host.matches("[a-z0-9.\\-]+")) {
            spoken = " a link ";
        } else {
            spoken = " a link on " + String.join(" dot ", host.replace('-', ' ').split("\\.")) + " ";
        }
        return spoken + tail;
    }

    private static String arxiv(String s, String arxivWord) {
        String out = replace(s, ARXIV_NEW, (Matcher m, String whole) -> {
            // say "arXiv" once: keep an explicit prefix, add it to a bare id unless the text just said it
            boolean sayArxiv = m.group(1) != null || !mentionsArxivBefore(m, whole);
            StringBuilder sb = new StringBuilder(" ");
            if (sayArxiv) {
                sb.append(arxivWord).append(' ');
            }
            sb.append(m.group(2)).append(" dot ").append(digits(m.group(3)));
            if (m.group(4) != null) {
                sb.append(", version ").append(Integer.parseInt(m.group(4)));
            }
            return sb.append(' ').toString();
        });
        out = replace(out, ARXIV_OLD, (Matcher m, String whole) -> {
            if (m.group(1) == null && !mentionsArxivBefore(m, whole)) {
                return m.group();
            }
            StringBuilder sb = new StringBuilder(" ").append(arxivWord).append(' ');
            sb.append(m.group(2).replace('-', ' ').replace('.', ' ')).append(' ').append(digits(m.group(3)));
            if (m.group(4) != null) {
                sb.append(", version ").append(Integer.parseInt(m.group(4)));
            }
            return sb.append(' ').toString();
        });
        return ARXIV_WORD.matcher(out).replaceAll(Matcher.quoteReplacement(arxivWord));
    }

    private static boolean mentionsArxivBefore(Matcher m, String whole) {
        // "on arXiv as 2501.10120": the word is already there, do not say it twice
        String before = whole.substring(Math.max(0, m.start() - 20), m.start()).toLowerCase(Locale.ROOT);
        return before.contains("arxiv") || before.contains("archive");
    }

    /** Digits read one by one, zero as "oh" (how ids are read aloud). */
    private static String digits(String ds) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ds.length(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            char c = ds.charAt(i);
            sb.append(c == '0' ? "oh" : String.valueOf(c));
        }
        return sb.toString();
    }

    private static String splitLongToken(String token) {
        StringBuilder sb = new StringBuilder(" ");
        for (String part : token.split("[\\-_/.:=,;|\\\\]+")) {
            if (part.length() <= MAX_TOKEN_CHARS) {
                sb.append(part).append(' ');
            }
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- LaTeX

    private static String latex(String in) {
        if (in.indexOf('\\') < 0 && in.indexOf('$') < 0 && in.indexOf('^') < 0 && in.indexOf('_') < 0
                && in.indexOf('{') < 0 && in.indexOf('~') < 0) {
            return in;
        }
        String s = TEX_REF.matcher(in).replaceAll("");
        s = TEX_ESCAPE.matcher(s).replaceAll(m -> switch (m.group(1)) {
            case "%" -> " percent ";
            case "&" -> " and ";
            case "$" -> " dollars ";
            case "#" -> " number ";
            default -> " ";
        });
        s = TEX_BIG_OPERATOR.matcher(s).replaceAll(m -> {
            String under = m.group(2).replace("{", "").replace("}", "");
            String op = switch (m.group(1)) {
                case "sum" -> " the sum over ";
                case "prod" -> " the product over ";
                default -> " the " + m.group(1).replace("arg", "arg ") + " over ";
            };
            return Matcher.quoteReplacement(op + under + " of ");
        });
        // innermost groups first, a few rounds for nesting
        for (int round = 0; round < 4; round++) {
            String before = s;
            s = TEX_FRAC.matcher(s).replaceAll(m -> Matcher.quoteReplacement(" " + m.group(1) + " over " + m.group(2) + " "));
            s = TEX_SQRT.matcher(s).replaceAll(m -> Matcher.quoteReplacement(" the square root of " + m.group(1) + " "));
            s = TEX_ACCENT.matcher(s).replaceAll(m -> Matcher.quoteReplacement(switch (m.group(1)) {
                case "vec" -> " vector " + m.group(2) + " ";
                case "dot" -> " " + m.group(2) + " dot ";
                case "ddot", "overline", "widetilde" -> " " + m.group(2) + " ";
                case "tilde" -> " " + m.group(2) + " tilde ";
                default -> " " + m.group(2) + " " + m.group(1).replace("wide", "") + " ";
            }));
            s = TEX_WRAPPER.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
            s = TEX_SUPER_GROUP.matcher(s).replaceAll(m -> Matcher.quoteReplacement(power(m.group(1).strip())));
            s = TEX_SUB_GROUP.matcher(s).replaceAll(m -> Matcher.quoteReplacement(" " + m.group(1) + " "));
            if (s.equals(before)) {
                break;
            }
        }
        s = TEX_SUPER.matcher(s).replaceAll(m -> Matcher.quoteReplacement(power(m.group(1))));
        s = TEX_SUB.matcher(s).replaceAll(" ");
        s = TEX_COMMAND.matcher(s).replaceAll(m -> {
            String w = LATEX_WORDS.get(m.group(1));
            return Matcher.quoteReplacement(w != null ? " " + w + " " : " ");
        });
        s = APPROX_TILDE.matcher(s).replaceAll("about ");
        return s.replace('$', ' ').replace('{', ' ').replace('}', ' ').replace('\\', ' ').replace('~', ' ')
                .replace('^', ' ');
    }

    private static String power(String exp) {
        String e = exp.replace('−', '-');
        return switch (e) {
            case "2" -> " squared ";
            case "3" -> " cubed ";
            case "T", "\\top", "\\intercal", "⊤" -> " transpose ";
            case "-1" -> " inverse ";
            case "\\prime", "'" -> " prime ";
            case "*" -> " star ";
            default -> " to the power of " + e + " ";
        };
    }

    // ---------------------------------------------------------------- citations

    private static String citations(String in) {
        String s = NUMERIC_CITATION.matcher(in).replaceAll("");
        if (s.indexOf('(') < 0 && s.indexOf('[') < 0) {
            return s;
        }
        return BRACKETED.matcher(s).replaceAll(m -> {
            String inner = m.group(1).strip();
            boolean citation = YEAR.matcher(inner).find()
                    && (inner.matches("(?:19|20)\\d{2}[a-z]?(?:\\s*[,;]\\s*(?:19|20)\\d{2}[a-z]?)*")
                    || inner.contains("et al") || AUTHOR_YEAR.matcher(inner).matches());
            return citation ? "" : Matcher.quoteReplacement(m.group());
        });
    }

    // ---------------------------------------------------------------- symbols

    private static String symbols(String in) {
        StringBuilder sb = new StringBuilder(in.length() + 16);
        int[] cps = in.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int cp = cps[i];
            String w = SYMBOL_WORDS.get(cp);
            if (w != null) {
                sb.append(' ').append(w).append(' ');
            } else if (cp == '\u2013' || cp == '\u2014' || cp == '\u2212') {
                // dashes: ranges and minus signs are decided later, as ASCII hyphens
                boolean between = i > 0 && i + 1 < cps.length && Character.isDigit(cps[i - 1]) && Character.isDigit(cps[i + 1]);
                sb.append(cp == '\u2014' && !between ? ", " : (cp == '\u2212' || between ? "-" : " - "));
            } else if (cp == '\u2018' || cp == '\u2019' || cp == '\u02BC' || cp == '`' || cp == '\u00B4') {
                sb.append('\'');
            } else if (Character.isLetter(cp) && !Character.UnicodeScript.of(cp).equals(Character.UnicodeScript.LATIN)) {
                sb.append(' '); // the English voice cannot read other scripts
            } else {
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- abbreviations

    private static String abbreviations(String in) {
        String s = in;
        s = replace(s, ET_AL, (Matcher m, String whole) -> " and colleagues" + m.group(1)
                + (m.group(1).isEmpty() && endsSentence(m, whole) ? "." : ""));
        s = replace(s, ETC, (Matcher m, String whole) -> " et cetera" + (endsSentence(m, whole) ? "." : ""));
        for (Rule r : ABBREVIATIONS) {
            s = r.pattern.matcher(s).replaceAll(r.replacement);
        }
        return s;
    }

    /** Whether the text after an abbreviation's dot starts a new sentence (or ends). */
    private static boolean endsSentence(Matcher m, String whole) {
        if (!m.group().endsWith(".")) {
            return false;
        }
        CharSequence after = whole.subSequence(m.end(), Math.min(whole.length(), m.end() + 12));
        return SENTENCE_START_AFTER.matcher(after).find();
    }

    // ---------------------------------------------------------------- numbers

    private static String numbers(String in) {
        String s = in;
        s = replace(s, SCIENTIFIC, m -> m.group(1) + " times 10 to the power of "
                + (m.group(2).isEmpty() || m.group(2).equals("+") ? "" : "minus ") + Integer.parseInt(m.group(3)));
        s = replace(s, RANGE, m -> m.group(1) + " to " + m.group(3)
                + (m.group(2) != null || m.group(4) != null ? " percent" : ""));
        s = PERCENT.matcher(s).replaceAll("$1 percent");
        s = s.replace("%", " ");
        s = replace(s, SCALE, m -> m.group(1) + switch (m.group(2)) {
            case "K", "k" -> " thousand";
            case "M" -> " million";
            case "B" -> " billion";
            default -> " trillion";
        });
        s = TIMES.matcher(s).replaceAll("$1 times");
        s = VERSION.matcher(s).replaceAll("version $1");
        s = HYPHEN_NUMBER.matcher(s).replaceAll(" ");
        s = NEGATIVE.matcher(s).replaceAll(" minus ");
        s = FRACTION.matcher(s).replaceAll(" over ");
        s = s.replace("and/or", "and or").replace("->", " to ").replace("=>", " implies ").replace("<-", " from ");
        s = s.replace("C++", "C plus plus");
        // operators are read only between operands: alone they are line noise
        s = replace(s, OPERATOR, m -> " " + switch (m.group(1)) {
            case "<=" -> "less than or equal to";
            case ">=" -> "greater than or equal to";
            case "!=" -> "not equal to";
            case "<" -> "less than";
            case ">" -> "greater than";
            case "=" -> "equals";
            default -> "plus";
        } + " ");
        s = WORD_SLASH.matcher(s).replaceAll(" or ");
        s = HASH_NUMBER.matcher(s).replaceAll("number ");
        s = RATIO.matcher(s).replaceAll("$1 to $2");
        s = AT_BETWEEN_WORDS.matcher(s).replaceAll(" at ");
        s = AMPERSAND.matcher(s).replaceAll(" and ");
        return s;
    }

    // ---------------------------------------------------------------- units

    /** "16 GB", "5ms", "2.4GHz", "1 kWh": the unit in words, singular after exactly 1. */
    private static String units(String in) {
        String s = PLUS_MINUS.matcher(in).replaceAll(" plus or minus ");
        return replace(s, UNIT, m -> {
            String[] words = UNIT_WORDS.get(m.group(2));
            return m.group(1) + " " + (m.group(1).equals("1") ? words[1] : words[0]);
        });
    }

    private static Map<String, String[]> unitWords() {
        Map<String, String[]> m = new HashMap<>();
        for (String[] u : UNITS) {
            m.put(u[0], new String[] {u[1], u[2]});
        }
        return Map.copyOf(m);
    }

    private static Pattern unitPattern() {
        List<String> units = new java.util.ArrayList<>();
        for (String[] u : UNITS) {
            units.add(u[0]);
        }
        units.sort(java.util.Comparator.comparingInt(String::length).reversed());
        StringBuilder alt = new StringBuilder();
        for (String u : units) {
            alt.append(alt.isEmpty() ? "" : "|").append(Pattern.quote(u));
        }
        return Pattern.compile("(?<![\\p{L}\\p{Nd}.,])(\\d{1,9}(?:[.,]\\d{1,9})?)\\s?(" + alt + ")(?![\\p{L}\\p{Nd}/])");
    }

    // ---------------------------------------------------------------- words

    private String words(String in) {
        boolean shouting = isShouting(in);
        Matcher m = WORD.matcher(in);
        StringBuilder sb = new StringBuilder(in.length() + 32);
        int last = 0;
        while (m.find()) {
            sb.append(in, last, m.start());
            String w = m.group();
            String known = acronyms.known(w.toUpperCase(Locale.ROOT));
            String spoken;
            if (shouting && known == null && w.length() > 1) {
                spoken = w.toLowerCase(Locale.ROOT);
            } else if (w.length() > 1 && Character.isUpperCase(w.charAt(0))) {
                spoken = acronyms.speak(w);
            } else {
                spoken = null;
            }
            sb.append(spoken != null ? spoken : w);
            last = m.end();
        }
        sb.append(in, last, in.length());
        return sb.toString();
    }

    /** A title in capitals ("ATTENTION IS ALL YOU NEED") is words, not a string of acronyms. */
    private static boolean isShouting(String s) {
        Matcher m = WORD.matcher(s);
        int words = 0;
        int upper = 0;
        while (m.find()) {
            String w = m.group();
            if (w.length() < 2 || !Character.isLetter(w.charAt(0))) {
                continue;
            }
            words++;
            if (w.equals(w.toUpperCase(Locale.ROOT)) && !w.equals(w.toLowerCase(Locale.ROOT))) {
                upper++;
            }
        }
        return words >= 4 && upper * 10 >= words * 7;
    }

    // ---------------------------------------------------------------- punctuation

    private static String punctuation(String in) {
        String s = in.replace('(', ',').replace(')', ',').replace('[', ',').replace(']', ',')
                .replace('"', ' ').replace('…', '.').replace('|', ',').replace('*', ' ').replace('/', ' ');
        s = UNSPEAKABLE.matcher(s).replaceAll(" ");
        s = STRAY_HYPHEN.matcher(s).replaceAll(" ");
        s = STRAY_APOSTROPHE.matcher(s).replaceAll(" ");
        s = STRAY_COLON.matcher(s).replaceAll(",");
        s = LONG_TOKEN.matcher(s).replaceAll(" ");
        // tidy: no space before punctuation, one mark where rules left several
        s = s.replaceAll("[ \\t\\x0B\\f]+", " ");
        s = s.replaceAll(" ?\\n[\\s]*", "\n");
        s = s.replaceAll(" +([.,;:!?])", "$1");
        s = s.replaceAll("([,;:])(?:[ ]?[,;:])+", "$1");
        s = s.replaceAll("[,;:]+([.!?])", "$1");
        s = s.replaceAll("([.!?])[ ]?[,;:]+", "$1");
        s = s.replaceAll("\\.{4,}", "...");
        s = s.replaceAll("([!?])[!?]+", "$1");
        s = s.replaceAll("(?<!\\.)\\.\\.(?!\\.)", ".");
        s = s.replaceAll("([.,;:!?])(?=[\\p{L}])", "$1 ");
        s = s.replaceAll("(?m)^[\\s.,;:!?]+", "");
        s = s.replaceAll("[ ]+", " ");
        s = s.strip();
        if (!s.matches("(?s).*[\\p{L}\\p{Nd}].*")) {
            return "";
        }
        return s;
    }

    // ---------------------------------------------------------------- helpers

    private record Rule(Pattern pattern, String replacement) {
        Rule(String regex, String replacement) {
            this(Pattern.compile(regex), Matcher.quoteReplacement(replacement));
        }
    }

    /** Replaces each match with {@code f(match)} taken literally. */
    private static String replace(String s, Pattern p, java.util.function.Function<Matcher, String> f) {
        return replace(s, p, (m, whole) -> f.apply(m));
    }

    /** Replaces each match with {@code f(match, whole text)} taken literally (for rules that look around). */
    private static String replace(String s, Pattern p, BiFunction<Matcher, String, String> f) {
        Matcher m = p.matcher(s);
        if (!m.find()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 32);
        int last = 0;
        do {
            sb.append(s, last, m.start());
            sb.append(f.apply(m, s));
            last = m.end();
        } while (m.find());
        sb.append(s, last, s.length());
        return sb.toString();
    }

    private static String cutAtSpace(String s, int max) {
        int cut = s.lastIndexOf(' ', max);
        return s.substring(0, cut > max / 2 ? cut : max);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, String> latexWords() {
        Map<String, String> m = new HashMap<>();
        for (String g : List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
                "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega")) {
            m.put(g, g);
            m.put(Character.toUpperCase(g.charAt(0)) + g.substring(1), g);
        }
        m.put("varepsilon", "epsilon");
        m.put("vartheta", "theta");
        m.put("varphi", "phi");
        m.put("varrho", "rho");
        m.put("varsigma", "sigma");
        m.put("ell", "ell");
        m.put("leq", "less than or equal to");
        m.put("le", "less than or equal to");
        m.put("leqslant", "less than or equal to");
        m.put("geq", "greater than or equal to");
        m.put("ge", "greater than or equal to");
        m.put("geqslant", "greater than or equal to");
        m.put("neq", "not equal to");
        m.put("ne", "not equal to");
        m.put("approx", "approximately");
        m.put("sim", "approximately");
        m.put("simeq", "approximately");
        m.put("propto", "proportional to");
        m.put("equiv", "is equivalent to");
        m.put("ll", "much less than");
        m.put("gg", "much greater than");
        m.put("times", "times");
        m.put("cdot", "times");
        m.put("pm", "plus or minus");
        m.put("mp", "minus or plus");
        m.put("div", "divided by");
        m.put("to", "to");
        m.put("rightarrow", "to");
        m.put("longrightarrow", "to");
        m.put("mapsto", "maps to");
        m.put("leftarrow", "from");
        m.put("Rightarrow", "implies");
        m.put("implies", "implies");
        m.put("Leftrightarrow", "if and only if");
        m.put("iff", "if and only if");
        m.put("infty", "infinity");
        m.put("sum", "the sum of");
        m.put("prod", "the product of");
        m.put("int", "the integral of");
        m.put("oint", "the integral of");
        m.put("partial", "partial");
        m.put("nabla", "nabla");
        m.put("in", "in");
        m.put("notin", "not in");
        m.put("subset", "a subset of");
        m.put("subseteq", "a subset of");
        m.put("cup", "union");
        m.put("cap", "intersection");
        m.put("emptyset", "the empty set");
        m.put("varnothing", "the empty set");
        m.put("forall", "for all");
        m.put("exists", "there exists");
        m.put("neg", "not");
        m.put("land", "and");
        m.put("lor", "or");
        m.put("wedge", "and");
        m.put("vee", "or");
        m.put("oplus", "plus");
        m.put("otimes", "times");
        m.put("circ", "composed with");
        m.put("log", "log");
        m.put("ln", "log");
        m.put("exp", "exp");
        m.put("sin", "sine");
        m.put("cos", "cosine");
        m.put("tan", "tangent");
        m.put("tanh", "tanh");
        m.put("max", "max");
        m.put("min", "min");
        m.put("argmax", "arg max");
        m.put("argmin", "arg min");
        m.put("arg", "arg");
        m.put("lim", "the limit");
        m.put("sup", "sup");
        m.put("inf", "inf");
        m.put("det", "determinant");
        m.put("Pr", "probability");
        m.put("mathbb", "");
        m.put("ldots", "and so on");
        m.put("cdots", "and so on");
        m.put("dots", "and so on");
        m.put("top", "transpose");
        m.put("prime", "prime");
        m.put("star", "star");
        m.put("dagger", "dagger");
        m.put("LaTeX", "latech");
        m.put("TeX", "tech");
        return Map.copyOf(m);
    }

    private static Map<Integer, String> symbolWords() {
        Map<Integer, String> m = new HashMap<>();
        String[][] greek = {
            {"α", "alpha"}, {"β", "beta"}, {"γ", "gamma"}, {"δ", "delta"}, {"ε", "epsilon"}, {"ϵ", "epsilon"},
            {"ζ", "zeta"}, {"η", "eta"}, {"θ", "theta"}, {"ϑ", "theta"}, {"ι", "iota"}, {"κ", "kappa"},
            {"λ", "lambda"}, {"μ", "mu"}, {"µ", "mu"}, {"ν", "nu"}, {"ξ", "xi"}, {"π", "pi"}, {"ρ", "rho"},
            {"σ", "sigma"}, {"ς", "sigma"}, {"τ", "tau"}, {"υ", "upsilon"}, {"φ", "phi"}, {"ϕ", "phi"},
            {"χ", "chi"}, {"ψ", "psi"}, {"ω", "omega"}, {"Α", "alpha"}, {"Β", "beta"}, {"Γ", "gamma"},
            {"Δ", "delta"}, {"Ε", "epsilon"}, {"Ζ", "zeta"}, {"Η", "eta"}, {"Θ", "theta"}, {"Ι", "iota"},
            {"Κ", "kappa"}, {"Λ", "lambda"}, {"Μ", "mu"}, {"Ν", "nu"}, {"Ξ", "xi"}, {"Π", "pi"}, {"Ρ", "rho"},
            {"Σ", "sigma"}, {"Τ", "tau"}, {"Υ", "upsilon"}, {"Φ", "phi"}, {"Χ", "chi"}, {"Ψ", "psi"},
            {"Ω", "omega"}
        };
        for (String[] g : greek) {
            m.put(g[0].codePointAt(0), g[1]);
        }
        String[][] math = {
            {"≤", "less than or equal to"}, {"⩽", "less than or equal to"}, {"≥", "greater than or equal to"},
            {"⩾", "greater than or equal to"}, {"≈", "approximately"}, {"≃", "approximately"}, {"≅", "approximately"},
            {"∼", "approximately"}, {"≠", "not equal to"}, {"≡", "is equivalent to"}, {"×", "times"},
            {"⋅", "times"}, {"·", "times"}, {"∗", "times"}, {"÷", "divided by"}, {"±", "plus or minus"},
            {"∓", "minus or plus"}, {"→", "to"}, {"⟶", "to"}, {"↦", "maps to"}, {"←", "from"},
            {"↔", "to and from"}, {"⇒", "implies"}, {"⟹", "implies"}, {"⇔", "if and only if"},
            {"↑", "up"}, {"↓", "down"}, {"∑", "the sum of"}, {"∏", "the product of"}, {"∫", "the integral of"},
            {"∞", "infinity"}, {"∈", "in"}, {"∉", "not in"}, {"∀", "for all"}, {"∃", "there exists"},
            {"√", "the square root of"}, {"∂", "partial"}, {"∇", "nabla"}, {"⊂", "a subset of"},
            {"⊆", "a subset of"}, {"∪", "union"}, {"∩", "intersection"}, {"∅", "the empty set"},
            {"∝", "proportional to"}, {"≪", "much less than"}, {"≫", "much greater than"}, {"⊕", "plus"},
            {"⊗", "times"}, {"∧", "and"}, {"∨", "or"}, {"¬", "not"}, {"∘", "composed with"}, {"′", " prime"},
            {"°", "degrees"}, {"‰", "per mille"}, {"§", "section"}, {"€", "euros"}, {"£", "pounds"},
            {"¥", "yen"}, {"✓", "check"}, {"✗", ""}, {"†", ""}, {"‡", ""}, {"•", ","}, {"◦", ","},
            {"¶", ""}, {"™", ""}, {"®", ""}, {"©", ""}, {"⊤", "transpose"}, {"ℓ", "ell"}, {"“", ""}, {"”", ""}, {"„", ""}, {"«", ""}, {"»", ""}
        };
        for (String[] s : math) {
            m.put(s[0].codePointAt(0), s[1]);
        }
        return Map.copyOf(m);
    }
}
