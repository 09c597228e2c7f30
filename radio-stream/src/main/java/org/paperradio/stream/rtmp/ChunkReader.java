package org.paperradio.stream.rtmp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Reassembles RTMP messages from chunks (all four header types, extended timestamps,
 * interleaved chunk streams). Input is untrusted: message length, chunk size and the number of
 * chunk streams are bounded. Counts the bytes it reads, for acknowledgements. Not thread-safe.
 */
final class ChunkReader {

    static final int MAX_MESSAGE = 1 << 20;
    private static final int MAX_CHUNK_SIZE = 1 << 24;
    private static final int MAX_STREAMS = 64;

    private static final class Stream {
        long timestamp;
        long delta;
        int length;
        int typeId;
        int streamId;
        boolean extended;
        byte[] buf;
        int filled;
    }

    private final InputStream in;
    private final Map<Integer, Stream> streams = new HashMap<>();
    private int chunkSize = 128;
    private long bytesRead;

    ChunkReader(InputStream in) {
        this.in = in;
    }

    /** Applies the peer's Set Chunk Size. */
    void chunkSize(int size) throws IOException {
        if (size < 1 || size > MAX_CHUNK_SIZE) {
            throw new IOException("peer chose an unreasonable chunk size: " + size);
        }
        chunkSize = size;
    }

    /** Bytes read so far. */
    long bytesRead() {
        return bytesRead;
    }

    /** Drops a half-received message (Abort message). */
    void abort(int csid) {
        Stream s = streams.get(csid);
        if (s != null) {
            s.buf = null;
            s.filled = 0;
        }
    }

    /** Reads chunks until one message is complete and returns it. */
    RtmpMessage read() throws IOException {
        while (true) {
            int b0 = u8();
            int fmt = b0 >> 6;
            int csid = b0 & 0x3F;
            if (csid == 0) {
                csid = 64 + u8();
            } else if (csid == 1) {
                csid = 64 + u8() + (u8() << 8);
            }
            Stream s = streams.get(csid);
            if (s == null) {
                if (fmt != 0) {
                    throw new IOException("chunk stream " + csid + " starts without a type 0 header");
                }
                if (streams.size() >= MAX_STREAMS) {
                    throw new IOException("peer uses too many chunk streams");
                }
                s = new Stream();
                streams.put(csid, s);
            }
            boolean newMessage = s.buf == null;
            if (fmt <= 2) {
                long t = u24();
                if (fmt <= 1) {
                    s.length = (int) u24();
                    s.typeId = u8();
                    if (fmt == 0) {
                        s.streamId = u8() | u8() << 8 | u8() << 16 | u8() << 24;
                    }
                }
                s.extended = t == 0xFFFFFF;
                if (s.extended) {
                    t = u32();
                }
                if (fmt == 0) {
                    s.timestamp = t;
                    s.delta = 0;
                } else {
                    s.delta = t;
                    s.timestamp = (s.timestamp + t) & 0xFFFFFFFFL;
                }
            } else {
                if (s.extended) {
                    u32(); // repeated extended timestamp
                }
                if (newMessage) {
                    s.timestamp = (s.timestamp + s.delta) & 0xFFFFFFFFL;
                }
            }
            if (newMessage) {
                if (s.length > MAX_MESSAGE) {
                    throw new IOException("peer message too long: " + s.length);
                }
                s.buf = new byte[s.length];
                s.filled = 0;
            }
            int part = Math.min(chunkSize, s.length - s.filled);
            readFully(s.buf, s.filled, part);
            s.filled += part;
            if (s.filled == s.length) {
                byte[] payload = s.buf;
                s.buf = null;
                return new RtmpMessage(s.typeId, s.streamId, s.timestamp, payload);
            }
        }
    }

    private void readFully(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = in.read(b, off, len);
            if (n < 0) {
                throw new EOFException("connection closed by server");
            }
            bytesRead += n;
            off += n;
            len -= n;
        }
    }

    private int u8() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed by server");
        }
        bytesRead++;
        return b;
    }

    private long u24() throws IOException {
        return (long) u8() << 16 | u8() << 8 | u8();
    }

    private long u32() throws IOException {
        return (long) u8() << 24 | (long) u8() << 16 | u8() << 8 | u8();
    }
}
