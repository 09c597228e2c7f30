package org.paperradio.core.prompt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the prompt catalog from a folder (or the defaults from the jar) and validates it whole:
 * every file present, UTF-8, not empty, at most {@code maxFileBytes}, and every placeholder
 * well-formed and known to its prompt. All problems are collected, each {@code path:line: message},
 * so an operator fixes a broken edit in one go.
 */
public final class PromptLoader {

    /** The default size cap of one prompt file. */
    public static final int DEFAULT_MAX_FILE_BYTES = 64 * 1024;

    /** Where the built-in defaults live on the classpath. */
    static final String DEFAULTS = "org/paperradio/core/prompt/defaults/";

    private final int maxFileBytes;

    public PromptLoader() {
        this(DEFAULT_MAX_FILE_BYTES);
    }

    public PromptLoader(int maxFileBytes) {
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be positive, got " + maxFileBytes);
        }
        this.maxFileBytes = maxFileBytes;
    }

    /** Loads every catalog prompt from {@code dir}. */
    public PromptSet load(Path dir) throws PromptException {
        if (!Files.isDirectory(dir)) {
            throw new PromptException(List.of(dir + ": not a folder (expected prompts: " + PromptName.catalog() + ")"));
        }
        Map<PromptName, Prompt> prompts = new EnumMap<>(PromptName.class);
        List<String> problems = new ArrayList<>();
        for (PromptName name : PromptName.values()) {
            Path file = dir.resolve(name.fileName());
            byte[] bytes;
            try {
                bytes = read(file);
            } catch (Unreadable e) {
                problems.add(e.getMessage());
                continue;
            }
            Prompt p = parse(name, file, bytes, problems);
            if (p != null) {
                prompts.put(name, p);
            }
        }
        if (!problems.isEmpty()) {
            throw new PromptException(problems);
        }
        return new PromptSet(prompts);
    }

    /**
     * The prompts shipped in the jar, a copy of {@code config/prompts}. They are tested at build
     * time, so a failure here is a broken build and is thrown unchecked.
     */
    public static PromptSet defaults() {
        Map<PromptName, Prompt> prompts = new EnumMap<>(PromptName.class);
        List<String> problems = new ArrayList<>();
        ClassLoader cl = PromptLoader.class.getClassLoader();
        for (PromptName name : PromptName.values()) {
            Path file = Path.of("classpath:" + DEFAULTS + name.fileName());
            try (InputStream in = cl.getResourceAsStream(DEFAULTS + name.fileName())) {
                if (in == null) {
                    problems.add(file + ": missing from the jar");
                    continue;
                }
                Prompt p = parse(name, file, in.readAllBytes(), problems);
                if (p != null) {
                    prompts.put(name, p);
                }
            } catch (IOException e) {
                problems.add(file + ": cannot read: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the built-in prompts are broken:\n  " + String.join("\n  ", problems));
        }
        return new PromptSet(prompts);
    }

    private byte[] read(Path file) throws Unreadable {
        if (!Files.exists(file)) {
            throw new Unreadable(file + ": missing (expected prompts: " + PromptName.catalog() + ")");
        }
        if (!Files.isRegularFile(file)) {
            throw new Unreadable(file + ": not a regular file");
        }
        // read at most one byte past the cap: a file growing while we read cannot blow memory
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxFileBytes + 1);
            if (bytes.length > maxFileBytes) {
                throw new Unreadable(file + ": too large (over " + maxFileBytes + " bytes; a prompt should be short)");
            }
            return bytes;
        } catch (IOException e) {
            throw new Unreadable(file + ": cannot read: " + e.getMessage());
        }
    }

    /** Decodes and validates one file; adds its problems and returns null if it has any. */
    private static Prompt parse(PromptName name, Path file, byte[] bytes, List<String> problems) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            problems.add(file + ": not valid UTF-8 text");
            return null;
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte order mark some Windows editors add
        }
        if (text.isBlank()) {
            problems.add(file + ": empty");
            return null;
        }
        List<Template.Problem> found = new ArrayList<>();
        Template.parse(text, name.placeholders(), found);
        if (!found.isEmpty()) {
            for (Template.Problem p : found) {
                problems.add(file + ":" + p.line() + ": " + p.message());
            }
            return null;
        }
        return new Prompt(name, file, text, Prompt.versionOf(bytes));
    }

    /** One file cannot be read; the message is the finished problem line. */
    private static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }
}
