package org.paperradio.stream.video;

import java.awt.Dimension;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.paperradio.core.config.StationConfig;

/**
 * What the scenes take from the station's config.
 *
 * @param station       the station's name
 * @param nonCommercial whether the station is non-commercial (then CC BY-NC pages may air)
 * @param zone          the zone of the on-screen clock (the schedule's zone)
 * @param hostNames     host id to the name shown under "speaking"
 * @param pageArea      the size pages are scaled to once, see {@link FrameComposer#layout()}
 */
public record SceneSettings(String station, boolean nonCommercial, ZoneId zone, Map<String, String> hostNames,
                            Dimension pageArea) {

    public SceneSettings {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(pageArea, "pageArea");
        station = station == null ? "" : station;
        hostNames = hostNames == null ? Map.of() : Map.copyOf(hostNames);
        if (pageArea.width < 1 || pageArea.height < 1) {
            throw new IllegalArgumentException("an empty page area: " + pageArea);
        }
        pageArea = new Dimension(pageArea); // Dimension is mutable: keep our own
    }

    /** The settings of a configured station, with pages sized for {@code composer}'s page area. */
    public static SceneSettings of(StationConfig config, FrameComposer composer) {
        Map<String, String> names = new LinkedHashMap<>();
        for (StationConfig.Host h : config.hosts()) {
            names.put(h.id(), h.name());
        }
        return new SceneSettings(config.station().name(), config.station().nonCommercial(), config.schedule().zone(),
                names, composer.layout().page().getSize());
    }

    @Override
    public Dimension pageArea() {
        return new Dimension(pageArea);
    }
}
