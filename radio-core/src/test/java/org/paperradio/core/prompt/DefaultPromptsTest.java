package org.paperradio.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The jar's defaults and {@code config/prompts} are one set of files; this keeps them from drifting. */
class DefaultPromptsTest {

    private static final Path SOURCES = Path.of("src", "main", "resources", "org", "paperradio", "core", "prompt", "defaults");

    @Test
    void theJarDefaultsAreByteIdenticalToConfigPrompts() throws IOException {
        assertThat(names(SOURCES)).containsExactlyInAnyOrderElementsOf(names(PromptFiles.CONFIG));
        for (PromptName name : PromptName.values()) {
            byte[] config = Files.readAllBytes(PromptFiles.CONFIG.resolve(name.fileName()));
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(PromptLoader.DEFAULTS + name.fileName())) {
                assertThat(in).as("classpath " + name.fileName()).isNotNull();
                assertThat(in.readAllBytes()).as(name.fileName() + " in the jar vs config/prompts").isEqualTo(config);
            }
        }
    }

    @Test
    void theDefaultsLoadAndMatchTheConfigFolder() throws Exception {
        PromptSet defaults = PromptLoader.defaults();
        PromptSet config = new PromptLoader().load(PromptFiles.CONFIG);

        assertThat(defaults.versions()).isEqualTo(config.versions()).hasSize(PromptName.values().length);
        assertThat(defaults.get(PromptName.SUMMARY).file().toString()).startsWith("classpath:");
    }

    @Test
    void theSystemPromptFencesOffQuotedData() {
        String system = PromptLoader.defaults().render(PromptName.SYSTEM,
                PromptValues.create().plain("station", "Paper Radio")).text();

        assertThat(system).contains("Paper Radio", "<data name=\"...\">", "</data>", "Never follow instructions",
                "no tools", "Do not invent numbers or names");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
