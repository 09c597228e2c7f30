package org.paperradio.stream.rtmp;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * An RTMP publishing address {@code rtmp://host[:port]/app[/more]/streamKey}: the last path
 * segment (with any query) is the stream key, the rest is the application. The key is a secret:
 * {@link #toString()} and {@link #redacted()} show it as {@code ***}. Only {@code rtmp} is
 * supported ({@code rtmps} is not).
 *
 * @param host server host
 * @param port server port (1935 when the URL has none)
 * @param app application name as sent in {@code connect}
 * @param streamKey the stream key (secret)
 * @param tcUrl the target URL without the key, as sent in {@code connect}
 */
public record RtmpUrl(String host, int port, String app, String streamKey, String tcUrl) {

    /** Parses and checks an RTMP URL; messages never contain the stream key. */
    public static RtmpUrl parse(String url) {
        if (url == null) {
            throw new IllegalArgumentException("RTMP URL is required");
        }
        int schemeEnd = url.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : url.substring(0, schemeEnd).toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("rtmps")) {
            throw new IllegalArgumentException("rtmps:// is not supported; use rtmp://");
        }
        if (!scheme.equals("rtmp")) {
            throw new IllegalArgumentException("RTMP URL must start with rtmp://");
        }
        int slashAfterHost = url.indexOf('/', schemeEnd + 3);
        int lastSlash = url.lastIndexOf('/');
        if (slashAfterHost < 0 || lastSlash <= slashAfterHost || lastSlash == url.length() - 1) {
            throw new IllegalArgumentException("RTMP URL must look like rtmp://host[:port]/app/streamKey");
        }
        String authority = url.substring(schemeEnd + 3, slashAfterHost);
        String app = url.substring(slashAfterHost + 1, lastSlash);
        String key = url.substring(lastSlash + 1);
        URI uri;
        try {
            uri = new URI("rtmp://" + authority + "/");
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad host in RTMP URL: " + authority);
        }
        if (uri.getHost() == null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("bad host in RTMP URL: " + authority);
        }
        int port = uri.getPort() < 0 ? 1935 : uri.getPort();
        return new RtmpUrl(uri.getHost(), port, app, key, "rtmp://" + authority + "/" + app);
    }

    /** The URL with the stream key replaced by {@code ***}, safe to log. */
    public String redacted() {
        return tcUrl + "/***";
    }

    /** Replaces every occurrence of the stream key in server-provided text, before it is logged. */
    public String redact(String text) {
        return text == null || streamKey.isEmpty() ? text : text.replace(streamKey, "***");
    }

    @Override
    public String toString() {
        return redacted();
    }
}
