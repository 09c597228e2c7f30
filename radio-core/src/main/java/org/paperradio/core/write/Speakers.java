package org.paperradio.core.write;

import java.util.List;
import java.util.Locale;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.prompt.PromptValues;

/** The two hosts as prompts name them and as model answers label their lines; shared by the segment and show writers. */
public final class Speakers {

    private Speakers() {
    }

    /** Station and hosts (names and personas) as the prompts' {@code station}, {@code host_a}... placeholders. */
    public static PromptValues cast(StationConfig config) {
        StationConfig.Host a = config.hosts().get(0);
        StationConfig.Host b = config.hosts().get(1);
        return PromptValues.create()
                .plain("station", config.station().name())
                .plain("host_a", a.name()).plain("host_a_persona", a.persona())
                .plain("host_b", b.name()).plain("host_b_persona", b.persona());
    }

    /**
     * The host id a model's speaker label names (by name or id, any case), or when it names
     * neither (a "Narrator", nothing), the host whose turn it is.
     *
     * @param turn 0 for the first host, 1 for the second
     */
    public static String hostOf(String label, StationConfig config, int turn) {
        List<StationConfig.Host> hosts = config.hosts().subList(0, 2);
        String l = label.strip().toLowerCase(Locale.ROOT);
        for (StationConfig.Host h : hosts) {
            if (l.equals(h.id()) || l.equals(h.name().toLowerCase(Locale.ROOT))) {
                return h.id();
            }
        }
        return hosts.get(turn).id();
    }

    /** Whose turn follows a line by {@code hostId}: 1 after the first host, else 0. */
    public static int nextTurn(String hostId, StationConfig config) {
        return config.hosts().get(0).id().equals(hostId) ? 1 : 0;
    }
}
