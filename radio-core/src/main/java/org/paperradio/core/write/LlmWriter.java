package org.paperradio.core.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.llm.LanguageModel;
import org.paperradio.core.llm.LlmException;
import org.paperradio.core.paper.ExtractedText;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.Script;
import org.paperradio.core.paper.ScriptLine;
import org.paperradio.core.prompt.PromptName;
import org.paperradio.core.prompt.PromptSet;
import org.paperradio.core.prompt.PromptValues;
import org.paperradio.core.prompt.Prompts;
import org.paperradio.core.summary.Grounding;
import org.paperradio.core.summary.PaperSummary;
import org.paperradio.core.text.ModelJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a paper's segment with the language model from its grounded {@link PaperSummary}: a
 * dialogue between the two hosts (names and personas from config) of about the configured
 * length, with a link back to related papers already aired, as {@code segment.txt} asks. The
 * answer is checked like the summary: a line naming a number or name found neither in the paper
 * nor in what the prompt gave is dropped. Speakers are matched to hosts by name or id; anything
 * else alternates.
 */
public final class LlmWriter {

    private static final Logger log = LoggerFactory.getLogger(LlmWriter.class);
    /** Spoken English runs about 150 words a minute. */
    static final int WORDS_PER_MINUTE = 150;
    private static final int MAX_LINE = 1_200;
    private static final int MAX_LINES = 400;
    private static final int MIN_LINES = 4;
    private static final int MAX_ATTEMPTS = 2;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH);

    private final LanguageModel model;
    private final Prompts prompts;
    private final StationConfig config;

    public LlmWriter(LanguageModel model, Prompts prompts, StationConfig config) {
        this.model = model;
        this.prompts = prompts;
        this.config = config;
    }

    /**
     * @param related titles (and ids) of related papers already aired, most related first; may be empty
     * @throws LlmException      the model could not be reached or answered an error
     * @throws ModelJson.Unusable no answer was a usable script
     */
    public Script write(PaperMeta meta, ExtractedText text, PaperSummary summary, List<String> related)
            throws LlmException, ModelJson.Unusable {
        PromptSet set = prompts.current();
        Map<String, String> used = new TreeMap<>();
        StationConfig.Host a = config.hosts().get(0);
        StationConfig.Host b = config.hosts().get(1);
        var system = set.render(PromptName.SYSTEM, PromptValues.create().plain("station", config.station().name()));
        used.put(system.file(), system.version());
        double minutes = config.writer().segmentMinutes();
        String relatedText = String.join("\n", related);
        PromptValues values = Speakers.cast(config)
                .plain("minutes", String.valueOf(minutes))
                .plain("words", String.valueOf(Math.round(minutes * WORDS_PER_MINUTE)))
                .plain("arxiv_id", meta.id().base())
                .plain("published", meta.published() == null ? "recently"
                        : DAY.format(meta.published().atZone(ZoneOffset.UTC)))
                .quoted("title", meta.title())
                .quoted("authors", meta.spokenAuthors())
                .quoted("summary", summary.asText())
                .quoted("related", relatedText);
        var user = set.render(PromptName.SEGMENT, values);
        used.put(user.file(), user.version());

        // what the hosts may name besides the paper: themselves, the station, the related papers
        Grounding grounding = new Grounding(String.join("\n", meta.title(), meta.abstractText(), text.fullText(),
                summary.asText(), relatedText, config.station().name(), a.name(), b.name(), a.persona(), b.persona(),
                meta.id().toString(), String.join(", ", meta.authors())));
        PageLocator pages = new PageLocator(text.fullText(), text.pageCount());
        String problem = "";
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            String answer = model.chat(system.text(), user.text()).text();
            try {
                List<ScriptLine> lines = lines(ModelJson.object(answer), grounding, pages, meta);
                PaperSummary.Provenance by = new PaperSummary.Provenance("llm", model.model(), used);
                return new Script(meta.id(), meta.title(), lines, by.describe());
            } catch (ModelJson.Unusable e) {
                problem = e.getMessage();
                model.unusable(problem);
                log.info("script answer {} unusable: {}", attempt, problem);
            }
        }
        throw new ModelJson.Unusable("no usable script in " + MAX_ATTEMPTS + " answers; last: " + problem);
    }

    private List<ScriptLine> lines(ObjectNode json, Grounding grounding, PageLocator pages, PaperMeta meta)
            throws ModelJson.Unusable {
        List<ScriptLine> lines = new ArrayList<>();
        int dropped = 0;
        int turn = 0;
        int page = 0;
        for (JsonNode n : json.path("lines")) {
            if (lines.size() >= MAX_LINES) {
                break;
            }
            String text = ModelJson.text(n, "text", MAX_LINE);
            if (text.isEmpty()) {
                continue;
            }
            List<String> unsupported = grounding.unsupported(text);
            if (!unsupported.isEmpty()) {
                dropped++;
                log.info("script line dropped, not in the paper: {}", unsupported);
                continue;
            }
            String host = Speakers.hostOf(ModelJson.text(n, "speaker", 64), config, turn);
            int found = pages.ofWords(text);
            page = found > 0 ? found : page;
            lines.add(new ScriptLine.Spoken(host, text, page));
            turn = Speakers.nextTurn(host, config);
        }
        if (lines.size() < MIN_LINES) {
            throw new ModelJson.Unusable("the script had " + lines.size() + " usable lines (" + dropped
                    + " dropped as ungrounded), at least " + MIN_LINES + " are needed");
        }
        return lines;
    }
}
