package org.paperradio.core.write;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.kernel.BadInputException;
import org.paperradio.core.paper.ExtractedText;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.Script;
import org.paperradio.core.paper.ScriptLine;
import org.paperradio.core.paper.Section;
import org.paperradio.core.text.SentenceSplitter;

/**
 * The writer that needs no language model: a two-host segment built from the paper's own
 * strongest sentences. Sentences are scored by how central their words are to the paper
 * (term frequency over the whole text), by cue phrases authors use for their claims ("we
 * propose", "we show", "outperforms"), and penalised for citations, formulas and numbers
 * soup; the best ones of the abstract, introduction, method and conclusion are read in
 * paper order, handed back and forth between the hosts.
 */
public final class ExtractiveWriter implements ScriptWriter {

    static final String NAME = "extractive-1";
    private static final int MAX_PER_PART = 3;

    private static final Set<String> STOP = Set.of(("a an and are as at be been by can for from has have in into is it"
            + " its of on or our that the their these this those to was we were which with not also such than then"
            + " there they using used use based both between each more most other over under while when where how"
            + " may might will would could should one two new paper work show shows propose proposed approach method"
            + " results result however thus i e g al et").split(" "));
    private static final List<String> CUES = List.of("we propose", "we present", "we introduce", "we show",
            "we find", "we demonstrate", "this paper", "in this work", "our results", "our method", "outperform",
            "state-of-the-art", "state of the art", "achieves", "improves", "we develop", "key idea", "novel",
            "we conclude", "in summary", "main contribution", "significantly");
    private static final Pattern NOISE = Pattern.compile("\\[[0-9,\\s\\-]+\\]|\\\\[a-z]+|[=^_{}$]|\\b(Fig|Table|Eq)\\b");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE, MMMM d", Locale.ENGLISH);

    private final String stationName;
    private final String hostA;
    private final String hostB;
    private final String hostAName;
    private final String hostBName;
    private final int bodySentences;

    public ExtractiveWriter(StationConfig config) {
        this.stationName = config.station().name();
        this.hostA = config.hosts().get(0).id();
        this.hostB = config.hosts().get(1).id();
        this.hostAName = config.hosts().get(0).name();
        this.hostBName = config.hosts().get(1).name();
        this.bodySentences = config.writer().bodySentences();
    }

    @Override
    public Script write(PaperMeta meta, ExtractedText text) throws BadInputException {
        String fullText = text.fullText();
        Map<String, Double> weights = termWeights(fullText + " " + meta.abstractText() + " " + meta.title());
        PageLocator pages = new PageLocator(fullText, text.pageCount());
        List<Part> parts = List.of(
                new Part("abstract", meta.abstractText().isBlank()
                        ? text.section("abstract").map(Section::text).orElse("") : meta.abstractText()),
                new Part("intro", sectionText(text, "introduction", "motivation", "background")),
                new Part("method", sectionText(text, "method", "approach", "model", "framework", "design")),
                new Part("results", sectionText(text, "result", "experiment", "evaluation")),
                new Part("conclusion", sectionText(text, "conclusion", "discussion", "summary", "future")));
        // rank each part's sentences, then take the best of each part in turn so that every part
        // gets a say before any gets a second sentence
        List<List<Candidate>> ranked = new ArrayList<>();
        for (Part part : parts) {
            List<String> sentences = SentenceSplitter.sentences(part.text());
            List<Candidate> scored = new ArrayList<>();
            for (int i = 0; i < sentences.size(); i++) {
                String s = sentences.get(i);
                double score = score(s, weights, i, sentences.size(), part.name());
                if (score > 0) {
                    scored.add(new Candidate(parts.indexOf(part), part.name(), i, s, score, pages.of(s)));
                }
            }
            scored.sort(Comparator.comparingDouble(Candidate::score).reversed());
            ranked.add(scored);
        }
        List<Candidate> chosen = new ArrayList<>();
        for (int round = 0; round < MAX_PER_PART && chosen.size() < bodySentences; round++) {
            for (List<Candidate> scored : ranked) {
                if (chosen.size() >= bodySentences) {
                    break;
                }
                long fromPart = scored.isEmpty() ? 0 : chosen.stream().filter(c -> c.part().equals(scored.get(0).part())).count();
                if (fromPart > round) {
                    continue;
                }
                scored.stream()
                        .filter(c -> !chosen.contains(c))
                        .filter(c -> chosen.stream().noneMatch(o -> overlap(o.text(), c.text()) > 0.6))
                        .findFirst()
                        .ifPresent(chosen::add);
            }
        }
        if (chosen.isEmpty()) {
            throw new BadInputException("no sentence of the abstract or the text is fit to read aloud");
        }
        chosen.sort(Comparator.comparingInt(Candidate::order).thenComparingInt(Candidate::index));
        return new Script(meta.id(), meta.title(), lines(meta, chosen), NAME);
    }

