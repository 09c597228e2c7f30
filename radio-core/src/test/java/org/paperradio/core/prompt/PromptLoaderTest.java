package org.paperradio.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptLoaderTest {

    private static final String CATALOG = "system.txt, summary.txt, section-notes.txt, merge-summary.txt, "
            + "segment.txt, daily.txt, weekly.txt";

    @TempDir
    Path dir;

    @BeforeEach
    void copyShippedPrompts() throws IOException {
        PromptFiles.copyInto(dir);
    }

    @Test
    void unknownPlaceholderIsReportedWithFileLineAndTheKnownNames() throws IOException {
        write("summary.txt", "Summarise.\n\nThe paper {{titel}} by {{authors}}.\n");

        PromptException e = failure();

        assertThat(e.problems()).containsExactly(dir.resolve("summary.txt") + ":3: unknown placeholder {{titel}} "
                + "(this prompt knows: title, authors, categories, abstract, paper_text, feedback)");
    }

    @Test
    void aMissingFileIsReportedWithTheCatalog() throws IOException {
        Files.delete(dir.resolve("daily.txt"));

        assertThat(failure().problems()).containsExactly(dir.resolve("daily.txt") + ": missing (expected prompts: " + CATALOG + ")");
    }

    @Test
    void malformedBracesAreReportedOnTheirLines() throws IOException {
        write("segment.txt", "Hello {{station}}\n{{title\n}}\nA {{ }} B\nC {{Title}} D {{host-a}}\n");

        String file = dir.resolve("segment.txt").toString();
        assertThat(failure().problems()).satisfiesExactly(
                p -> assertThat(p).startsWith(file + ":2: unclosed placeholder \"{{title\""),
                p -> assertThat(p).startsWith(file + ":4: empty placeholder {{ }}"),
                p -> assertThat(p).startsWith(file + ":5: bad placeholder name {{Title}}"),
                p -> assertThat(p).startsWith(file + ":5: bad placeholder name {{host-a}}"));
    }

    @Test
    void everyProblemInEveryFileIsCollectedAtOnce() throws IOException {
        write("system.txt", " \n\n");
        Files.delete(dir.resolve("weekly.txt"));
        write("section-notes.txt", "{{title}}\n{{section}} {{summary}}\n{{section_text}}");
        Files.write(dir.resolve("daily.txt"), new byte[] {'h', 'i', (byte) 0xC3, (byte) 0x28});

        assertThat(failure().problems()).containsExactly(
                dir.resolve("system.txt") + ": empty",
                dir.resolve("section-notes.txt") + ":2: unknown placeholder {{summary}} (this prompt knows: title, section, section_text)",
                dir.resolve("daily.txt") + ": not valid UTF-8 text",
                dir.resolve("weekly.txt") + ": missing (expected prompts: " + CATALOG + ")");
    }

    @Test
    void anOversizedFileIsRejected() throws IOException {
        write("system.txt", "{{station}} ".repeat(200));

        assertThat(catchThrowableOfType(PromptException.class, () -> new PromptLoader(2000).load(dir)).problems())
                .containsExactly(dir.resolve("system.txt") + ": too large (over 2000 bytes; a prompt should be short)");
    }

    @Test
    void aMissingFolderIsOneProblem() {
        Path gone = dir.resolve("nope");

        assertThat(catchThrowableOfType(PromptException.class, () -> new PromptLoader().load(gone)).problems())
                .containsExactly(gone + ": not a folder (expected prompts: " + CATALOG + ")");
    }

    @Test
    void spacesInsideBracesAndLoneClosingBracesAreFine() throws Exception {
        write("system.txt", "\uFEFFYou are {{ station }}. JSON ends like this: {\"a\": {\"b\": 1}}\n");

        PromptSet set = new PromptLoader().load(dir);

        assertThat(set.render(PromptName.SYSTEM, PromptValues.create().plain("station", "Paper Radio")).text())
                .isEqualTo("You are Paper Radio. JSON ends like this: {\"a\": {\"b\": 1}}\n");
    }

    @Test
    void theVersionIsTheStartOfTheSha256OfTheFileBytes() throws Exception {
        String text = "Hello {{station}}\n";
        write("system.txt", text);

        Prompt p = new PromptLoader().load(dir).get(PromptName.SYSTEM);

        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(p.version()).isEqualTo(sha.substring(0, 12));
        assertThat(p.file()).isEqualTo(dir.resolve("system.txt"));
        assertThat(p.text()).isEqualTo(text);
    }

    private PromptException failure() {
        return catchThrowableOfType(PromptException.class, () -> new PromptLoader().load(dir));
    }

    private void write(String file, String text) throws IOException {
        Files.writeString(dir.resolve(file), text);
    }
}
