package org.paperradio.core.paper;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An arXiv identifier with its version, e.g. {@code 2501.10120v1} or {@code hep-th/9901001v2}.
 *
 * <p>Ids arrive from untrusted feeds and name folders on disk, so parsing is strict: anything
 * that is not a well-formed new-style or old-style id is rejected.
 */
public record ArxivId(String base, int version) implements Comparable<ArxivId> {

    private static final Pattern NEW_STYLE = Pattern.compile("(\\d{4}\\.\\d{4,5})(?:v(\\d{1,3}))?");
    private static final Pattern OLD_STYLE = Pattern.compile("([a-z]+(?:-[a-z]+)?(?:\\.[A-Z]{2})?/\\d{7})(?:v(\\d{1,3}))?");

    public ArxivId {
        if (base == null || !(NEW_STYLE.matcher(base).matches() || OLD_STYLE.matcher(base).matches())) {
            throw new IllegalArgumentException("not an arXiv id: " + base);
        }
        if (version < 1) {
            throw new IllegalArgumentException("arXiv version must be 1 or more: " + version);
        }
    }

    /**
     * Parses an id as arXiv writes it, with or without a version (no version means v1), also
     * from an abs/pdf URL such as {@code http://arxiv.org/abs/2501.10120v2}.
     */
    @JsonCreator
    public static ArxivId parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("not an arXiv id: null");
        }
        String s = text.strip();
        for (String marker : new String[] {"/abs/", "/pdf/"}) {
            int at = s.indexOf(marker);
            if (at >= 0) {
                s = s.substring(at + marker.length());
            }
        }
        if (s.startsWith("arXiv:")) {
            s = s.substring("arXiv:".length());
        }
        if (s.endsWith(".pdf")) {
            s = s.substring(0, s.length() - 4);
        }
        for (Pattern p : new Pattern[] {NEW_STYLE, OLD_STYLE}) {
            Matcher m = p.matcher(s);
            if (m.matches()) {
                return new ArxivId(m.group(1), m.group(2) == null ? 1 : Integer.parseInt(m.group(2)));
            }
        }
        throw new IllegalArgumentException("not an arXiv id: " + text);
    }

    /** True when {@code text} parses as an arXiv id. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A name safe to use as one folder (old-style ids contain a slash). */
    public String folderName() {
        return toString().replace('/', '_');
    }

    /** Inverse of {@link #folderName()}. */
    public static ArxivId fromFolderName(String name) {
        int slash = name.indexOf('_');
        return parse(slash < 0 ? name : name.substring(0, slash) + "/" + name.substring(slash + 1));
    }

    @JsonValue
    @Override
    public String toString() {
        return base + "v" + version;
    }

    @Override
    public int compareTo(ArxivId o) {
        int c = base.compareTo(o.base);
        return c != 0 ? c : Integer.compare(version, o.version);
    }
}
