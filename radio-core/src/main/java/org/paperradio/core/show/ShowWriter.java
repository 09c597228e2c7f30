package org.paperradio.core.show;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.llm.LanguageModel;
import org.paperradio.core.llm.LlmException;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.Chapter;
import org.paperradio.core.paper.Show;
import org.paperradio.core.paper.ScriptLine;
import org.paperradio.core.paper.ShowScript;
import org.paperradio.core.prompt.PromptName;
import org.paperradio.core.prompt.PromptSet;
import org.paperradio.core.prompt.PromptValues;
import org.paperradio.core.prompt.Prompts;
import org.paperradio.core.summary.Grounding;
import org.paperradio.core.summary.PaperSummary;
import org.paperradio.core.text.ModelJson;
import org.paperradio.core.write.Speakers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a daily or weekly show from its {@link ShowPlan}: with the model ({@code daily.txt},
 * {@code weekly.txt}) when one is configured and answers, else from a template that reads the
 * papers' summaries. Either way the script comes in chapters: an opening, one per featured paper,
 * the round-up of what else is new, and a closing; the voicer marks each in the show's mp3.
 * A model's line naming a number or name found in none of the show's papers is dropped.
 */
public final class ShowWriter {

    private static final Logger log = LoggerFactory.getLogger(ShowWriter.class);
    private static final int WORDS_PER_MINUTE = 150;
    private static final int MAX_LINE = 1_200;
    private static final int MAX_CHAPTERS = 60;

    private final Optional<LanguageModel> model;
    private final Prompts prompts;
    private final StationConfig config;

    /** @param prompts needed only with a model; may be null without one */
    public ShowWriter(Optional<LanguageModel> model, Prompts prompts, StationConfig config) {
        this.model = model;
        this.prompts = prompts;
        this.config = config;
    }

    public ShowScript write(ShowPlan plan, double minutes) {
        if (model.isPresent() && !plan.isEmpty()) {
            try {
                return byModel(plan, minutes, model.get());
            } catch (LlmException | ModelJson.Unusable | RuntimeException e) {
                log.warn("show={} LLM script failed, template instead: {}", plan.id(), e.getMessage());
            }
        }
        return byTemplate(plan);
    }

    private String title(ShowPlan plan) {
        return config.station().name() + (plan.kind() == Show.Kind.DAILY ? " daily: " : " weekly: ") + plan.period();
    }

    // ---- the model ----

    private ShowScript byModel(ShowPlan plan, double minutes, LanguageModel lm) throws LlmException, ModelJson.Unusable {
        PromptSet set = prompts.current();
        StationConfig.Host a = config.hosts().get(0);
        StationConfig.Host b = config.hosts().get(1);
        Map<String, String> used = new TreeMap<>();
        var system = set.render(PromptName.SYSTEM, PromptValues.create().plain("station", config.station().name()));
        used.put(system.file(), system.version());
        StringBuilder themes = new StringBuilder();
        for (ShowPlan.Group g : plan.groups()) {
            themes.append("Theme: ").append(g.theme()).append('\n');
            for (ShowPlan.Entry e : g.papers()) {
                themes.append("- paper ").append(e.meta().id().base()).append(": ").append(e.meta().title())
                        .append(" (").append(e.meta().spokenAuthors()).append(")")
                        .append(e.summary().interest() == null ? "" : ", interest " + e.summary().interest() + "/10")
                        .append(e.votes() == 0 ? "" : ", voted up by " + e.votes()
                                + (e.votes() == 1 ? " listener" : " listeners"))
                        .append('\n').append(indent(e.summary().asText())).append('\n');
            }
        }
        StringBuilder roundup = new StringBuilder();
        for (ShowPlan.Entry e : plan.roundup()) {
            roundup.append("- ").append(e.meta().title()).append(": ").append(e.summary().gist()).append('\n');
        }
        PromptName name = plan.kind() == Show.Kind.DAILY ? PromptName.DAILY : PromptName.WEEKLY;
        var user = set.render(name, Speakers.cast(config)
                .plain(plan.kind() == Show.Kind.DAILY ? "date" : "week", plan.period())
                .plain("minutes", String.valueOf(minutes))
                .plain("words", String.valueOf(Math.round(minutes * WORDS_PER_MINUTE)))
                .quoted("themes", themes.toString())
                .quoted("roundup", roundup.toString()));
        used.put(user.file(), user.version());
        Grounding grounding = new Grounding(String.join("\n", themes, roundup, config.station().name(), a.name(),
                b.name(), a.persona(), b.persona(), plan.period()));
        ObjectNode json = ModelJson.object(lm.chat(system.text(), user.text()).text());
        Map<String, ArxivId> featured = new HashMap<>();
        plan.all().forEach(e -> featured.put(e.meta().id().base(), e.meta().id()));
        List<Chapter> chapters = new ArrayList<>();
        int lines = 0;
        for (JsonNode c : json.path("chapters")) {
            if (chapters.size() >= MAX_CHAPTERS) {
                break;
            }
            String paperRef = ModelJson.text(c, "paper", 64).replaceFirst("^(?i)arxiv:\\s*", "");
            ArxivId paper = featured.get(paperRef.replaceFirst("v\\d+$", ""));
            List<ScriptLine> chapterLines = new ArrayList<>();
            int turn = 0;
            for (JsonNode l : c.path("lines")) {
                String text = ModelJson.text(l, "text", MAX_LINE);
                if (text.isEmpty() || !grounding.unsupported(text).isEmpty()) {
                    continue;
                }
                String host = Speakers.hostOf(ModelJson.text(l, "speaker", 64), config, turn);
                chapterLines.add(new ScriptLine.Spoken(host, text, 0));
                turn = Speakers.nextTurn(host, config);
            }
            if (!chapterLines.isEmpty()) {
                String title = ModelJson.text(c, "title", 200);
                chapters.add(new Chapter(title.isEmpty() ? (paper != null ? paper.base() : "Chapter " + (chapters.size() + 1))
                        : title, paper, chapterLines));
                lines += chapterLines.size();
            }
        }
        if (chapters.size() < 2 || lines < 4) {
            throw new ModelJson.Unusable("the show script had " + chapters.size() + " usable chapters and " + lines
                    + " lines");
        }
        PaperSummary.Provenance by = new PaperSummary.Provenance("llm", lm.model(), used);
        return new ShowScript(plan.id(), plan.kind(), title(plan), plan.slot(), chapters, by.describe());
    }

