package org.paperradio.stream.rtmp;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One FLV tag: type, timestamp in milliseconds and body. The same body is an RTMP audio,
 * video or data message. Static factories build the bodies the video stream needs: {@code
 * onMetaData}, AVC sequence header and NALU packets, MP3 frames, AAC sequence header and raw
 * frames.
 *
 * @param type audio, video or script data
 * @param timestampMs presentation time in milliseconds on the producer's own time line (the
 *     publisher rebases it per connection)
 * @param body the tag body (not copied: do not change it after handing it over; record equality
 *     therefore compares the body by identity)
 */
public record FlvTag(Type type, long timestampMs, byte[] body) {

    /** Largest body an FLV tag (24-bit size) or RTMP message (24-bit length) can carry. */
    public static final int MAX_BODY = 0xFFFFFF;

    /** FLV tag types with their ids. */
    public enum Type {
        AUDIO(8), VIDEO(9), SCRIPT(18);

        private final int id;

        Type(int id) {
            this.id = id;
        }

        /** The FLV tag type id, also the RTMP message type id. */
        public int id() {
            return id;
        }
    }

    public FlvTag {
        if (type == null || body == null) {
            throw new IllegalArgumentException("type and body are required");
        }
        if (body.length > MAX_BODY) {
            throw new IllegalArgumentException("tag body over 16 MiB: " + body.length);
        }
        if (timestampMs < 0) {
            throw new IllegalArgumentException("negative timestamp");
        }
    }

    /** A video tag whose frame type is key frame (AVC sequence headers are key frames too). */
    public boolean isKeyframe() {
        return type == Type.VIDEO && body.length > 0 && (body[0] & 0xF0) == 0x10;
    }

    /** An AVC sequence header (decoder configuration). */
    public boolean isAvcSequenceHeader() {
        return type == Type.VIDEO && body.length > 1 && (body[0] & 0x0F) == 7 && body[1] == 0;
    }

    /** An AAC sequence header (AudioSpecificConfig). */
    public boolean isAacSequenceHeader() {
        return type == Type.AUDIO && body.length > 1 && (body[0] & 0xF0) == 0xA0 && body[1] == 0;
    }

    /** Configuration rather than media: metadata or a sequence header. */
    public boolean isConfig() {
        return type == Type.SCRIPT || isAvcSequenceHeader() || isAacSequenceHeader();
    }

    /** Media that can be dropped under pressure: audio frames and video frames that are not key frames. */
    public boolean isDroppableMedia() {
        return !isConfig() && !isKeyframe();
    }

