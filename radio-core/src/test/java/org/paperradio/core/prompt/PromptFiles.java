package org.paperradio.core.prompt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Test helper: the shipped prompts folder and working copies of it. */
final class PromptFiles {

    /** {@code config/prompts} of the repository, seen from the module folder that tests run in. */
    static final Path CONFIG = Path.of("..", "config", "prompts");

    private PromptFiles() {
    }

    /** Copies the shipped prompts into {@code dir} and returns it. */
    static Path copyInto(Path dir) throws IOException {
        for (PromptName name : PromptName.values()) {
            Files.copy(CONFIG.resolve(name.fileName()), dir.resolve(name.fileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }
}
