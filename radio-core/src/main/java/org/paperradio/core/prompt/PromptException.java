package org.paperradio.core.prompt;

import java.util.List;

/** The prompts folder is unusable; {@link #problems()} lists every problem found, each as {@code path:line: message}. */
public final class PromptException extends Exception {

    private final List<String> problems;

    public PromptException(List<String> problems) {
        super(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in the prompts:\n  "
                + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
