package org.paperradio.stream.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The operator's bearer token, from the environment. Only its SHA-256 is kept, and a presented
 * token is hashed and compared in constant time ({@link MessageDigest#isEqual}), so neither
 * its content nor its length leaks through timing. Without a token the admin routes are off.
 * The token never appears in {@link #toString()} or a log line.
 */
public final class AdminToken {

    private final byte[] hash;

    /** @param token the token, or null/blank when the admin API is off */
    public AdminToken(String token) {
        this.hash = token == null || token.isBlank() ? null : sha256(token.strip());
    }

    /** Whether a token is configured (the admin API is on). */
    public boolean enabled() {
        return hash != null;
    }

    /** Whether an {@code Authorization} header carries the token as {@code Bearer <token>}. */
    public boolean admits(String authorization) {
        if (hash == null || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(sha256(authorization.substring(7).strip()), hash);
    }

    /**
     * The answer for a caller who may not use an admin route: 404 while the admin API is off
     * (nothing to see), 401 without the right token; null when the caller is admitted.
     */
    LibraryApi.Reply refusal(String authorization) {
        if (!enabled()) {
            return new LibraryApi.Reply(404, new LibraryApi.ErrorJson("the admin API is off (no admin token in the environment)"));
        }
        if (!admits(authorization)) {
            return new LibraryApi.Reply(401, new LibraryApi.ErrorJson("a valid admin bearer token is needed"));
        }
        return null;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return enabled() ? "AdminToken[set]" : "AdminToken[off]";
    }
}
