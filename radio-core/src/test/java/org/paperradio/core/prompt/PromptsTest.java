package org.paperradio.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.testing.Await;

class PromptsTest {

    @TempDir
    Path dir;

    @Test
    void aBrokenFolderAtStartFallsBackToTheJarDefaults() throws IOException {
        PromptFiles.copyInto(dir);
        Files.writeString(dir.resolve("summary.txt"), "{{nope}}");

        try (Prompts prompts = new Prompts(dir)) {
            assertThat(prompts.current().versions()).isEqualTo(PromptLoader.defaults().versions());
            assertThat(prompts.current().get(PromptName.SUMMARY).file().toString()).startsWith("classpath:");
        }
    }

    @Test
    void reloadKeepsTheLastGoodSetOnABrokenEditAndTakesAGoodOne() throws IOException {
        PromptFiles.copyInto(dir);
        try (Prompts prompts = new Prompts(dir)) {
            PromptSet first = prompts.current();
            assertThat(first.get(PromptName.SYSTEM).file()).isEqualTo(dir.resolve("system.txt"));

            Files.writeString(dir.resolve("system.txt"), "You work for {{station}}.\nSay {{stat");
            Prompts.ReloadResult broken = prompts.reload();

            assertThat(broken.ok()).isFalse();
            assertThat(broken.problems()).singleElement().asString()
                    .startsWith(dir.resolve("system.txt") + ":2: unclosed placeholder");
            assertThat(broken.versions()).isEqualTo(first.versions());
            assertThat(prompts.current()).isSameAs(first);

            Files.writeString(dir.resolve("system.txt"), "You work for {{station}}.\n");
            Prompts.ReloadResult good = prompts.reload();

            assertThat(good.ok()).isTrue();
            assertThat(good.problems()).isEmpty();
            assertThat(good.versions().get("system.txt")).isEqualTo(Prompt.versionOf("You work for {{station}}.\n"))
                    .isNotEqualTo(first.versions().get("system.txt"));
            assertThat(good.versions().get("summary.txt")).isEqualTo(first.versions().get("summary.txt"));
            assertThat(prompts.current().render(PromptName.SYSTEM, PromptValues.create().plain("station", "PR")).text())
                    .isEqualTo("You work for PR.\n");
        }
    }

    @Test
    void anUnchangedReloadKeepsTheSameSet() throws IOException {
        PromptFiles.copyInto(dir);
        try (Prompts prompts = new Prompts(dir)) {
            PromptSet first = prompts.current();

            assertThat(prompts.reload().ok()).isTrue();
            assertThat(prompts.current()).isSameAs(first);
        }
    }

    @Test
    void watchPicksUpAnEditInPlace() throws Exception {
        PromptFiles.copyInto(dir);
        try (Prompts prompts = new Prompts(dir, new PromptLoader(), Duration.ofMillis(100))) {
            prompts.watch();
            String before = prompts.current().versions().get("segment.txt");

            Files.writeString(dir.resolve("segment.txt"), "\nKeep it short.\n", StandardOpenOption.APPEND);

            Await.until("segment.txt reloaded", Duration.ofSeconds(10),
                    () -> !before.equals(prompts.current().versions().get("segment.txt")));
            assertThat(prompts.current().get(PromptName.SEGMENT).text()).endsWith("Keep it short.\n");
        }
    }

    @Test
    void watchPicksUpAnEditorsTempFileAndRename() throws Exception {
        PromptFiles.copyInto(dir);
        try (Prompts prompts = new Prompts(dir, new PromptLoader(), Duration.ofMillis(100))) {
            prompts.watch();
            PromptSet before = prompts.current();

            // first a broken save: nothing changes, then the fixed save through a temp file
            Files.writeString(dir.resolve("daily.txt"), "{{dat");
            Path tmp = dir.resolve(".daily.txt.tmp");
            Files.writeString(tmp, "Daily show for {{station}} on {{date}}.\n");
            Thread.sleep(400);
            assertThat(prompts.current()).isSameAs(before);
            Files.move(tmp, dir.resolve("daily.txt"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

            Await.until("daily.txt reloaded", Duration.ofSeconds(10),
                    () -> prompts.current().get(PromptName.DAILY).text().equals("Daily show for {{station}} on {{date}}.\n"));
        }
    }

    @Test
    void watchSeesAFolderThatComesBack() throws Exception {
        Path prompts = dir.resolve("prompts");
        Files.createDirectory(prompts);
        PromptFiles.copyInto(prompts);
        try (Prompts live = new Prompts(prompts, new PromptLoader(), Duration.ofMillis(100))) {
            live.watch();
            for (PromptName n : PromptName.values()) {
                Files.delete(prompts.resolve(n.fileName()));
            }
            Files.delete(prompts);
            Thread.sleep(300);
            Files.createDirectory(prompts);
            PromptFiles.copyInto(prompts);
            Files.writeString(prompts.resolve("weekly.txt"), "Week {{week}} on {{station}}.\n");

            Await.until("weekly.txt reloaded", Duration.ofSeconds(10),
                    () -> live.current().get(PromptName.WEEKLY).text().equals("Week {{week}} on {{station}}.\n"));
        }
    }
}
