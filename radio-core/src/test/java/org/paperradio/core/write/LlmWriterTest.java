package org.paperradio.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.ConfigLoader;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.llm.GuardedModel;
import org.paperradio.core.llm.LanguageModel;
import org.paperradio.core.llm.LanguageModels;
import org.paperradio.core.paper.Script;
import org.paperradio.core.paper.ScriptLine;
import org.paperradio.core.prompt.Prompt;
import org.paperradio.core.prompt.Prompts;
import org.paperradio.core.summary.PaperSummary;
import org.paperradio.core.testing.Await;
import org.paperradio.core.testing.ChatServer;
import org.paperradio.core.testing.LlmFixtures;
import org.paperradio.core.testing.MutableClock;
import org.paperradio.core.text.ModelJson;

/** Paper segments written by the model, against a loopback chat-completions server, with prompts from files. */
class LlmWriterTest {

    private static final String SCRIPT = """
            {"lines": [
              {"speaker": "Ada", "text": "This is Paper Radio. Today: Sparse Routing for Efficient Speech Recognition."},
              {"speaker": "Ben", "text": "It comes from Ana Ortiz and Bo Chen."},
              {"speaker": "Ada", "text": "They reach a word error rate of 2.1% on LibriSpeech test-clean."},
              {"speaker": "Ben", "text": "And they claim a 9.9% error rate on a benchmark nobody measured."},
              {"speaker": "ada", "text": "With 38% fewer FLOPs than Conformer-L."},
              {"speaker": "Narrator", "text": "Look it up on arXiv as 2501.04242."}
            ]}""";

    @TempDir
    Path dir;

    private ChatServer server;
    private Prompts prompts;
    private StationConfig config;
    private LanguageModel model;

    @BeforeEach
    void start() throws Exception {
        server = new ChatServer();
        prompts = new Prompts(LlmFixtures.copyPrompts(dir.resolve("prompts")));
        config = new ConfigLoader().parse("""
                hosts:
                  - {id: ada, name: Ada, persona: "the curious one, asks what it means for listeners"}
                  - {id: ben, name: Ben, persona: "the sceptic, asks for the numbers"}
                writer: {segmentMinutes: 3}
                """, "test");
        model = new GuardedModel(LanguageModels.create(LlmFixtures.llm(server.baseUrl(), Duration.ofSeconds(5), 8192),
                Map.<String, String>of()::get).orElseThrow(), new MutableClock(Instant.parse("2026-11-24T10:00:00Z")));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        prompts.close();
    }

    private PaperSummary summary() {
        return new PaperSummary(LlmFixtures.meta().id(), "A cheaper speech recogniser.", "", "Route frames to experts.",
                "", List.of("A word error rate of 2.1% on test-clean."), "", "", 8, "", null,
                new PaperSummary.Provenance("llm", "openai:test-model", Map.of()), false, Instant.now());
    }

    private Script write(List<String> related) throws Exception {
        return new LlmWriter(model, prompts, config).write(LlmFixtures.meta(), LlmFixtures.text(), summary(), related);
    }

    @Test
    void aDialogueBetweenTheConfiguredHosts() throws Exception {
        server.answer(SCRIPT);

        Script script = write(List.of("Fast Conformers (arXiv 2412.00001)"));

        List<ScriptLine.Spoken> lines = script.spokenLines();
        assertThat(lines).extracting(ScriptLine.Spoken::speaker).containsExactly("ada", "ben", "ada", "ada", "ben");
        assertThat(lines).extracting(ScriptLine.Spoken::text)
                .contains("They reach a word error rate of 2.1% on LibriSpeech test-clean.")
                .noneMatch(t -> t.contains("9.9%")); // the invented figure is not on air
        String version = Prompt.versionOf(Files.readAllBytes(dir.resolve("prompts/segment.txt")));
        assertThat(script.writtenBy()).startsWith("llm openai:test-model").contains("segment.txt@" + version);

        String user = server.requests().get(0).user();
        assertThat(user).startsWith("Write a radio segment for Paper Radio in which Ada and Ben talk about one new paper.");
        assertThat(user).contains("Ada: the curious one").contains("Ben: the sceptic");
        assertThat(user).contains("about 450 words (3.0 minutes spoken)");
        assertThat(user).contains("<data name=\"summary\">\nGist: A cheaper speech recogniser.");
        assertThat(user).contains("<data name=\"related\">\nFast Conformers (arXiv 2412.00001)\n</data>");
    }

    @Test
    void aScriptWithTooFewUsableLinesIsRefused() {
        server.answer("{\"lines\": [{\"speaker\": \"Ada\", \"text\": \"Hello.\"}]}").answer("not even json");
        assertThatThrownBy(() -> write(List.of())).isInstanceOf(ModelJson.Unusable.class);
    }

    @Test
    void aPromptEditedOnDiskChangesTheNextScriptWithoutARestart() throws Exception {
        prompts.watch();
        server.answer(SCRIPT).answer(SCRIPT);
        Script before = write(List.of());
        assertThat(server.requests().get(0).user()).doesNotContain("Mention the weather");

        Path file = dir.resolve("prompts/segment.txt");
        String oldVersion = prompts.current().versions().get("segment.txt");
        Files.writeString(file, "\nMention the weather in every line.\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Await.until("the edited prompt loaded", Duration.ofSeconds(10), () -> !prompts.current().versions().get("segment.txt").equals(oldVersion));

        Script after = write(List.of());
        assertThat(server.requests().get(1).user()).contains("Mention the weather in every line.");
        String newVersion = Prompt.versionOf(Files.readAllBytes(file));
        assertThat(after.writtenBy()).contains("segment.txt@" + newVersion);
        assertThat(before.writtenBy()).contains("segment.txt@" + oldVersion);
    }

    @Test
    void aBrokenEditKeepsTheLastGoodPrompts() throws Exception {
        Path file = dir.resolve("prompts/segment.txt");
        String good = prompts.current().versions().get("segment.txt");
        Files.writeString(file, "Talk about {{titel}}.\n");
        Prompts.ReloadResult result = prompts.reload();
        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).anySatisfy(p -> assertThat(p).contains("segment.txt:1").contains("{{titel}}"));
        assertThat(prompts.current().versions().get("segment.txt")).isEqualTo(good);

        server.answer(SCRIPT);
        assertThat(write(List.of()).writtenBy()).contains("segment.txt@" + good);
    }
}
