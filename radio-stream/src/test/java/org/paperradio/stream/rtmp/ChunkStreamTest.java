package org.paperradio.stream.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChunkStreamTest {

    private static final HexFormat HEX = HexFormat.of();

    private static byte[] payload(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 1);
        }
        return b;
    }

    @Test
    void splitsIntoType0ThenType3ChunksAndUsesType1ForTheNextMessage() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChunkWriter w = new ChunkWriter(out);
        w.chunkSize(4);
        w.write(6, new RtmpMessage(9, 1, 1000, payload(10)));
        w.write(6, new RtmpMessage(9, 1, 1033, payload(3)));
        byte[] bytes = out.toByteArray();
        assertThat(HEX.formatHex(bytes)).isEqualTo(
                "06" + "0003e8" + "00000a" + "09" + "01000000" + HEX.formatHex(payload(10), 0, 4)
                        + "c6" + HEX.formatHex(payload(10), 4, 8)
                        + "c6" + HEX.formatHex(payload(10), 8, 10)
                        + "46" + "000021" + "000003" + "09" + HEX.formatHex(payload(3)));

        ChunkReader r = new ChunkReader(new ByteArrayInputStream(bytes));
        r.chunkSize(4);
        RtmpMessage a = r.read();
        RtmpMessage b = r.read();
        assertThat(a.payload()).isEqualTo(payload(10));
        assertThat(a.timestamp()).isEqualTo(1000);
        assertThat(a.streamId()).isEqualTo(1);
        assertThat(b.timestamp()).isEqualTo(1033);
        assertThat(b.typeId()).isEqualTo(9);
        assertThat(r.bytesRead()).isEqualTo(bytes.length);
    }

    @Test
    void extendedTimestampsAreRepeatedOnContinuationChunks() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChunkWriter w = new ChunkWriter(out);
        w.chunkSize(128);
        long ts = 0x1234567L; // beyond 24 bits, about 5.3 hours
        w.write(4, new RtmpMessage(8, 1, ts, payload(200)));
        byte[] bytes = out.toByteArray();
        assertThat(HEX.formatHex(bytes, 0, 16)).isEqualTo("04" + "ffffff" + "0000c8" + "08" + "01000000" + "01234567");
        int cont = 16 + 128;
        assertThat(HEX.formatHex(bytes, cont, cont + 5)).isEqualTo("c4" + "01234567");
        assertThat(bytes).hasSize(16 + 128 + 5 + 72);

        RtmpMessage m = new ChunkReader(new ByteArrayInputStream(bytes)).read();
        assertThat(m.timestamp()).isEqualTo(ts);
        assertThat(m.payload()).isEqualTo(payload(200));
    }

    @Test
    void interleavedChunkStreamsAndLargeChunkStreamIdsRoundTrip() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChunkWriter w = new ChunkWriter(out);
        w.chunkSize(128);
        w.write(70, new RtmpMessage(20, 0, 5, payload(300)));
        w.write(400, new RtmpMessage(18, 1, 6, payload(5)));
        w.write(70, new RtmpMessage(20, 0, 3, payload(1))); // timestamp went back: type 0 again
        byte[] bytes = out.toByteArray();
        assertThat(bytes[0]).isEqualTo((byte) 0x00);
        assertThat(bytes[1]).isEqualTo((byte) 6); // csid 70 = 64 + 6 in the 2-byte form
        ChunkReader r = new ChunkReader(new ByteArrayInputStream(bytes));
        assertThat(r.read().payload()).isEqualTo(payload(300));
        RtmpMessage second = r.read();
        assertThat(second.typeId()).isEqualTo(18);
        assertThat(second.payload()).isEqualTo(payload(5));
        assertThat(r.read().timestamp()).isEqualTo(3);
    }

    @Test
    void readerRejectsHostileInput() {
        byte[] tooLong = HEX.parseHex("03" + "000000" + "ffff00" + "14" + "00000000");
        assertThatThrownBy(() -> new ChunkReader(new ByteArrayInputStream(tooLong)).read())
                .isInstanceOf(IOException.class).hasMessageContaining("too long");
        byte[] noType0 = HEX.parseHex("c3");
        assertThatThrownBy(() -> new ChunkReader(new ByteArrayInputStream(noType0)).read())
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> new ChunkReader(new ByteArrayInputStream(new byte[0])).chunkSize(0))
                .isInstanceOf(IOException.class);
        byte[] cut = HEX.parseHex("03" + "000000" + "000010" + "14" + "00000000" + "0102");
        assertThatThrownBy(() -> new ChunkReader(new ByteArrayInputStream(cut)).read())
                .isInstanceOf(java.io.EOFException.class);
    }
}
