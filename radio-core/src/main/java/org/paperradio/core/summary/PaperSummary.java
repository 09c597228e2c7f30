package org.paperradio.core.summary;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.paperradio.core.paper.ArxivId;

/**
 * What the station knows a paper says, as stored in its {@code summary.json}: a one-line gist,
 * the problem, key idea, method, results with their numbers, limitations, why it matters, and an
 * interest score (0-10, null when no model rated it). Every claim here has passed the
 * {@link Grounding} check; {@code grounding} tells what was dropped on the way.
 *
 * @param llmPending true when an LLM is configured but was unavailable: this summary is the
 *                   extractive stand-in, and the LLM is tried again later
 */
public record PaperSummary(
        ArxivId paper,
        String gist,
        String problem,
        String keyIdea,
        String method,
        List<String> results,
        String limitations,
        String whyItMatters,
        Integer interest,
        String interestReason,
        GroundingReport grounding,
        Provenance producedBy,
        boolean llmPending,
        Instant at) {

    public PaperSummary {
        Objects.requireNonNull(paper, "paper");
        gist = gist == null ? "" : gist;
        problem = problem == null ? "" : problem;
        keyIdea = keyIdea == null ? "" : keyIdea;
        method = method == null ? "" : method;
        results = results == null ? List.of() : List.copyOf(results);
        limitations = limitations == null ? "" : limitations;
        whyItMatters = whyItMatters == null ? "" : whyItMatters;
        interestReason = interestReason == null ? "" : interestReason;
        if (interest != null && (interest < 0 || interest > 10)) {
            throw new IllegalArgumentException("interest must be 0-10: " + interest);
        }
    }

    /** Whether a language model wrote it (rather than the extractive stand-in). */
    public boolean byModel() {
        return producedBy != null && !producedBy.model().isEmpty();
    }

    /** The summary as plain labelled text, for prompts that build on it. */
    public String asText() {
        StringBuilder b = new StringBuilder();
        line(b, "Gist", gist);
        line(b, "Problem", problem);
        line(b, "Key idea", keyIdea);
        line(b, "Method", method);
        for (String r : results) {
            line(b, "Result", r);
        }
        line(b, "Limitations", limitations);
        line(b, "Why it matters", whyItMatters);
        return b.toString().strip();
    }

    private static void line(StringBuilder b, String label, String text) {
        if (!text.isBlank()) {
            b.append(label).append(": ").append(text.strip()).append('\n');
        }
    }

    /**
     * Who produced an artifact: the writer ({@code llm} or {@code extractive}), the model (empty
     * for the extractive writer) and the version of each prompt file used.
     */
    public record Provenance(String writer, String model, Map<String, String> prompts) {
        public Provenance {
            writer = writer == null ? "" : writer;
            model = model == null ? "" : model;
            prompts = prompts == null ? Map.of() : Map.copyOf(prompts);
        }

        /** One line for script headers and logs: {@code llm openai:llama3.2 segment.txt@1a2b3c4d5e6f}. */
        public String describe() {
            StringBuilder b = new StringBuilder(writer);
            if (!model.isEmpty()) {
                b.append(' ').append(model);
            }
            prompts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> b.append(' ').append(e.getKey()).append('@').append(e.getValue()));
            return b.toString();
        }
    }

    /**
     * The grounding check's outcome: how many answers the model was asked for, whether the kept
     * summary needed nothing dropped, and what was dropped (field, text, the terms not found).
     */
    public record GroundingReport(int attempts, boolean clean, List<Dropped> dropped) {
        public GroundingReport {
            dropped = dropped == null ? List.of() : List.copyOf(dropped);
        }

        /** A claim left out because these numbers or names are not in the paper. */
        public record Dropped(String field, String text, List<String> unsupported) {
            public Dropped {
                unsupported = List.copyOf(unsupported);
            }
        }
    }
}
