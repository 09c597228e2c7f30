package org.paperradio.stream.rtmp;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads FLV tags from a stream (what ffmpeg writes with {@code -f flv}): the header, then each
 * tag with its type, size and timestamp. Tags of unknown type are skipped; a tag larger than
 * {@link FlvTag#MAX_BODY} or a stream that is not FLV is an {@link IOException}.
 */
public final class FlvReader {

    private final DataInputStream in;
    private boolean headerRead;

    public FlvReader(InputStream in) {
        this.in = new DataInputStream(in);
    }

    /** The next tag, or null at the end of the stream. */
    public FlvTag next() throws IOException {
        if (!headerRead) {
            byte[] header = new byte[9];
            try {
                in.readFully(header);
            } catch (EOFException e) {
                return null;
            }
            if (header[0] != 'F' || header[1] != 'L' || header[2] != 'V') {
                throw new IOException("not an FLV stream");
            }
            int offset = ((header[5] & 0xFF) << 24) | ((header[6] & 0xFF) << 16) | ((header[7] & 0xFF) << 8)
                    | (header[8] & 0xFF);
            in.skipNBytes(Math.max(0, offset - 9) + 4L); // rest of the header, PreviousTagSize0
            headerRead = true;
        }
        while (true) {
            int type = in.read();
            if (type < 0) {
                return null;
            }
            int size = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
            long ts = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
            ts |= (long) in.readUnsignedByte() << 24;
            in.skipNBytes(3); // stream id, always 0
            if (size > FlvTag.MAX_BODY) {
                throw new IOException("FLV tag of " + size + " bytes");
            }
            byte[] body = new byte[size];
            in.readFully(body);
            in.skipNBytes(4); // PreviousTagSize
            FlvTag.Type t = switch (type & 0x1F) {
                case 8 -> FlvTag.Type.AUDIO;
                case 9 -> FlvTag.Type.VIDEO;
                case 18 -> FlvTag.Type.SCRIPT;
                default -> null;
            };
            if (t != null) {
                return new FlvTag(t, ts, body);
            }
        }
    }
}
