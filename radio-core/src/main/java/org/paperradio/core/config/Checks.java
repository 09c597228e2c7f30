package org.paperradio.core.config;

import java.net.URI;
import java.time.Duration;

/** Value checks for config records; each message says what was expected. */
final class Checks {

    private Checks() {
    }

    static void nonBlank(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("must be " + what + ", not empty");
        }
    }

    static void range(long v, long min, long max, String key) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", not " + v);
        }
    }

    static void positive(Duration d, String key) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration (e.g. 30s, 5m), not " + d);
        }
    }

    static void atLeast(Duration d, Duration min, String key) {
        if (d.compareTo(min) < 0) {
            throw new IllegalArgumentException(key + " must be at least " + min + ", not " + d);
        }
    }

    static void httpUrl(URI u, String key) {
        String scheme = u.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
            throw new IllegalArgumentException(key + " must be an http(s) URL, not " + u);
        }
    }
}
