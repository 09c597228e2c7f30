package org.paperradio.stream.rtmp;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Cuts RTMP messages into chunks. The first message on a chunk stream, or one whose message
 * stream id changes or whose timestamp goes backwards, gets a type 0 header (absolute
 * timestamp); later ones a type 1 header (timestamp delta, length, type); continuation chunks a
 * type 3 header. Timestamps or deltas of 0xFFFFFF and above go into the extended timestamp
 * field, repeated after every type 3 header of that message as the spec (and nginx-rtmp) expects.
 * Not thread-safe: callers serialise whole messages.
 */
final class ChunkWriter {

    private record Last(int streamId, long timestamp) {
    }

    private final OutputStream out;
    private final Map<Integer, Last> last = new HashMap<>();
    private int chunkSize = 128;

    ChunkWriter(OutputStream out) {
        this.out = out;
    }

    /** Sets the outgoing chunk size; send the Set Chunk Size message first, then call this. */
    void chunkSize(int size) {
        if (size < 1 || size > 0x7FFFFFFF) {
            throw new IllegalArgumentException("chunk size out of range");
        }
        chunkSize = size;
    }

    int chunkSize() {
        return chunkSize;
    }

    /** Writes one whole message on chunk stream {@code csid} (2..65599) and flushes. */
    void write(int csid, RtmpMessage m) throws IOException {
        if (csid < 2 || csid > 65599) {
            throw new IllegalArgumentException("chunk stream id out of range: " + csid);
        }
        long ts = m.timestamp() & 0xFFFFFFFFL;
        int len = m.payload().length;
        if (len > 0xFFFFFF) {
            throw new IllegalArgumentException("message too long for RTMP: " + len);
        }
        Last prev = last.get(csid);
        boolean type0 = prev == null || prev.streamId() != m.streamId() || ts < prev.timestamp();
        long field = type0 ? ts : ts - prev.timestamp();
        boolean extended = field >= 0xFFFFFF;
        int header = type0 ? 11 : 7;
        byte[] h = new byte[3 + header + 4];
        int n = basicHeader(h, type0 ? 0 : 1, csid);
        int tf = extended ? 0xFFFFFF : (int) field;
        h[n++] = (byte) (tf >> 16);
        h[n++] = (byte) (tf >> 8);
        h[n++] = (byte) tf;
        h[n++] = (byte) (len >> 16);
        h[n++] = (byte) (len >> 8);
        h[n++] = (byte) len;
        h[n++] = (byte) m.typeId();
        if (type0) {
            int sid = m.streamId(); // little-endian, the one odd field in RTMP
            h[n++] = (byte) sid;
            h[n++] = (byte) (sid >> 8);
            h[n++] = (byte) (sid >> 16);
            h[n++] = (byte) (sid >> 24);
        }
        if (extended) {
            n = putInt(h, n, field);
        }
        out.write(h, 0, n);
        int off = Math.min(len, chunkSize);
        out.write(m.payload(), 0, off);
        while (off < len) {
            byte[] c = new byte[3 + 4];
            int cn = basicHeader(c, 3, csid);
            if (extended) {
                cn = putInt(c, cn, field);
            }
            out.write(c, 0, cn);
            int part = Math.min(len - off, chunkSize);
            out.write(m.payload(), off, part);
            off += part;
        }
        out.flush();
        last.put(csid, new Last(m.streamId(), ts));
    }

    private static int basicHeader(byte[] b, int fmt, int csid) {
        if (csid < 64) {
            b[0] = (byte) (fmt << 6 | csid);
            return 1;
        }
        if (csid < 320) {
            b[0] = (byte) (fmt << 6);
            b[1] = (byte) (csid - 64);
            return 2;
        }
        b[0] = (byte) (fmt << 6 | 1);
        b[1] = (byte) (csid - 64);
        b[2] = (byte) ((csid - 64) >> 8);
        return 3;
    }

    private static int putInt(byte[] b, int n, long v) {
        b[n] = (byte) (v >> 24);
        b[n + 1] = (byte) (v >> 16);
        b[n + 2] = (byte) (v >> 8);
        b[n + 3] = (byte) v;
        return n + 4;
    }
}
