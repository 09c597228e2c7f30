package org.paperradio.stream.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlvWriterTest {

    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    @Test
    void writesHeaderTagHeadersAndPreviousTagSizes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FlvWriter w = new FlvWriter(out);
        w.writeHeader(true, true);
        w.write(new FlvTag(FlvTag.Type.AUDIO, 0x12345678L, new byte[] {(byte) 0x2E, 1, 2}));
        assertThat(HEX.formatHex(out.toByteArray())).isEqualTo(
                "464c5601050000000900000000" // FLV v1, audio+video, offset 9, PreviousTagSize0
                        + "08" + "000003" + "345678" + "12" + "000000" // type, size, ts low 24 + ext, stream id
                        + "2e0102" + "0000000e"); // body, PreviousTagSize = 11 + 3
        assertThatThrownBy(() -> w.writeHeader(true, false)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new FlvWriter(OutputStream.nullOutputStream())
                .write(new FlvTag(FlvTag.Type.AUDIO, 0, new byte[1]))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void buildsAvcDecoderConfigurationRecordFromRealParameterSets() throws Exception {
        TestMedia media = TestMedia.generate(dir, 1);
        byte[] avcc = FlvTag.avcDecoderConfigurationRecord(media.sps(), media.pps());
        assertThat(avcc[0]).isEqualTo((byte) 1);
        assertThat(avcc[1] & 0xFF).isEqualTo(66); // baseline, from the SPS
        assertThat(avcc[3]).isEqualTo(media.sps()[3]);
        assertThat(avcc[4] & 0xFF).isEqualTo(0xFF); // 4-byte NAL lengths
        assertThat(avcc[5] & 0xFF).isEqualTo(0xE1);
        int spsLen = (avcc[6] & 0xFF) << 8 | avcc[7] & 0xFF;
        assertThat(spsLen).isEqualTo(media.sps().length);
        int ppsAt = 8 + spsLen;
        assertThat(avcc[ppsAt]).isEqualTo((byte) 1);
        assertThat((avcc[ppsAt + 1] & 0xFF) << 8 | avcc[ppsAt + 2] & 0xFF).isEqualTo(media.pps().length);
        assertThat(avcc).hasSize(ppsAt + 3 + media.pps().length);
        assertThatThrownBy(() -> FlvTag.avcDecoderConfigurationRecord(media.pps(), media.sps()))
                .isInstanceOf(IllegalArgumentException.class);

        FlvTag key = FlvTag.avcVideo(0, media.accessUnits().get(0));
        FlvTag inter = FlvTag.avcVideo(33, media.accessUnits().get(1));
        assertThat(key.isKeyframe()).isTrue();
        assertThat(inter.isKeyframe()).isFalse();
        assertThat(FlvTag.avcSequenceHeader(0, media.sps(), media.pps()).isAvcSequenceHeader()).isTrue();
        assertThat(HEX.formatHex(inter.body(), 0, 5)).isEqualTo("2701000000");
    }

    @Test
    void metadataCarriesTheStreamDescription() {
        FlvTag meta = FlvTag.metadata(new StreamMetadata(1280, 720, 30, 2500, StreamMetadata.AudioCodec.AAC,
                44100, 2, 128, "PaperRadio", "Paper Radio: a paper"));
        List<Object> values = Amf0.decodeAll(meta.body());
        assertThat(values.get(0)).isEqualTo("onMetaData");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) values.get(1);
        assertThat(m).containsEntry("width", 1280.0).containsEntry("height", 720.0).containsEntry("framerate", 30.0)
                .containsEntry("videocodecid", 7.0).containsEntry("audiocodecid", 10.0)
                .containsEntry("audiosamplerate", 44100.0).containsEntry("audiochannels", 2.0)
                .containsEntry("stereo", true).containsEntry("videodatarate", 2500.0)
                .containsEntry("audiodatarate", 128.0).containsEntry("encoder", "PaperRadio")
                .containsEntry("title", "Paper Radio: a paper");
        assertThat(meta.body()[values.get(0).toString().length() + 3]).isEqualTo((byte) 8); // ECMA array
    }

    @Test
    void audioTagHeaders() {
        assertThat(FlvTag.mp3Audio(0, new byte[] {9}, 44100, 1).body()).containsExactly(0x2E, 9);
        assertThat(FlvTag.mp3Audio(0, new byte[] {9}, 22050, 2).body()).containsExactly(0x2B, 9);
        FlvTag aacHeader = FlvTag.aacSequenceHeader(0, new byte[] {0x12, 0x10});
        assertThat(aacHeader.body()).containsExactly(0xAF, 0, 0x12, 0x10);
        assertThat(aacHeader.isAacSequenceHeader()).isTrue();
        assertThat(FlvTag.aacRaw(23, new byte[] {5}).body()).containsExactly(0xAF, 1, 5);
    }

    @Test
    void aFileWrittenFromRealMediaDecodesCleanly() throws Exception {
        TestMedia media = TestMedia.generate(dir, 2);
        Path flv = dir.resolve("out.flv");
        try (OutputStream out = Files.newOutputStream(flv)) {
            FlvWriter w = new FlvWriter(out);
            w.writeHeader(true, true);
            w.write(FlvTag.metadata(media.metadata()));
            w.write(FlvTag.avcSequenceHeader(0, media.sps(), media.pps()));
            int v = 0;
            int a = 0;
            while (v < media.accessUnits().size() || a < media.mp3Frames().size()) {
                long vts = Math.round(v * 1000.0 / TestMedia.FPS);
                long ats = Math.round(a * TestMedia.MP3_FRAME_MS);
                if (v < media.accessUnits().size() && (vts <= ats || a >= media.mp3Frames().size())) {
                    w.write(FlvTag.avcVideo(vts, media.accessUnits().get(v++)));
                } else {
                    w.write(FlvTag.mp3Audio(ats, media.mp3Frames().get(a++), TestMedia.SAMPLE_RATE, 1));
                }
            }
        }
        String streams = TestMedia.output("ffprobe", "-v", "error", "-show_entries",
                "stream=codec_name,width,height,sample_rate,channels:format=format_name", "-of", "compact", flv.toString());
        assertThat(streams).contains("codec_name=h264|width=320|height=240").contains("codec_name=mp3")
                .contains("sample_rate=44100|channels=1").contains("format_name=flv");
        assertThat(TestMedia.output("ffmpeg", "-v", "error", "-i", flv.toString(), "-f", "null", "-")).isEmpty();
        String frames = TestMedia.output("ffprobe", "-v", "error", "-select_streams", "v", "-count_frames",
                "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", flv.toString());
        assertThat(frames.strip()).isEqualTo(String.valueOf(media.accessUnits().size()));
        assertThat(media.accessUnits()).hasSize(60);
    }
}
