package org.paperradio.core.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.llm.LanguageModel;
import org.paperradio.core.llm.LlmException;
import org.paperradio.core.paper.ExtractedText;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.Section;
import org.paperradio.core.prompt.PromptName;
import org.paperradio.core.prompt.PromptSet;
import org.paperradio.core.prompt.PromptValues;
import org.paperradio.core.prompt.Prompts;
import org.paperradio.core.text.ModelJson;
import org.paperradio.core.text.SentenceSplitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the language model for a paper's {@link PaperSummary} and keeps only what the paper
 * backs. The paper goes to the model as quoted data inside the prompt files' templates. A paper
 * too long for the model's context window is summarised section by section ({@code
 * section-notes.txt}), then the notes are merged ({@code merge-summary.txt}).
 *
 * <p>Each answer is parsed and checked with {@link Grounding}: a result, or a sentence of a field,
 * naming a number or a method, dataset or model the paper does not contain is dropped. When the
 * gist itself is unsupported, or too much had to go, the model is asked again (at most
 * {@link #MAX_ATTEMPTS} answers in all) with the unsupported terms named; the best answer is kept
 * and the check's outcome is stored with it.
 */
public final class Summarizer {

    private static final Logger log = LoggerFactory.getLogger(Summarizer.class);

    /** Answers asked for per paper, first one included. */
    public static final int MAX_ATTEMPTS = 3;
    /** English text runs about four characters a token; three and a half leaves room. */
    private static final double CHARS_PER_TOKEN = 3.5;
    /** Tokens the system message and a template take, besides the paper. */
    private static final int PROMPT_TOKENS = 700;
    private static final int MAX_CHUNKS = 24;
    private static final int MAX_FIELD = 1_500;
    private static final int MAX_RESULTS = 8;

    private final LanguageModel model;
    private final Prompts prompts;
    private final StationConfig.Llm llm;
    private final String station;
    private final Clock clock;

    public Summarizer(LanguageModel model, Prompts prompts, StationConfig.Llm llm, String station, Clock clock) {
        this.model = model;
        this.prompts = prompts;
        this.llm = llm;
        this.station = station;
        this.clock = clock;
    }

    /**
     * @throws LlmException         the model could not be reached or answered an error
     * @throws ModelJson.Unusable    no answer was the JSON asked for
     */
    public PaperSummary summarize(PaperMeta meta, ExtractedText text) throws LlmException, ModelJson.Unusable {
        PromptSet set = prompts.current(); // one set for the whole paper, so the versions recorded are the ones used
        Map<String, String> used = new TreeMap<>();
        String system = render(set, PromptName.SYSTEM, PromptValues.create().plain("station", station), used);
        String paperText = text.fullText();
        Grounding grounding = new Grounding(meta.title() + "\n" + meta.abstractText() + "\n" + paperText);
        int budget = inputBudgetChars();

        Function<String, String> ask;
        if (paperText.length() <= budget) {
            ask = feedback -> render(set, PromptName.SUMMARY, paperValues(meta)
                    .quoted("paper_text", paperText).quoted("feedback", feedback), used);
        } else {
            String notes = sectionNotes(set, system, meta, text, budget, used);
            ask = feedback -> render(set, PromptName.MERGE_SUMMARY, paperValues(meta)
                    .quoted("section_notes", notes).quoted("feedback", feedback), used);
        }

        Checked best = null;
        String feedback = "";
        String lastProblem = "";
        int attempts = 0;
        while (attempts < MAX_ATTEMPTS) {
            attempts++;
            String answer = model.chat(system, ask.apply(feedback)).text();
            ObjectNode json;
            try {
                json = ModelJson.object(answer);
            } catch (ModelJson.Unusable e) {
                lastProblem = e.getMessage();
                model.unusable(lastProblem);
                log.info("summary answer {} unusable: {}", attempts, e.getMessage());
                feedback = "Your previous answer could not be used: " + e.getMessage()
                        + ". Answer with the one JSON object only, in exactly the form asked for.";
                continue;
            }
            Checked checked = check(json, grounding);
            if (best == null || checked.dropped().size() < best.dropped().size()) {
                best = checked;
            }
            if (!checked.regenerate()) {
                break;
            }
            feedback = "Your previous answer used numbers or names that are not in the paper: "
                    + String.join(", ", checked.unsupportedTerms())
                    + ". Use only numbers and names found in the paper text.";
            log.info("summary answer {} not grounded ({}), asking again", attempts,
                    String.join(", ", checked.unsupportedTerms()));
        }
        if (best == null) {
            throw new ModelJson.Unusable("no usable summary in " + attempts + " answers; last: " + lastProblem);
        }
        String gist = best.gist().isEmpty() ? firstSentence(meta.abstractText()) : best.gist();
        return new PaperSummary(meta.id(), gist, best.fields().get("problem"), best.fields().get("key_idea"),
                best.fields().get("method"), best.results(), best.fields().get("limitations"),
                best.fields().get("why_it_matters"), best.interest(), best.interestReason(),
                new PaperSummary.GroundingReport(attempts, best.dropped().isEmpty(), best.dropped()),
                new PaperSummary.Provenance("llm", model.model(), used), false, clock.instant());
    }

    /** How much paper text fits one request next to the prompt and the answer. */
    int inputBudgetChars() {
        int tokens = Math.max(1_000, llm.contextTokens() - llm.maxTokens() - PROMPT_TOKENS);
        return (int) (tokens * CHARS_PER_TOKEN);
    }

    private PromptValues paperValues(PaperMeta meta) {
        return PromptValues.create()
                .quoted("title", meta.title())
                .quoted("authors", String.join(", ", meta.authors()))
                .quoted("categories", String.join(", ", meta.categories()))
                .quoted("abstract", meta.abstractText());
    }

    private static String render(PromptSet set, PromptName name, PromptValues values, Map<String, String> used) {
        var rendered = set.render(name, values);
        used.put(rendered.file(), rendered.version());
        return rendered.text();
    }

    /** Notes per chunk of whole sections (a section longer than a chunk is cut), joined under their headings. */
    private String sectionNotes(PromptSet set, String system, PaperMeta meta, ExtractedText text, int budget,
                                Map<String, String> used) throws LlmException {
        List<Section> chunks = chunks(text.sections(), budget);
        if (chunks.size() > MAX_CHUNKS) {
            log.info("has {} chunks, the first {} are summarised", chunks.size(), MAX_CHUNKS);
            chunks = chunks.subList(0, MAX_CHUNKS);
        }
        int perChunk = Math.max(400, budget / Math.max(1, chunks.size()));
        StringBuilder notes = new StringBuilder();
        for (Section chunk : chunks) {
            String user = render(set, PromptName.SECTION_NOTES, PromptValues.create()
                    .quoted("title", meta.title())
                    .quoted("section", chunk.heading())
                    .quoted("section_text", chunk.text()), used);
            String answer = model.chat(system, user).text().strip();
            if (answer.length() > perChunk) {
                answer = answer.substring(0, perChunk);
            }
            notes.append("## ").append(chunk.heading()).append('\n').append(answer).append("\n\n");
        }
        return notes.toString().strip();
    }

    static List<Section> chunks(List<Section> sections, int budget) {
        List<Section> chunks = new ArrayList<>();
        StringBuilder heading = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (Section s : sections) {
            String t = s.text();
            String h = s.heading().isEmpty() ? "(untitled)" : s.heading();
            if (!body.isEmpty() && body.length() + t.length() > budget) {
                chunks.add(new Section(heading.toString(), body.toString()));
                heading.setLength(0);
                body.setLength(0);
            }
            for (int from = 0; from < t.length(); from += budget) {
                String part = t.substring(from, Math.min(t.length(), from + budget));
                if (!body.isEmpty() && body.length() + part.length() > budget) {
                    chunks.add(new Section(heading.toString(), body.toString()));
                    heading.setLength(0);
                    body.setLength(0);
                }
                if (!heading.isEmpty()) {
                    heading.append(" / ");
                }
                heading.append(h);
                body.append(part).append("\n\n");
            }
        }
        if (!body.isEmpty()) {
            chunks.add(new Section(heading.toString(), body.toString()));
        }
        return chunks;
    }

    /** One parsed answer after the grounding check. */
    private record Checked(String gist, Map<String, String> fields, List<String> results, Integer interest,
                           String interestReason, List<PaperSummary.GroundingReport.Dropped> dropped,
                           boolean regenerate) {
        Set<String> unsupportedTerms() {
            Set<String> terms = new LinkedHashSet<>();
            dropped.forEach(d -> terms.addAll(d.unsupported()));
            return terms;
        }
    }

    private static Checked check(ObjectNode json, Grounding grounding) {
        List<PaperSummary.GroundingReport.Dropped> dropped = new ArrayList<>();
        String gistAsked = ModelJson.text(json, "gist", MAX_FIELD);
        String gist = keepGrounded("gist", gistAsked, grounding, dropped);
        boolean gistLost = !gistAsked.isEmpty() && !gist.equals(gistAsked);
        if (gistLost) {
            gist = ""; // a half gist reads badly: keep none and let the caller fall back to the abstract
        }
        Map<String, String> fields = new TreeMap<>();
        for (String f : List.of("problem", "key_idea", "method", "limitations", "why_it_matters")) {
            fields.put(f, keepGrounded(f, ModelJson.text(json, f, MAX_FIELD), grounding, dropped));
        }
        List<String> results = new ArrayList<>();
        int asked = 0;
        for (JsonNode r : json.path("results")) {
            String claim = r.isTextual() ? r.asText().strip() : ModelJson.text(r, "claim", MAX_FIELD);
            if (claim.isEmpty() || asked >= MAX_RESULTS) {
                continue;
            }
            asked++;
            List<String> missing = grounding.unsupported(claim);
            if (missing.isEmpty()) {
                results.add(claim);
            } else {
                dropped.add(new PaperSummary.GroundingReport.Dropped("results", claim, missing));
            }
        }
        JsonNode interestNode = json.path("interest");
        Integer interest = score(interestNode.isObject() ? interestNode.path("score") : interestNode);
        String reason = keepGrounded("interest.reason", ModelJson.text(interestNode, "reason", MAX_FIELD),
                grounding, dropped);
        int droppedResults = asked - results.size();
        boolean regenerate = gistLost || (asked > 0 && droppedResults * 2 >= asked) || dropped.size() >= 3;
        return new Checked(gist, fields, results, interest, reason, dropped, regenerate);
    }

    /** The field's sentences that the paper backs; the others are recorded as dropped. */
    private static String keepGrounded(String field, String text, Grounding grounding,
                                       List<PaperSummary.GroundingReport.Dropped> dropped) {
        if (text.isEmpty()) {
            return text;
        }
        List<String> kept = new ArrayList<>();
        for (String sentence : SentenceSplitter.sentences(text)) {
            List<String> missing = grounding.unsupported(sentence);
            if (missing.isEmpty()) {
                kept.add(sentence);
            } else {
                dropped.add(new PaperSummary.GroundingReport.Dropped(field, sentence, missing));
            }
        }
        return String.join(" ", kept);
    }

    private static Integer score(JsonNode n) {
        double v;
        if (n.isNumber()) {
            v = n.asDouble();
        } else if (n.isTextual()) {
            try {
                v = Double.parseDouble(n.asText().strip().replaceAll("/\\s*10$", ""));
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        if (Double.isNaN(v)) {
            return null;
        }
        return (int) Math.round(Math.max(0, Math.min(10, v)));
    }

    static String firstSentence(String text) {
        List<String> s = SentenceSplitter.sentences(text);
        return s.isEmpty() ? "" : s.get(0);
    }
}