    /** {@code onMetaData} as an FLV script tag body: the string then an ECMA array. */
    public static FlvTag metadata(StreamMetadata m) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("duration", 0.0);
        e.put("width", m.width());
        e.put("height", m.height());
        e.put("framerate", m.frameRate());
        e.put("videocodecid", 7);
        e.put("videodatarate", m.videoKbps());
        e.put("audiocodecid", m.audio().flvId());
        e.put("audiosamplerate", m.audioSampleRate());
        e.put("audiosamplesize", 16);
        e.put("audiochannels", m.audioChannels());
        e.put("stereo", m.audioChannels() == 2);
        e.put("audiodatarate", m.audioKbps());
        e.put("encoder", m.encoder());
        if (!m.title().isEmpty()) {
            e.put("title", m.title());
        }
        return new FlvTag(Type.SCRIPT, 0, Amf0.encode("onMetaData", new Amf0.EcmaArray(e)));
    }

    /** The AVC sequence header: an AVCDecoderConfigurationRecord built from one SPS and one PPS. */
    public static FlvTag avcSequenceHeader(long timestampMs, byte[] sps, byte[] pps) {
        byte[] avcc = avcDecoderConfigurationRecord(sps, pps);
        byte[] body = new byte[5 + avcc.length];
        body[0] = 0x17; // key frame, codec 7 (AVC)
        body[1] = 0; // AVC sequence header; composition time stays 0
        System.arraycopy(avcc, 0, body, 5, avcc.length);
        return new FlvTag(Type.VIDEO, timestampMs, body);
    }

    /**
     * The AVCDecoderConfigurationRecord (ISO 14496-15 5.2.4.1) for one SPS and one PPS, NAL
     * lengths in 4 bytes. The high-profile extension (chroma format, bit depths) is left out:
     * decoders read those from the SPS itself.
     */
    public static byte[] avcDecoderConfigurationRecord(byte[] sps, byte[] pps) {
        if (sps.length < 4 || AnnexB.type(sps) != AnnexB.NAL_SPS) {
            throw new IllegalArgumentException("not an SPS NAL unit");
        }
        if (pps.length < 1 || AnnexB.type(pps) != AnnexB.NAL_PPS) {
            throw new IllegalArgumentException("not a PPS NAL unit");
        }
        if (sps.length > 0xFFFF || pps.length > 0xFFFF) {
            throw new IllegalArgumentException("parameter set too long");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1); // configurationVersion
        out.write(sps[1]); // AVCProfileIndication
        out.write(sps[2]); // profile_compatibility
        out.write(sps[3]); // AVCLevelIndication
        out.write(0xFF); // reserved 6 bits + lengthSizeMinusOne = 3
        out.write(0xE1); // reserved 3 bits + one SPS
        out.write(sps.length >> 8);
        out.write(sps.length);
        out.writeBytes(sps);
        out.write(1); // one PPS
        out.write(pps.length >> 8);
        out.write(pps.length);
        out.writeBytes(pps);
        return out.toByteArray();
    }

    /**
     * One H.264 access unit given in Annex-B form, as an AVC NALU packet with 4-byte length
     * prefixes and composition time 0. A key frame when it holds an IDR slice. Access unit
     * delimiters are left out; SPS/PPS/SEI in the access unit are kept.
     */
    public static FlvTag avcVideo(long timestampMs, byte[] annexBAccessUnit) {
        List<byte[]> nals = AnnexB.nals(annexBAccessUnit);
        boolean key = false;
        ByteArrayOutputStream out = new ByteArrayOutputStream(annexBAccessUnit.length + 16);
        out.write(0); // frame type set below
        out.write(1); // AVC NALU
        out.write(0);
        out.write(0);
        out.write(0); // composition time 0: no B-frames
        for (byte[] nal : nals) {
            int t = AnnexB.type(nal);
            if (t == AnnexB.NAL_AUD) {
                continue;
            }
            key |= t == AnnexB.NAL_IDR;
            out.write(nal.length >>> 24);
            out.write(nal.length >>> 16);
            out.write(nal.length >>> 8);
            out.write(nal.length);
            out.writeBytes(nal);
        }
        byte[] body = out.toByteArray();
        body[0] = (byte) (key ? 0x17 : 0x27);
        return new FlvTag(Type.VIDEO, timestampMs, body);
    }

    /**
     * One MP3 frame (sound format 2). The header byte says 16-bit samples, the channel count and
     * the FLV rate class nearest to {@code sampleRate} (44.1 kHz is class 3); decoders take the
     * true rate from the MP3 frame header.
     */
    public static FlvTag mp3Audio(long timestampMs, byte[] frame, int sampleRate, int channels) {
        int rate = sampleRate >= 44100 ? 3 : sampleRate >= 22050 ? 2 : sampleRate >= 11025 ? 1 : 0;
        byte[] body = new byte[1 + frame.length];
        body[0] = (byte) (0x20 | rate << 2 | 0x02 | (channels == 2 ? 1 : 0));
        System.arraycopy(frame, 0, body, 1, frame.length);
        return new FlvTag(Type.AUDIO, timestampMs, body);
    }

    /** The AAC sequence header carrying the AudioSpecificConfig (format 10, always 44 kHz/16-bit/stereo bits). */
    public static FlvTag aacSequenceHeader(long timestampMs, byte[] audioSpecificConfig) {
        return aac(timestampMs, 0, audioSpecificConfig);
    }

    /** One raw AAC frame (no ADTS header). */
    public static FlvTag aacRaw(long timestampMs, byte[] rawFrame) {
        return aac(timestampMs, 1, rawFrame);
    }

    private static FlvTag aac(long timestampMs, int packetType, byte[] data) {
        byte[] body = new byte[2 + data.length];
        body[0] = (byte) 0xAF;
        body[1] = (byte) packetType;
        System.arraycopy(data, 0, body, 2, data.length);
        return new FlvTag(Type.AUDIO, timestampMs, body);
    }
}
