package org.paperradio.core.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.llm.GuardedModel;
import org.paperradio.core.llm.LanguageModel;
import org.paperradio.core.llm.LanguageModels;
import org.paperradio.core.llm.LlmException;
import org.paperradio.core.paper.ExtractedText;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Section;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.prompt.Prompt;
import org.paperradio.core.prompt.Prompts;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.testing.ChatServer;
import org.paperradio.core.testing.LlmFixtures;
import org.paperradio.core.testing.MutableClock;
import org.paperradio.core.text.ModelJson;

/**
 * The summary path against a real HTTP server on loopback speaking the OpenAI chat-completions
 * protocol: prompts rendered from the config files, answers parsed, the grounding check, the
 * fallback to the extractive summary, and the retry later.
 */
class SummarizerTest {

    @TempDir
    Path dir;

    private ChatServer server;
    private Prompts prompts;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));

    @BeforeEach
    void start() throws Exception {
        server = new ChatServer();
        prompts = new Prompts(LlmFixtures.copyPrompts(dir.resolve("prompts")));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        prompts.close();
    }

    private LanguageModel model(Duration timeout, int contextTokens) {
        StationConfig.Llm llm = LlmFixtures.llm(server.baseUrl(), timeout, contextTokens);
        return new GuardedModel(LanguageModels.create(llm, Map.of("TEST_LLM_KEY", "sk-test-123")::get).orElseThrow(),
                clock);
    }

    private Summarizer summarizer(LanguageModel model, int contextTokens) {
        return new Summarizer(model, prompts, LlmFixtures.llm(server.baseUrl(), Duration.ofSeconds(5), contextTokens),
                "Paper Radio", clock);
    }

    @Test
    void promptsComeFromTheConfigFilesAndTheAnswerIsParsed() throws Exception {
        server.answer(LlmFixtures.summaryJson("A cheaper speech recogniser.", "A word error rate of 2.1% on test-clean.", 8));

        PaperSummary s = summarizer(model(Duration.ofSeconds(5), 8192), 8192).summarize(LlmFixtures.meta(), LlmFixtures.text());

        assertThat(s.gist()).isEqualTo("A cheaper speech recogniser.");
        assertThat(s.results()).containsExactly("A word error rate of 2.1% on test-clean.");
        assertThat(s.interest()).isEqualTo(8);
        assertThat(s.limitations()).contains("English read speech");
        assertThat(s.grounding().clean()).isTrue();
        assertThat(s.grounding().attempts()).isEqualTo(1);
        // provenance: the model and the version of each prompt file as it is on disk
        assertThat(s.producedBy().model()).contains("test-model");
        String summaryVersion = Prompt.versionOf(Files.readAllBytes(dir.resolve("prompts/summary.txt")));
        assertThat(s.producedBy().prompts()).containsEntry("summary.txt", summaryVersion).containsKey("system.txt");

        ChatServer.ChatRequestSeen req = server.requests().get(0);
        assertThat(req.system()).startsWith("You write for Paper Radio");
        assertThat(req.user()).startsWith("Summarise one paper for the station.");
        // the paper goes as quoted data, and the key from the environment as the bearer token
        assertThat(req.user()).contains("<data name=\"abstract\">\n" + LlmFixtures.ABSTRACT + "\n</data>");
        assertThat(req.user()).contains("<data name=\"paper_text\">");
        assertThat(req.authorization()).isEqualTo("Bearer sk-test-123");
    }

    @Test
    void anInventedNumberIsRejectedAndTheSummaryRegenerated() throws Exception {
        server.answer(LlmFixtures.summaryJson("A cheaper speech recogniser.", "A word error rate of 1.7% on test-clean.", 8));
        server.answer(LlmFixtures.summaryJson("A cheaper speech recogniser.", "A word error rate of 2.1% on test-clean.", 8));

        PaperSummary s = summarizer(model(Duration.ofSeconds(5), 8192), 8192).summarize(LlmFixtures.meta(), LlmFixtures.text());

        assertThat(s.results()).containsExactly("A word error rate of 2.1% on test-clean.");
        assertThat(s.toString()).doesNotContain("1.7");
        assertThat(s.grounding().attempts()).isEqualTo(2);
        // the second request told the model what the paper does not contain
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(1).user()).contains("1.7");
    }

    @Test
    void aClaimTheModelKeepsInventingIsDroppedAndTheOutcomeStored() throws Exception {
        String invented = LlmFixtures.summaryJson("A cheaper speech recogniser.", "It beats Whisper-XL by 12.5 points.", 6);
        server.answer(invented).answer(invented).answer(invented);

        PaperSummary s = summarizer(model(Duration.ofSeconds(5), 8192), 8192).summarize(LlmFixtures.meta(), LlmFixtures.text());

        assertThat(s.results()).isEmpty();
        assertThat(s.grounding().attempts()).isEqualTo(Summarizer.MAX_ATTEMPTS);
        assertThat(s.grounding().clean()).isFalse();
        assertThat(s.grounding().dropped()).anySatisfy(d -> {
            assertThat(d.field()).isEqualTo("results");
            assertThat(d.unsupported()).contains("12.5");
        });
        assertThat(s.gist()).isEqualTo("A cheaper speech recogniser.");
    }

    @Test
    void malformedJsonIsAskedForAgain() throws Exception {
        server.raw("{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Sure! Here is the summary: {gist: broken\"},\"finish_reason\":\"stop\"}]}");
        server.answer("```json\n" + LlmFixtures.summaryJson("A cheaper speech recogniser.", "2.1% on test-clean.", 7) + "\n```");

        PaperSummary s = summarizer(model(Duration.ofSeconds(5), 8192), 8192).summarize(LlmFixtures.meta(), LlmFixtures.text());

        assertThat(s.interest()).isEqualTo(7);
        assertThat(server.requests().get(1).user()).contains("could not be used");
    }

    @Test
    void garbageEveryTimeIsUnusable() throws Exception {
        server.answer("no json here").answer("still none").answer("[1, 2, 3]");
        GuardedModel model = (GuardedModel) model(Duration.ofSeconds(5), 8192);
        Summarizer summarizer = summarizer(model, 8192);
        assertThatThrownBy(() -> summarizer.summarize(LlmFixtures.meta(), LlmFixtures.text()))
                .isInstanceOf(ModelJson.Unusable.class);
        // the model answered every time (200), so only this count shows the operator it talks nonsense
        assertThat(model.stats().unusable()).isEqualTo(3);
        assertThat(model.stats().successes()).isEqualTo(3);
    }

    @Test
    void aLongPaperIsSummarisedSectionBySectionThenMerged() throws Exception {
        List<Section> sections = new ArrayList<>(LlmFixtures.text().sections());
        for (int i = 0; i < 6; i++) {
            sections.add(new Section("Appendix " + i, ("Frames are routed to experts by a learned gate. ").repeat(30)));
        }
        ExtractedText longText = new ExtractedText(sections, 12);
        server.answerWith(req -> req.user().startsWith("Summarise one paper") || req.user().contains("section_notes")
                ? LlmFixtures.summaryJson("A cheaper speech recogniser.", "2.1% on test-clean.", 7)
                : "- routes frames to experts; 2.1% word error rate");

        // a 1,024-token window: the paper cannot go in one request
        PaperSummary s = summarizer(model(Duration.ofSeconds(5), 1024), 1024).summarize(LlmFixtures.meta(), longText);

        List<ChatServer.ChatRequestSeen> seen = server.requests();
        assertThat(seen.size()).isGreaterThan(2);
        List<ChatServer.ChatRequestSeen> notes = seen.subList(0, seen.size() - 1);
        assertThat(notes).allSatisfy(r -> assertThat(r.user()).contains("<data name=\"section_text\">"));
        assertThat(notes).allSatisfy(r -> assertThat(r.user().length()).isLessThan(8_000));
        ChatServer.ChatRequestSeen merge = seen.get(seen.size() - 1);
        assertThat(merge.user()).contains("<data name=\"section_notes\">").contains("routes frames to experts");
        assertThat(s.producedBy().prompts()).containsKeys("section-notes.txt", "merge-summary.txt");
        assertThat(s.gist()).isEqualTo("A cheaper speech recogniser.");
    }

    // ---- the stage: fallback and retry later ----

    private PaperStore storeWithPaper() throws Exception {
        PaperStore store = new PaperStore(dir.resolve("data"), clock);
        store.add(LlmFixtures.meta());
        store.writeJson(LlmFixtures.meta().id(), PaperFiles.SECTIONS, LlmFixtures.text());
        store.advance(LlmFixtures.meta().id(), Stage.INDEXED);
        return store;
    }

    private PaperSummary fallsBack(java.util.function.Consumer<ChatServer> failure, Duration timeout) throws Exception {
        PaperStore store = storeWithPaper();
        failure.accept(server);
        LanguageModel model = model(timeout, 8192);
        Summarizer summarizer = summarizer(model, 8192);
        LlmCatchUp catchUp = new LlmCatchUp(store, summarizer, Duration.ofMinutes(30), clock);
        SummaryStage stage = new SummaryStage(store, Optional.of(summarizer), new ExtractiveSummarizer(clock), catchUp);
        PaperRecord rec = store.load(LlmFixtures.meta().id());

        long t0 = System.nanoTime();
        stage.process(rec);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(timeout.plusSeconds(5));

        PaperSummary s = store.readJson(rec.id(), PaperFiles.SUMMARY, PaperSummary.class);
        assertThat(s.llmPending()).isTrue();
        assertThat(s.byModel()).isFalse();
        assertThat(s.gist()).isEqualTo("We propose SparseRoute, a mixture-of-experts encoder for speech recognition.");
        assertThat(catchUp.pendingCount()).isEqualTo(1);
        return s;
    }

    @Test
    void aServerErrorFallsBackToTheExtractiveSummary() throws Exception {
        fallsBack(s -> s.status(500), Duration.ofSeconds(5));
    }

    @Test
    void rateLimitingFallsBackToTheExtractiveSummary() throws Exception {
        fallsBack(s -> s.rateLimited(Duration.ofSeconds(120)), Duration.ofSeconds(5));
    }

    @Test
    void aTimeoutFallsBackToTheExtractiveSummary() throws Exception {
        fallsBack(ChatServer::hang, Duration.ofSeconds(1));
    }

    @Test
    void garbageFallsBackToTheExtractiveSummary() throws Exception {
        fallsBack(s -> s.raw("<html>502 Bad Gateway</html>").raw("{").raw("not json"), Duration.ofSeconds(5));
    }

    @Test
    void aPaperThatFellBackIsRetriedWithTheModelLater() throws Exception {
        PaperStore store = storeWithPaper();
        server.status(500);
        LanguageModel model = model(Duration.ofSeconds(5), 8192);
        Summarizer summarizer = summarizer(model, 8192);
        LlmCatchUp catchUp = new LlmCatchUp(store, summarizer, Duration.ofMinutes(30), clock);
        new SummaryStage(store, Optional.of(summarizer), new ExtractiveSummarizer(clock), catchUp)
                .process(store.load(LlmFixtures.meta().id()));
        assertThat(server.requests()).hasSize(1);

        // before retryAfter nothing is asked
        clock.advance(Duration.ofMinutes(10));
        catchUp.run();
        assertThat(server.requests()).hasSize(1);

        // after it, the model (up again) is asked and its summary replaces the stand-in
        server.answer(LlmFixtures.summaryJson("A cheaper speech recogniser.", "2.1% on test-clean.", 9));
        clock.advance(Duration.ofMinutes(25));
        catchUp.run();

        assertThat(server.requests()).hasSize(2);
        PaperSummary s = store.readJson(LlmFixtures.meta().id(), PaperFiles.SUMMARY, PaperSummary.class);
        assertThat(s.llmPending()).isFalse();
        assertThat(s.byModel()).isTrue();
        assertThat(s.interest()).isEqualTo(9);
        assertThat(catchUp.pendingCount()).isZero();
    }

    @Test
    void noModelConfiguredMeansExtractiveAndNothingPending() throws Exception {
        PaperStore store = storeWithPaper();
        new SummaryStage(store, Optional.empty(), new ExtractiveSummarizer(clock), null)
                .process(store.load(LlmFixtures.meta().id()));
        PaperSummary s = store.readJson(LlmFixtures.meta().id(), PaperFiles.SUMMARY, PaperSummary.class);
        assertThat(s.llmPending()).isFalse();
        assertThat(s.producedBy().writer()).isEqualTo("extractive");
        assertThat(s.results()).anySatisfy(r -> assertThat(r).contains("2.1%"));
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void anUnconfiguredModelIsNotCreated() {
        StationConfig.Llm none = new StationConfig.Llm(null, null, null, null, null, null, null, null, null, null);
        assertThat(LanguageModels.create(none, k -> null)).isEmpty();
    }

    @Test
    void modelFailuresAreClassified() {
        server.status(500);
        LanguageModel model = model(Duration.ofSeconds(5), 8192);
        assertThatThrownBy(() -> model.chat("s", "u")).isInstanceOfSatisfying(LlmException.class,
                e -> assertThat(e.kind()).isEqualTo(LlmException.Kind.SERVER_ERROR));
    }
}
