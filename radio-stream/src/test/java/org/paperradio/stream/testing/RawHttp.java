package org.paperradio.stream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 requests sent byte for byte over a socket, so that no client rejects a malformed
 * escape or resolves the dots in the target before the server sees it (traversal tests).
 */
public final class RawHttp {

    /** An answer read off the socket: status, Content-Type (null if none) and body. */
    public record Raw(int status, String contentType, String body) {
    }

    private RawHttp() {
    }

    public static Raw send(int port, String method, String target) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(all).as(target).startsWith("HTTP/1.1 ");
            int split = all.indexOf("\r\n\r\n");
            String type = all.substring(0, split).lines()
                    .filter(l -> l.regionMatches(true, 0, "Content-Type:", 0, 13))
                    .map(l -> l.substring(13).strip()).findFirst().orElse(null);
            return new Raw(Integer.parseInt(all.substring(9, 12)), type, all.substring(split + 4));
        }
    }
}
