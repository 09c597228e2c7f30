package org.paperradio.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.ExtractedText;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.Section;

/** Shared by the LLM-path tests: the station's own prompt files, a config pointing at a loopback server, a paper. */
public final class LlmFixtures {

    public static final String TITLE = "Sparse Routing for Efficient Speech Recognition";
    public static final String ABSTRACT = "We propose SparseRoute, a mixture-of-experts encoder for speech recognition. "
            + "On LibriSpeech test-clean it reaches a word error rate of 2.1% while using 38% fewer FLOPs than "
            + "Conformer-L.";
    public static final String RESULTS = "SparseRoute reaches 2.1% word error rate on LibriSpeech test-clean and 4.6% on "
            + "test-other. Training took 140 hours on 8 GPUs. Compared with Conformer-L, inference needs 38% fewer "
            + "FLOPs at equal accuracy.";

    private LlmFixtures() {
    }

    /** A copy of config/prompts (the files operators edit) in {@code dir}. */
    public static Path copyPrompts(Path dir) {
        Path source = Path.of("..", "config", "prompts");
        try (Stream<Path> files = Files.list(source)) {
            Files.createDirectories(dir);
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    public static StationConfig.Llm llm(URI baseUrl, Duration timeout, int contextTokens) {
        return new StationConfig.Llm("openai", baseUrl, "test-model", "TEST_LLM_KEY", timeout, 400, 0.2, 2,
                contextTokens, Duration.ofMinutes(30));
    }

    public static PaperMeta meta() {
        return new PaperMeta(ArxivId.parse("2501.04242v1"), TITLE, List.of("Ana Ortiz", "Bo Chen"), ABSTRACT,
                List.of("cs.CL"), java.time.Instant.parse("2025-01-08T00:00:00Z"), null,
                URI.create("https://arxiv.org/pdf/2501.04242v1"), null);
    }

    public static ExtractedText text() {
        return new ExtractedText(List.of(
                new Section("Abstract", ABSTRACT),
                new Section("1 Introduction", "Speech recognition models are large. Dense encoders spend the same "
                        + "compute on silence as on speech. We route frames to experts."),
                new Section("4 Results", RESULTS),
                new Section("5 Limitations", "SparseRoute was only evaluated on English read speech.")), 6);
    }

    /** A summary answer as the prompt asks for it; {@code result} is the one results claim. */
    public static String summaryJson(String gist, String result, int score) {
        return """
                {"gist": "%s", "problem": "Dense encoders spend the same compute on every frame.",
                 "key_idea": "Route each frame to a few experts.", "method": "A mixture-of-experts encoder.",
                 "results": [{"claim": "%s"}], "limitations": "Only evaluated on English read speech.",
                 "why_it_matters": "Cheaper speech recognition.", "interest": {"score": %d, "reason": "A clear efficiency win."}}
                """.formatted(gist, result, score);
    }
}