    private List<ScriptLine> lines(PaperMeta meta, List<Candidate> chosen) {
        List<ScriptLine> lines = new ArrayList<>();
        String when = meta.published() == null ? "" : " on " + DAY.format(meta.published().atZone(ZoneOffset.UTC));
        String field = meta.categories().isEmpty() ? "" : " in " + meta.categories().get(0);
        lines.add(say(hostA, "This is " + stationName + ", I'm " + hostAName + ". Next up: " + meta.title() + "."));
        lines.add(say(hostB, "And I'm " + hostBName + ". This one is by " + meta.spokenAuthors()
                + ", posted to arXiv" + field + when + "."));
        String section = "";
        boolean a = true;
        for (Candidate c : chosen) {
            if (!c.part().equals(section)) {
                section = c.part();
                Optional<String> bridge = bridge(section);
                if (bridge.isPresent()) {
                    lines.add(new ScriptLine.Pause(Duration.ofMillis(300)));
                    lines.add(say(a ? hostA : hostB, bridge.get()));
                    a = !a;
                }
            }
            lines.add(new ScriptLine.Spoken(a ? hostA : hostB, c.text(), c.page()));
            a = !a;
        }
        lines.add(new ScriptLine.Pause(Duration.ofMillis(400)));
        lines.add(say(a ? hostA : hostB, "That was " + meta.title() + ", by " + meta.spokenAuthors() + "."));
        lines.add(say(a ? hostB : hostA, "You'll find it on arXiv as " + meta.id().base() + ". Stay with us on "
                + stationName + "."));
        return lines;
    }

    private static Optional<String> bridge(String part) {
        return switch (part) {
            case "abstract" -> Optional.of("In a nutshell:");
            case "intro" -> Optional.of("So what problem are they after?");
            case "method" -> Optional.of("How do they go about it?");
            case "results" -> Optional.of("And does it work?");
            case "conclusion" -> Optional.of("What do they take away from it?");
            default -> Optional.empty();
        };
    }

    private static ScriptLine.Spoken say(String host, String text) {
        return new ScriptLine.Spoken(host, text, 0);
    }

    private static String sectionText(ExtractedText text, String... words) {
        return text.section(words).map(Section::text).orElse("");
    }

    /** Term weights: log-scaled frequency of each content word in the whole paper. */
    static Map<String, Double> termWeights(String text) {
        Map<String, Integer> counts = new HashMap<>();
        for (String w : SentenceSplitter.words(text)) {
            if (w.length() > 2 && !STOP.contains(w)) {
                counts.merge(w, 1, Integer::sum);
            }
        }
        Map<String, Double> weights = new HashMap<>();
        counts.forEach((w, n) -> weights.put(w, Math.log(1 + n)));
        return weights;
    }

    static double score(String sentence, Map<String, Double> weights, int index, int count, String part) {
        List<String> words = SentenceSplitter.words(sentence);
        if (words.size() < 6 || words.size() > 45) {
            return 0;
        }
        long noise = NOISE.matcher(sentence).results().count();
        long digits = sentence.chars().filter(Character::isDigit).count();
        if (noise > 3 || digits > sentence.length() / 6) {
            return 0;
        }
        double centrality = 0;
        Set<String> seen = new HashSet<>();
        for (String w : words) {
            if (seen.add(w)) {
                centrality += weights.getOrDefault(w, 0.0);
            }
        }
        centrality /= Math.sqrt(words.size());
        String lower = sentence.toLowerCase(Locale.ROOT);
        double cue = CUES.stream().filter(lower::contains).count() * 1.5;
        double position = switch (part) {
            case "intro", "abstract" -> 1.0 - (double) index / Math.max(1, count);
            case "conclusion" -> 0.5;
            default -> 0.2;
        };
        return centrality + cue + position - noise * 0.8;
    }

    /** Share of content words two sentences have in common (of the shorter one). */
    static double overlap(String a, String b) {
        Set<String> x = contentWords(a);
        Set<String> y = contentWords(b);
        if (x.isEmpty() || y.isEmpty()) {
            return 0;
        }
        Set<String> both = new HashSet<>(x);
        both.retainAll(y);
        return (double) both.size() / Math.min(x.size(), y.size());
    }

    private static Set<String> contentWords(String sentence) {
        Set<String> out = new HashSet<>();
        for (String w : SentenceSplitter.words(sentence)) {
            if (w.length() > 2 && !STOP.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * Guesses the page a sentence is on from where it sits in the text. The text is flattened
     * once per paper the way the splitter flattens sentences (white space runs to one space), so
     * sentences are found in it and positions and length are counted in the same text.
     */
    private record Part(String name, String text) {
    }

    private record Candidate(int order, String part, int index, String text, double score, int page) {
    }
}
