package org.paperradio.core.show;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.ConfigLoader;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.llm.LanguageModel;
import org.paperradio.core.llm.LanguageModels;
import org.paperradio.core.paper.Chapter;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.ScriptLine;
import org.paperradio.core.paper.Show;
import org.paperradio.core.paper.ShowScript;
import org.paperradio.core.prompt.Prompts;
import org.paperradio.core.summary.PaperSummary;
import org.paperradio.core.testing.ChatServer;
import org.paperradio.core.testing.LlmFixtures;
import org.paperradio.core.testing.TestMeta;

/** Daily and weekly show scripts: by the model (daily.txt, weekly.txt) on a loopback server, or by the template. */
class ShowWriterTest {

    private static final Instant SLOT = Instant.parse("2026-11-24T18:00:00Z");

    @TempDir
    Path dir;

    private ChatServer server;
    private Prompts prompts;
    private StationConfig config;

    @BeforeEach
    void start() throws Exception {
        server = new ChatServer();
        prompts = new Prompts(LlmFixtures.copyPrompts(dir.resolve("prompts")));
        config = new ConfigLoader().parse("station: {name: Test Radio}\n", "test");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        prompts.close();
    }

    private static ShowPlan.Entry entry(String id, String title, String gist, int interest) {
        PaperMeta meta = TestMeta.paper(id, "cs.LG", 20, title, gist);
        return new ShowPlan.Entry(meta, new PaperSummary(meta.id(), gist, "", "", "", List.of(), "", "", interest, "",
                null, null, false, SLOT.minusSeconds(3600)), 0, interest);
    }

    private static ShowPlan plan(Show.Kind kind) {
        return new ShowPlan(kind, kind == Show.Kind.DAILY ? "daily-2026-11-24" : "weekly-2026-W48", SLOT,
                SLOT.minus(Duration.ofDays(1)), SLOT, "Tuesday, November 24",
                List.of(new ShowPlan.Group("protein folding", List.of(
                        entry("2511.00001v1", "Protein folding with diffusion", "Proteins fold in 12 steps.", 9)))),
                List.of(entry("2511.00009v1", "Yet another benchmark", "A benchmark of benchmarks.", 2)));
    }

    private Optional<LanguageModel> model() {
        return LanguageModels.create(LlmFixtures.llm(server.baseUrl(), Duration.ofSeconds(5), 8192), k -> null);
    }

    @Test
    void theModelWritesChaptersPerPaperFromTheDailyPrompt() {
        server.answer("""
                {"chapters": [
                  {"title": "Welcome", "paper": "", "lines": [
                    {"speaker": "Ada", "text": "Welcome to the daily show on Test Radio."},
                    {"speaker": "Ben", "text": "One paper stood out today."}]},
                  {"title": "Folding in steps", "paper": "2511.00001", "lines": [
                    {"speaker": "Ada", "text": "Proteins fold in 12 steps, says this paper."},
                    {"speaker": "Ben", "text": "And it beats AlphaFold by 40 points."},
                    {"speaker": "Ben", "text": "That is a neat result."}]},
                  {"title": "Also new", "paper": "2511.99999", "lines": [
                    {"speaker": "Ada", "text": "Also new: Yet another benchmark."}]}
                ]}""");

        ShowScript script = new ShowWriter(model(), prompts, config).write(plan(Show.Kind.DAILY), 8);

        assertThat(script.chapters()).extracting(Chapter::title).containsExactly("Welcome", "Folding in steps", "Also new");
        assertThat(script.chapters().get(1).paper()).hasToString("2511.00001v1");
        assertThat(script.chapters().get(2).paper()).as("an id the show does not cover is no chapter's paper").isNull();
        assertThat(script.chapters().get(1).lines()).extracting(l -> ((ScriptLine.Spoken) l).text())
                .as("the invented comparison is dropped")
                .containsExactly("Proteins fold in 12 steps, says this paper.", "That is a neat result.");
        assertThat(script.writtenBy()).startsWith("llm ").contains("daily.txt@");
        String user = server.requests().get(0).user();
        assertThat(user).contains("Tuesday, November 24").contains("<data name=\"themes\">")
                .contains("Theme: protein folding").contains("<data name=\"roundup\">").contains("Yet another benchmark");
    }

    @Test
    void theWeeklyShowUsesTheWeeklyPrompt() {
        server.answer("not json").answer("not json");
        ShowScript script = new ShowWriter(model(), prompts, config).write(plan(Show.Kind.WEEKLY), 15);
        assertThat(server.requests().get(0).user()).contains("<data name=\"themes\">");
        // garbage from the model: the template writes the show instead
        assertThat(script.writtenBy()).isEqualTo("template");
        assertThat(script.title()).isEqualTo("Test Radio weekly: Tuesday, November 24");
    }

    @Test
    void theTemplateCoversEveryPaperWithoutAModel() {
        ShowScript script = new ShowWriter(Optional.empty(), null, config).write(plan(Show.Kind.DAILY), 8);
        assertThat(script.chapters()).extracting(Chapter::title)
                .containsExactly("Welcome", "Protein folding with diffusion", "Also new", "Goodbye");
        assertThat(script.chapters().get(1).lines()).extracting(l -> ((ScriptLine.Spoken) l).text())
                .contains("Proteins fold in 12 steps.");
        assertThat(script.chapters().get(2).lines().toString()).contains("Yet another benchmark");
        assertThat(server.requests()).isEmpty();
        assertThat(Map.of("id", script.id())).containsEntry("id", "daily-2026-11-24");
    }
}
