package org.paperradio.core.summary;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.paperradio.core.paper.ExtractedText;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.Section;
import org.paperradio.core.text.SentenceSplitter;

/**
 * The summary when no model is configured or it is away: the paper's own sentences (so grounded
 * by construction) — the abstract's first sentence as the gist, its sentence that states the
 * contribution as the key idea, and the sentences with figures from the abstract and results as
 * the results. No interest score: only a model rates papers.
 */
public final class ExtractiveSummarizer {

    private static final Pattern CONTRIBUTION = Pattern.compile(
            "\\b(we (propose|present|introduce|develop|show)|this (paper|work)|in this (paper|work))\\b");
    private static final Pattern FINDING = Pattern.compile(
            "\\d.*\\b(accuracy|improv|outperform|achiev|reduc|increas|faster|speed|score|error|gain|%)"
                    + "|\\b(accuracy|improv|outperform|achiev|reduc|increas|faster|error|gain)\\w*\\b.*\\d");
    private static final int MAX_RESULTS = 3;

    private final Clock clock;

    public ExtractiveSummarizer(Clock clock) {
        this.clock = clock;
    }

    /** @param llmPending whether a model is configured and should be tried again for this paper */
    public PaperSummary summarize(PaperMeta meta, ExtractedText text, boolean llmPending) {
        String abstractText = !meta.abstractText().isBlank() ? meta.abstractText()
                : text.section("abstract").map(Section::text).orElse("");
        List<String> sentences = SentenceSplitter.sentences(abstractText);
        if (sentences.isEmpty()) {
            sentences = SentenceSplitter.sentences(text.fullText()).stream().limit(20).toList();
        }
        String gist = sentences.isEmpty() ? meta.title() : sentences.get(0);
        String keyIdea = sentences.stream().skip(1)
                .filter(s -> CONTRIBUTION.matcher(s.toLowerCase(Locale.ROOT)).find())
                .findFirst().orElse(sentences.size() > 1 ? sentences.get(1) : "");
        List<String> results = new ArrayList<>();
        String resultsText = text.section("result", "experiment", "evaluation").map(Section::text).orElse("");
        List<String> pool = new ArrayList<>(sentences);
        pool.addAll(SentenceSplitter.sentences(resultsText));
        for (String s : pool) {
            if (results.size() >= MAX_RESULTS) {
                break;
            }
            if (s.length() <= 300 && !s.equals(gist) && !s.equals(keyIdea)
                    && FINDING.matcher(s.toLowerCase(Locale.ROOT)).find()) {
                results.add(s);
            }
        }
        String limitations = text.section("limitation").map(Section::text)
                .map(t -> SentenceSplitter.sentences(t).stream().findFirst().orElse("")).orElse("");
        return new PaperSummary(meta.id(), gist, "", keyIdea, "", results, limitations, "", null, "",
                new PaperSummary.GroundingReport(0, true, List.of()),
                new PaperSummary.Provenance("extractive", "", java.util.Map.of()), llmPending, clock.instant());
    }
}
