package org.paperradio.stream.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a file, from a request's {@code Range} header (RFC 9110 section 14): what
 * players ask for to seek in a long show without downloading it from the start.
 *
 * @param start       first byte, inclusive
 * @param end         last byte, inclusive
 * @param satisfiable false when the range starts past the end of the file (answered with 416)
 */
record ByteRange(long start, long end, boolean satisfiable) {

    /** One range: {@code first-last}, {@code first-} or {@code -suffixLength}. */
    private static final Pattern ONE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    long length() {
        return end - start + 1;
    }

    /** The {@code Content-Range} value answering it. */
    String contentRange(long size) {
        return satisfiable ? "bytes " + start + "-" + end + "/" + size : "bytes */" + size;
    }

    /**
     * The range a header asks for in a file of {@code size} bytes, or null to send the whole file:
     * no header, a malformed one, or several ranges (which a server may answer in full; players
     * ask for one).
     */
    static ByteRange parse(String header, long size) {
        if (header == null) {
            return null;
        }
        Matcher m = ONE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return null;
        }
        if (m.group(1).isEmpty()) { // the last N bytes
            long suffix = Long.parseLong(m.group(2));
            if (suffix == 0 || size == 0) {
                return new ByteRange(0, 0, false);
            }
            return new ByteRange(Math.max(0, size - suffix), size - 1, true);
        }
        long first = Long.parseLong(m.group(1));
        long last = m.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(m.group(2));
        if (last < first) {
            return null; // invalid: ignored, as RFC 9110 says
        }
        if (first >= size) {
            return new ByteRange(0, 0, false);
        }
        return new ByteRange(first, Math.min(last, size - 1), true);
    }
}
