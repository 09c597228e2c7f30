package org.paperradio.core.prompt;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One loaded prompt file.
 *
 * @param name    which catalog entry it is
 * @param file    where it was read from (for the built-in defaults, a {@code classpath:} pseudo path)
 * @param text    the template text, UTF-8 decoded
 * @param version the first 12 hex digits of the SHA-256 of the file's bytes; recorded with every
 *                artifact generated from it, so an output can be traced to the exact prompt
 */
public record Prompt(PromptName name, Path file, String text, String version) {

    public Prompt {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(version, "version");
    }

    /** The version string of a file's bytes. */
    public static String versionOf(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The version string of a text encoded as UTF-8. */
    public static String versionOf(String text) {
        return versionOf(text.getBytes(StandardCharsets.UTF_8));
    }
}
