package org.paperradio.tts.loudness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.WavFiles;

/** Test helper: the independent measure, ffmpeg's {@code ebur128} filter, on a WAV file we write (or any audio file). */
public final class Ffmpeg {

    public static final Path FFMPEG = Path.of("/usr/bin/ffmpeg");
    private static final Pattern I = Pattern.compile("I:\\s+(-?[0-9.]+|-inf) LUFS");
    private static final Pattern LRA = Pattern.compile("LRA:\\s+(-?[0-9.]+) LU");
    private static final Pattern PEAK = Pattern.compile("Peak:\\s+(-?[0-9.]+|-inf) dBFS");

    private Ffmpeg() {
    }

    /** What ffmpeg's summary says (values as printed, to 0.1). */
    public record Measurement(double integratedLufs, double loudnessRangeLu, double truePeakDbtp) {
    }

    public static Measurement measure(Pcm pcm, Path dir) throws IOException, InterruptedException {
        Path wav = Files.createTempFile(dir, "loudness", ".wav");
        WavFiles.write(wav, pcm);
        return measure(wav, dir);
    }

    /** What ffmpeg's ebur128 says about {@code file} (a WAV, an MP3: anything ffmpeg decodes). */
    public static Measurement measure(Path file, Path dir) throws IOException, InterruptedException {
        Path wav = file;
        Path log = Files.createTempFile(dir, "ffmpeg", ".log");
        Process p = new ProcessBuilder(FFMPEG.toString(), "-hide_banner", "-nostats", "-nostdin", "-i", wav.toString(),
                "-filter_complex", "ebur128=peak=true:framelog=verbose", "-f", "null", "-")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("ffmpeg timed out");
        }
        String out = Files.readString(log);
        if (p.exitValue() != 0) {
            throw new IOException("ffmpeg failed: " + out);
        }
        String summary = out.substring(out.lastIndexOf("Summary:"));
        return new Measurement(number(I, summary), number(LRA, summary), number(PEAK, summary));
    }

    /** {@code file} decoded by ffmpeg to 16-bit mono at its own rate. */
    public static Pcm decode(Path file, Path dir) throws IOException, InterruptedException {
        Path wav = Files.createTempFile(dir, "decoded", ".wav");
        Path log = Files.createTempFile(dir, "ffmpeg", ".log");
        Process p = new ProcessBuilder(FFMPEG.toString(), "-hide_banner", "-nostats", "-nostdin", "-y", "-i",
                file.toString(), "-ac", "1", "-c:a", "pcm_s16le", wav.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("ffmpeg timed out");
        }
        if (p.exitValue() != 0) {
            throw new IOException("ffmpeg failed: " + Files.readString(log));
        }
        return WavFiles.read(wav);
    }

    private static double number(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw new AssertionError("no " + p + " in ffmpeg output:\n" + text);
        }
        return m.group(1).equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(m.group(1));
    }
}
