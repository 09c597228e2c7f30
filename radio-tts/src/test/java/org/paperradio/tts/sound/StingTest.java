package org.paperradio.tts.sound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.StationConfig;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.loudness.Ffmpeg;

/** The sting and jingle mastering, measured by ffmpeg's ebur128. */
class StingTest {

    @TempDir
    Path dir;

    @Test
    void theStingIsShortAtTheStationLoudnessUnderTheCeilingAndClickFree() throws Exception {
        for (double target : new double[] {-16, -23}) {
            StationConfig.Sound sound = new StationConfig.Sound(target, -1.0, null, null, null, null, null);
            Pcm sting = Sting.make(44_100, sound);
            assertThat(sting.duration()).isBetween(Duration.ofMillis(1000), Duration.ofMillis(1500));
            Ffmpeg.Measurement m = Ffmpeg.measure(sting, dir);
            assertThat(m.integratedLufs()).as("sting at %s", target).isCloseTo(target, within(1.0));
            assertThat(m.truePeakDbtp()).isLessThan(-1.0);
            short[] s = sting.samples();
            assertThat(Math.abs((int) s[0])).isLessThan(30);
            assertThat(Math.abs((int) s[s.length - 1])).isLessThan(30);
        }
        // the same every time
        StationConfig.Sound defaults = new StationConfig.Sound(null, null, null, null, null, null, null);
        assertThat(Sting.make(22_050, defaults).samples()).isEqualTo(Sting.make(22_050, defaults).samples());
    }

    @Test
    void aJingleIsMasteredToTheTarget() throws Exception {
        // a loud jingle and a quiet one (within the normaliser's 20 dB of gain) both end at -16 LUFS under -1 dBTP
        StationConfig.Sound sound = new StationConfig.Sound(null, null, null, null, null, null, null);
        Mastering mastering = new Mastering(sound);
        for (double amplitude : new double[] {0.99, 0.05}) {
            short[] s = new short[3 * 44_100];
            for (int i = 0; i < s.length; i++) {
                double t = (double) i / 44_100;
                s[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * 523.25 * t)
                        * (0.6 + 0.4 * Math.sin(2 * Math.PI * 2 * t)));
            }
            Pcm jingle = mastering.master(new Pcm(s, 44_100));
            Ffmpeg.Measurement m = Ffmpeg.measure(jingle, dir);
            assertThat(m.integratedLufs()).as("jingle at amplitude %s", amplitude).isCloseTo(-16.0, within(0.5));
            assertThat(m.truePeakDbtp()).isLessThan(-1.0);
            assertThat(jingle.samples()[0]).isZero();
        }
    }
}
