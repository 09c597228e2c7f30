package org.paperradio.core.paper;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A paper's license as arXiv states it (a URL), and what it lets the station do with page
 * images. arXiv's own metadata (title, authors, abstract) is CC0 and always airs.
 */
public record License(String url) {

    /** arXiv's default, which grants arXiv, not us, the right to distribute. */
    public static final String ARXIV_NONEXCLUSIVE = "http://arxiv.org/licenses/nonexclusive-distrib/1.0/";

    public License {
        url = url == null ? "" : url.strip();
    }

    @JsonCreator
    public static License of(String url) {
        return new License(url);
    }

    public static License unknown() {
        return new License("");
    }

    public boolean isKnown() {
        return !url.isEmpty();
    }

    /**
     * Whether pages may be shown on a public stream: CC BY, CC BY-SA and CC0 always; the CC
     * BY-NC family only for a non-commercial station; arXiv's non-exclusive license and unknown
     * licenses never.
     */
    public boolean allowsRedistribution(boolean nonCommercialStation) {
        String u = url.toLowerCase(Locale.ROOT);
        if (u.contains("creativecommons.org/publicdomain/zero")) {
            return true;
        }
        if (!u.contains("creativecommons.org/licenses/")) {
            return false;
        }
        if (u.contains("/licenses/by-nc")) {
            return nonCommercialStation && !u.contains("-nd");
        }
        return u.contains("/licenses/by/") || u.contains("/licenses/by-sa/");
    }

    @JsonValue
    @Override
    public String toString() {
        return url;
    }
}
