package org.paperradio.core.summary;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that what an LLM wrote about a paper is found in the paper: every number and every
 * named term (method, dataset, model) in a claim must occur in the paper's text. The paper is
 * indexed once at construction (linear in its length); each check is linear in the claim plus
 * a few hash look-ups, and a scan of the paper only for names written differently there.
 *
 * <p><b>Numbers</b>: integers, decimals, percentages ("95.3%"), digit groups ("1,024" is
 * 1024), ranges ("3-5" is 3 and 5), multipliers ("2.5x", "2.5×") and years all count. Signs are
 * ignored ("-0.4" and a "drop of 0.4" are the same 0.4; a hyphen is often a range). Values are
 * compared exactly after normalisation: a percent sign and trailing fraction zeros do not
 * matter ("95.3%" matches "95.3", "95.3 %", LaTeX "95.3\%" and "95.30"), but there is no
 * rounding (95.3 is not 95.27) and no unit arithmetic (a claim's "1.5k" must be "1.5k" in the
 * paper, not "1,500"). Spelled-out numbers ("two") and ordinals ("2nd") are not checked. In the
 * paper, digits inside names count as numbers too (a lenient side: "ResNet-50" supplies 50).
 *
 * <p><b>Named terms</b>: words mixing letters and digits (GPT-4o, T5, word2vec, CIFAR-10,
 * 7B), words with two or more capitals or an inner capital (BERT, MMLU, ImageNet, RoBERTa,
 * LLaMA), and capitalised words inside a sentence; neighbouring ones separated by spaces form
 * one name ("Stanford Sentiment Treebank"). A capitalised ordinary word that starts a
 * sentence ("The", "However") is no term, and common English words and a small stop list
 * ("AI", "LLM", "arXiv", "GPU", ...) never are. A name matches case-insensitively, whatever
 * the hyphens, spaces or dots between its parts ("LLaMA-2" ~ "LLaMA 2" ~ "Llama2"), with or
 * without a plural -s, but only from a word boundary to a word boundary: "GPT-5" is not found
 * in a paper that says "GPT-4" or "GPT-50". A multi-word name not found as a phrase still
 * passes when it holds a strong name and each of its words is in the paper ("ImageNet
 * ResNet-50"); one of plain capitalised words ("Penn Treebank") must be found as a phrase.
 *
 * <p>Immutable after construction and thread-safe.
 */
public final class Grounding {

    private static final Logger log = LoggerFactory.getLogger(Grounding.class);

    /** Papers beyond this are indexed up to it (what is cut only makes claims look unsupported). */
    static final int MAX_PAPER_CHARS = 5_000_000;
    /** A claim is a sentence or a paragraph; far more is a caller's bug or hostile input. */
    static final int MAX_CLAIM_CHARS = 20_000;
    /** Longest multi-word name; longer runs of capitalised words are checked in pieces. */
    static final int MAX_NAME_WORDS = 6;

    /** A word (letters and digits, inner hyphens, dots and apostrophes) or a grouped number. */
    private static final Pattern TOKEN = Pattern.compile(
            "\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?(?![\\p{L}\\p{Nd}]|,\\d)"
                    + "|[\\p{L}\\p{Nd}]+(?:['.\\-][\\p{L}\\p{Nd}]+)*");
    private static final Pattern NUMBERS = Pattern.compile("\\d+(?:\\.\\d+)?(?:-\\d+(?:\\.\\d+)?)*");
    private static final Pattern GROUPED = Pattern.compile("\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?");
    private static final Pattern MULTIPLIER = Pattern.compile("\\d+(?:\\.\\d+)?[xX]");
    private static final Pattern ORDINAL = Pattern.compile("\\d+(?:st|nd|rd|th)", Pattern.CASE_INSENSITIVE);
    private static final Pattern SPACES = Pattern.compile("[ \\t]+");

    /** Never flagged: generic acronyms and words an LLM adds to any paper's story. */
    private static final Set<String> STOP = Set.copyOf(List.of(
            "ai", "llm", "llms", "ml", "nlp", "arxiv", "ok", "okay", "us", "usa", "uk", "eu", "gpu", "gpus",
            "cpu", "cpus", "api", "apis", "pdf", "pdfs", "url", "urls", "phd", "tv", "faq", "vs", "etc", "eg",
            "ie", "id", "ids", "fyi", "ceo", "diy", "tl", "dr", "tldr", "mr", "mrs", "ms", "prof", "st", "jr", "e.g", "i.e", "u.s", "u.k", "a.k.a"));

    /**
     * Ordinary words that may be capitalised (sentence starts after a colon, headings, shouting)
     * and are never names; a paper nearly always has them anyway, this only saves the look-up.
     */
    private static final Set<String> COMMON = Set.copyOf(List.of(
            "a", "an", "the", "this", "that", "these", "those", "there", "here", "it", "its", "it's", "they",
            "them", "their", "theirs", "we", "our", "ours", "you", "your", "yours", "he", "she", "his", "her",
            "him", "me", "my", "mine", "i", "i'm", "who", "whom", "whose", "what", "which", "why", "how", "when",
            "where", "whether", "while", "whereas", "and", "or", "but", "nor", "so", "yet", "for", "of", "in",
            "on", "at", "to", "from", "by", "with", "without", "within", "into", "onto", "over", "under", "about",
            "above", "below", "after", "before", "during", "since", "until", "through", "across", "against",
            "among", "between", "beyond", "despite", "per", "via", "as", "if", "then", "than", "also", "only",
            "just", "even", "still", "already", "again", "ever", "never", "always", "often", "sometimes",
            "however", "moreover", "furthermore", "overall", "finally", "first", "firstly", "second",
            "secondly", "third", "thirdly", "last", "lastly", "next", "then", "thus", "hence", "therefore",
            "instead", "meanwhile", "indeed", "actually", "basically", "essentially", "notably",
            "importantly", "interestingly", "surprisingly", "specifically", "additionally", "similarly",
            "likewise", "consequently", "ultimately", "crucially", "clearly", "simply", "put", "together",
            "although", "though", "because", "unlike", "like", "compared", "both", "either", "neither", "each",
            "every", "all", "any", "some", "most", "many", "much", "more", "less", "few", "fewer", "several",
            "such", "other", "another", "same", "no", "not", "yes", "none", "one", "two", "three", "four", "five",
            "six", "seven", "eight", "nine", "ten", "twelve", "hundred", "thousand", "million", "billion",
            "half", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done", "have",
            "has", "had", "can", "could", "will", "would", "shall", "should", "may", "might", "must", "let",
            "let's", "lets", "now", "today", "tonight", "tomorrow", "yesterday", "well", "so", "oh", "wow",
            "hello", "hi", "hey", "welcome", "thanks", "thank", "great", "good", "right", "sure", "really",
            "very", "quite", "perhaps", "maybe", "imagine", "think", "consider", "note", "see", "look", "say",
            "says", "said", "paper", "papers", "study", "authors", "author", "researchers", "results", "result",
            "summary", "conclusion", "introduction", "abstract", "background", "method", "methods",
            "approach", "key", "takeaway", "takeaways", "fig", "eq", "monday", "tuesday", "wednesday",
            "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "june",
            "july", "august", "september", "october", "november", "december"));

    private final GroundingIndex index;

    /**
     * Indexes the paper's text (full text, abstract and title as one string).
     *
     * @param paperText the text the claims must come from; null is not allowed
     */
    public Grounding(String paperText) {
        this(paperText, List.of());
    }

    /**
     * Indexes the paper's text plus terms that may always be named (the hosts' and the
     * station's names, say): they count as if the paper contained them.
     */
    public Grounding(String paperText, Collection<String> knownTerms) {
        Objects.requireNonNull(paperText, "paperText");
        Objects.requireNonNull(knownTerms, "knownTerms");
        String text = paperText;
        if (text.length() > MAX_PAPER_CHARS) {
            log.warn("paper text has {} characters; grounding checks only the first {}", text.length(),
                    MAX_PAPER_CHARS);
            text = text.substring(0, MAX_PAPER_CHARS);
        }
        StringBuilder all = new StringBuilder(text.length() + 64).append(text);
        for (String term : knownTerms) {
            all.append("\n\n").append(Objects.requireNonNull(term, "known term"));
        }
        this.index = new GroundingIndex(all.toString());
    }

    /**
     * The numbers and named terms in {@code claim} that the paper does not contain, in order of
     * appearance, each once, as written in the claim (after Unicode normalisation). Empty when the
     * claim is grounded, or null or blank.
     *
     * @throws IllegalArgumentException for a claim over {@value #MAX_CLAIM_CHARS} characters
     */
    public List<String> unsupported(String claim) {
        if (claim == null || claim.isBlank()) {
            return List.of();
        }
        if (claim.length() > MAX_CLAIM_CHARS) {
            throw new IllegalArgumentException("claim has " + claim.length() + " characters; at most "
                    + MAX_CLAIM_CHARS + " are checked");
        }
        String text = GroundingText.forClaim(claim);
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<Name> run = new ArrayList<>();
        int previousEnd = -1;
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            String token = stripPossessive(m.group());
            String gap = previousEnd < 0 ? "" : text.substring(previousEnd, m.start());
            boolean sentenceStart = previousEnd < 0 || startsSentence(gap);
            if (!run.isEmpty() && !SPACES.matcher(gap).matches()) {
                checkName(text, run, out, seen);
            }
            previousEnd = m.end();
            Kind kind = classify(token, sentenceStart);
            switch (kind) {
                case NUMBER -> {
                    checkName(text, run, out, seen);
                    checkNumbers(text, m, token, out, seen);
                }
                case STRONG, WEAK -> {
                    if (run.size() == MAX_NAME_WORDS) {
                        checkName(text, run, out, seen); // no name is longer: a run of them is a list
                    }
                    run.add(new Name(m.start(), m.start() + token.length(), kind == Kind.STRONG));
                }
                case NONE -> checkName(text, run, out, seen);
            }
        }
        checkName(text, run, out, seen);
        return List.copyOf(out);
    }

    /** Whether every number and named term of {@code claim} is in the paper. */
    public boolean supports(String claim) {
        return unsupported(claim).isEmpty();
    }

    private enum Kind { NUMBER, STRONG, WEAK, NONE }

    /** A name word of the claim at [start, end); strong = has digits, inner or several capitals. */
    private record Name(int start, int end, boolean strong) {
    }

    private static Kind classify(String token, boolean sentenceStart) {
        if (NUMBERS.matcher(token).matches() || GROUPED.matcher(token).matches()
                || MULTIPLIER.matcher(token).matches()) {
            return Kind.NUMBER;
        }
        if (ORDINAL.matcher(token).matches()) {
            return Kind.NONE;
        }
        String lower = token.toLowerCase(Locale.ROOT);
        if (STOP.contains(lower) || COMMON.contains(lower)) {
            return Kind.NONE;
        }
        boolean letters = false;
        boolean digits = false;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            letters |= Character.isLetter(c);
            digits |= Character.isDigit(c);
        }
        if (digits) {
            return Kind.STRONG; // "GPT-4", "word2vec", and digit-only versions such as "3.1.2"
        }
        if (!letters || token.length() < 2) {
            return Kind.NONE; // "A", "I"
        }
        if (strongCapitals(token)) {
            return Kind.STRONG;
        }
        if (Character.isUpperCase(token.charAt(0)) && !sentenceStart) {
            return Kind.WEAK;
        }
        return Kind.NONE;
    }

    /** Two or more capitals within one hyphen part (BERT, LLaMA) or a capital after a lower-case letter (ImageNet). */
    private static boolean strongCapitals(String token) {
        int capitalsInPart = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '-') {
                capitalsInPart = 0;
                continue;
            }
            if (Character.isUpperCase(c)) {
                if (++capitalsInPart >= 2 || (i > 0 && Character.isLowerCase(token.charAt(i - 1)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean startsSentence(String gap) {
        for (int i = 0; i < gap.length(); i++) {
            char c = gap.charAt(i);
            if (c == '.' || c == '!' || c == '?' || c == ':' || c == '\n' || c == '\u2022') {
                return true;
            }
        }
        return false;
    }

    private static String stripPossessive(String token) {
        return token.length() > 2 && token.endsWith("'s") ? token.substring(0, token.length() - 2) : token;
    }

    private void checkNumbers(String text, Matcher m, String token, List<String> out, Set<String> seen) {
        String plain = token.endsWith("x") || token.endsWith("X") ? token.substring(0, token.length() - 1) : token;
        String percent = percentAfter(text, m.start() + token.length());
        String[] parts = GROUPED.matcher(plain).matches() ? new String[] {plain} : plain.split("-");
        for (int i = 0; i < parts.length; i++) {
            String value = GroundingText.canonicalNumber(parts[i].replace(",", ""));
            if (!index.hasNumber(value) && seen.add("#" + value)) {
                String surface = parts.length == 1 ? token : parts[i];
                out.add(i == parts.length - 1 ? surface + percent : surface);
            }
        }
    }

    /** "%" when a percent sign follows the number (directly or after one space), else "". */
    private static String percentAfter(String text, int at) {
        if (at < text.length() && text.charAt(at) == '%') {
            return "%";
        }
        return at + 1 < text.length() && text.charAt(at) == ' ' && text.charAt(at + 1) == '%' ? "%" : "";
    }

    /** Checks the name run collected so far (if any) and empties it. */
    private void checkName(String text, List<Name> run, List<String> out, Set<String> seen) {
        if (run.isEmpty()) {
            return;
        }
        String surface = text.substring(run.get(0).start(), run.get(run.size() - 1).end());
        String key = GroundingText.key(surface);
        boolean found = index.hasTerm(key);
        if (!found && run.size() > 1 && run.stream().anyMatch(Name::strong)) {
            found = run.stream().allMatch(n -> index.hasTerm(GroundingText.key(text.substring(n.start(), n.end()))));
        }
        if (!found && seen.add("@" + key)) {
            out.add(surface);
        }
        run.clear();
    }
}
