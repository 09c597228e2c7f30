package org.paperradio.stream.rtmp;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes an FLV file: the 9-byte header, then each tag followed by its PreviousTagSize.
 * Timestamps are written as given (32 bits: 24 low bits then the extension byte). Not
 * thread-safe.
 */
public final class FlvWriter {

    private final OutputStream out;
    private boolean headerWritten;

    /** Writes to {@code out}; the caller closes it. */
    public FlvWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes the file header announcing which kinds of tags follow. */
    public void writeHeader(boolean hasAudio, boolean hasVideo) throws IOException {
        if (headerWritten) {
            throw new IllegalStateException("header already written");
        }
        out.write(new byte[] {'F', 'L', 'V', 1, (byte) ((hasAudio ? 4 : 0) | (hasVideo ? 1 : 0)), 0, 0, 0, 9});
        out.write(new byte[4]); // PreviousTagSize0
        headerWritten = true;
    }

    /** Writes one tag and its PreviousTagSize. */
    public void write(FlvTag tag) throws IOException {
        if (!headerWritten) {
            throw new IllegalStateException("write the header first");
        }
        int size = tag.body().length;
        long ts = tag.timestampMs();
        out.write(new byte[] {
            (byte) tag.type().id(),
            (byte) (size >> 16), (byte) (size >> 8), (byte) size,
            (byte) (ts >> 16), (byte) (ts >> 8), (byte) ts, (byte) (ts >> 24),
            0, 0, 0});
        out.write(tag.body());
        int prev = 11 + size;
        out.write(new byte[] {(byte) (prev >> 24), (byte) (prev >> 16), (byte) (prev >> 8), (byte) prev});
    }
}
