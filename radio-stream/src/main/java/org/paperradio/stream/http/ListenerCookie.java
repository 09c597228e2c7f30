package org.paperradio.stream.http;

import com.sun.net.httpserver.Headers;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Tells listeners apart for "one vote per listener": an opaque random id in a first-party cookie,
 * issued on a listener's first vote. HttpOnly (no script reads it) and SameSite=Strict (another
 * site cannot make a browser vote). Anyone can clear cookies; the per-address rate limit bounds
 * what that buys. The station stores only a hash of the id (see {@code Votes}).
 */
final class ListenerCookie {

    static final String NAME = "pr_listener";
    private static final Duration LIFETIME = Duration.ofDays(365);
    /** 16 random bytes, base64url: 22 characters. Anything else in the cookie is ignored. */
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final int MAX_HEADER = 8192;

    private final SecureRandom random = new SecureRandom();

    /** The listener id from the request's cookies, or null when it has none (or a malformed one). */
    String read(Headers request) {
        List<String> headers = request.get("Cookie");
        if (headers == null) {
            return null;
        }
        for (String header : headers) {
            if (header == null || header.length() > MAX_HEADER) {
                continue;
            }
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).strip().equals(NAME)) {
                    String value = part.substring(eq + 1).strip();
                    if (value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1); // RFC 6265 allows a quoted value
                    }
                    if (VALUE.matcher(value).matches()) {
                        return value;
                    }
                }
            }
        }
        return null;
    }

    /** A new listener id, set as the cookie on the response. */
    String issue(Headers response) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        response.add("Set-Cookie", NAME + "=" + id + "; Path=/; Max-Age=" + LIFETIME.toSeconds()
                + "; HttpOnly; SameSite=Strict");
        return id;
    }
}