    private static String indent(String text) {
        return "  " + text.replace("\n", "\n  ");
    }

    // ---- the template ----

    private ShowScript byTemplate(ShowPlan plan) {
        StationConfig.Host a = config.hosts().get(0);
        StationConfig.Host b = config.hosts().get(1);
        String station = config.station().name();
        boolean daily = plan.kind() == Show.Kind.DAILY;
        List<Chapter> chapters = new ArrayList<>();
        int featured = plan.featured().size();
        List<ScriptLine> opening = new ArrayList<>();
        opening.add(say(a, "Welcome to the " + (daily ? "daily" : "weekly") + " show on " + station + ", I'm "
                + a.name() + "."));
        if (plan.isEmpty()) {
            opening.add(say(b, "And I'm " + b.name() + ". It has been a quiet " + (daily ? "day" : "week")
                    + ": no new papers reached us. We'll be back with more soon."));
            chapters.add(new Chapter("Welcome", null, opening));
            return new ShowScript(plan.id(), plan.kind(), title(plan), plan.slot(), chapters, "template");
        }
        opening.add(say(b, "And I'm " + b.name() + ". This is " + plan.period() + ": " + count(featured, "paper")
                + " in " + count(plan.groups().size(), "theme") + (plan.roundup().isEmpty() ? "" : ", and a quick look at "
                + count(plan.roundup().size(), "more") + " at the end") + "."));
        chapters.add(new Chapter("Welcome", null, opening));
        boolean turnA = true;
        for (ShowPlan.Group g : plan.groups()) {
            boolean first = true;
            for (ShowPlan.Entry e : g.papers()) {
                StationConfig.Host x = turnA ? a : b;
                StationConfig.Host y = turnA ? b : a;
                List<ScriptLine> lines = new ArrayList<>();
                if (first && plan.groups().size() > 1) {
                    lines.add(say(x, "Our next theme: " + g.theme() + "."));
                }
                first = false;
                PaperSummary s = e.summary();
                lines.add(say(x, (e.votes() > 0 ? "A listeners' pick, with " + count(e.votes(), "vote") + ": " : "")
                        + e.meta().title() + ", by " + e.meta().spokenAuthors() + "."));
                lines.add(say(y, s.gist().isEmpty() ? e.meta().title() + "." : s.gist()));
                if (!s.keyIdea().isEmpty() && !s.keyIdea().equals(s.gist())) {
                    lines.add(say(x, s.keyIdea()));
                }
                if (!s.results().isEmpty()) {
                    lines.add(say(y, s.results().get(0)));
                }
                if (!s.whyItMatters().isEmpty()) {
                    lines.add(say(x, s.whyItMatters()));
                }
                chapters.add(new Chapter(e.meta().title().isEmpty() ? e.meta().id().base() : e.meta().title(),
                        e.meta().id(), lines));
                turnA = !turnA;
            }
        }
        if (!plan.roundup().isEmpty()) {
            List<ScriptLine> lines = new ArrayList<>();
            lines.add(say(a, "Also new " + (daily ? "today" : "this week") + ", in brief:"));
            StringBuilder names = new StringBuilder();
            int n = 0;
            for (ShowPlan.Entry e : plan.roundup()) {
                names.append(n++ == 0 ? "" : "; ").append(e.meta().title());
                if (n % 5 == 0) {
                    lines.add(say(n / 5 % 2 == 1 ? b : a, names + "."));
                    names.setLength(0);
                }
            }
            if (!names.isEmpty()) {
                lines.add(say(b, names + "."));
            }
            chapters.add(new Chapter("Also new", null, lines));
        }
        chapters.add(new Chapter("Goodbye", null, List.of(
                say(a, "That's the " + (daily ? "daily" : "weekly") + " show. Every paper is on arXiv, and on our "
                        + "web page."),
                say(b, "Thanks for listening to " + station + ". Stay tuned: more new research is next."))));
        return new ShowScript(plan.id(), plan.kind(), title(plan), plan.slot(), chapters, "template");
    }

    private static ScriptLine say(StationConfig.Host host, String text) {
        return new ScriptLine.Spoken(host.id(), text, 0);
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 || noun.equals("more") ? "" : "s");
    }
}
