package org.paperradio.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionConfigTest {

    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void absentMeansTheDefaults() throws Exception {
        StationConfig.Retention r = loader.parse("station: {name: Test}\n", "s.yaml").retention();
        assertThat(r.papers()).isEqualTo(Duration.ofDays(30));
        assertThat(r.segmentWav()).isEqualTo(Duration.ofDays(7));
        assertThat(r.showAudio()).isEqualTo(Duration.ofDays(60));
        assertThat(r.archive()).isEqualTo(Duration.ofDays(14));
        assertThat(r.every()).isEqualTo(Duration.ofHours(6));
        assertThat(loader.parse("", "s.yaml").retention()).isEqualTo(r);
    }

    @Test
    void readsAgesAndZeroMeansForever() throws Exception {
        StationConfig.Retention r = loader.parse("""
                retention:
                  papers: 10d
                  segmentWav: 0d
                  showAudio: 36h
                  every: 30m
                """, "s.yaml").retention();
        assertThat(r.papers()).isEqualTo(Duration.ofDays(10));
        assertThat(r.segmentWav()).isZero();
        assertThat(r.showAudio()).isEqualTo(Duration.ofHours(36));
        assertThat(r.archive()).as("unset keys keep their default").isEqualTo(Duration.ofDays(14));
        assertThat(r.every()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void aTypoIsAClearError() {
        assertThatThrownBy(() -> loader.parse("station:\n  name: x\nretention:\n  paper: 30d\n", "config/station.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config/station.yaml:4")
                .hasMessageContaining("unknown key 'retention.paper'")
                .hasMessageContaining("papers, segmentWav, showAudio");
        assertThatThrownBy(() -> loader.parse("retentoin:\n  papers: 30d\n", "s.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("s.yaml:1")
                .hasMessageContaining("retention");
    }

    @Test
    void badAgesSayWhatIsExpected() {
        // 30m is thirty minutes, not months: an age that short is surely a mistake
        assertThatThrownBy(() -> loader.parse("retention:\n  archive: 14d\n  papers: 30m\n", "s.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("s.yaml:3")
                .hasMessageContaining("papers must be 0 (keep forever) or at least 1h");
        assertThatThrownBy(() -> loader.parse("retention:\n  showAudio: forever\n", "s.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("retention.showAudio")
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> loader.parse("retention:\n  every: 0s\n", "s.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("every must be at least");
    }

    @Test
    void theShippedConfigStatesTheDefaults() throws Exception {
        StationConfig shipped = loader.load(Path.of("../config/station.yaml"));
        assertThat(shipped.retention()).isEqualTo(loader.parse("", "defaults").retention());
    }
}
