package org.paperradio.stream.rtmp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.paperradio.stream.output.Mp3Frames;

/**
 * Real media made by ffmpeg for the tests: H.264 baseline 320x240 at 30 fps (key frame every
 * 2 s) cut into Annex-B access units, and 44.1 kHz mono MP3 cut into frames.
 */
record TestMedia(byte[] sps, byte[] pps, List<byte[]> accessUnits, List<byte[]> mp3Frames) {

    static final int FPS = 30;
    static final int SAMPLE_RATE = 44100;
    static final double MP3_FRAME_MS = 1152 * 1000.0 / SAMPLE_RATE;

    static TestMedia generate(Path dir, int seconds) throws IOException, InterruptedException {
        Path h264 = dir.resolve("out.h264");
        Path mp3 = dir.resolve("out.mp3");
        run("ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=" + FPS, "-t",
                String.valueOf(seconds), "-pix_fmt", "yuv420p", "-c:v", "libx264", "-profile:v", "baseline",
                "-g", "60", "-bf", "0", "-bsf:v", "h264_mp4toannexb", "-f", "h264", h264.toString());
        run("ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=" + SAMPLE_RATE,
                "-t", String.valueOf(seconds), "-ac", "1", "-c:a", "libmp3lame", "-b:a", "64k", "-f", "mp3",
                mp3.toString());
        List<byte[]> nals = AnnexB.nals(Files.readAllBytes(h264));
        byte[] sps = null;
        byte[] pps = null;
        List<byte[]> units = new ArrayList<>();
        ByteArrayOutputStream au = new ByteArrayOutputStream();
        boolean hasVcl = false;
        for (byte[] nal : nals) {
            int t = AnnexB.type(nal);
            boolean vcl = t == AnnexB.NAL_SLICE || t == AnnexB.NAL_IDR;
            boolean firstSlice = vcl && nal.length > 1 && (nal[1] & 0x80) != 0; // first_mb_in_slice == 0
            if (hasVcl && (!vcl || firstSlice)) {
                units.add(au.toByteArray());
                au.reset();
                hasVcl = false;
            }
            if (t == AnnexB.NAL_SPS && sps == null) {
                sps = nal;
            } else if (t == AnnexB.NAL_PPS && pps == null) {
                pps = nal;
            }
            au.writeBytes(new byte[] {0, 0, 0, 1});
            au.writeBytes(nal);
            hasVcl |= vcl;
        }
        if (hasVcl) {
            units.add(au.toByteArray());
        }
        List<byte[]> frames = new Mp3Frames().feed(Files.readAllBytes(mp3));
        return new TestMedia(sps, pps, units, frames);
    }

    StreamMetadata metadata() {
        return new StreamMetadata(320, 240, FPS, 200, StreamMetadata.AudioCodec.MP3, SAMPLE_RATE, 1, 64, "PaperRadio test", "");
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    /** Output of a command that may fail (for ffprobe/ffmpeg checks whose output is the point). */
    static String output(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}
