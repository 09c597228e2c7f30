package org.paperradio.stream.twitch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.paperradio.core.config.StationConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the station's Twitch channel when it is configured, or says once why Twitch is off. */
public final class TwitchChannels {

    private static final Logger log = LoggerFactory.getLogger(TwitchChannels.class);

    private TwitchChannels() {
    }

    /** {@link #create(StationConfig.Twitch, Function, Twitch4jChannel.Endpoints)} against Twitch itself. */
    public static Optional<TwitchChannel> create(StationConfig.Twitch config, Function<String, String> env) {
        return create(config, env, Twitch4jChannel.Endpoints.TWITCH);
    }

    /**
     * The channel, or empty (after one info line saying what to set, or one warning when Twitch
     * refused or could not be reached) when the channel name or either credential is missing.
     * Credentials are read through {@code env}; their values are never logged.
     */
    public static Optional<TwitchChannel> create(StationConfig.Twitch config, Function<String, String> env,
                                                 Twitch4jChannel.Endpoints endpoints) {
        List<String> missing = new ArrayList<>();
        if (config.channel().isEmpty()) {
            missing.add("twitch.channel in station.yaml");
        }
        for (String var : List.of(config.clientIdEnv(), config.tokenEnv())) {
            String v = env.apply(var);
            if (v == null || v.isBlank()) {
                missing.add("environment variable " + var);
            }
        }
        if (!missing.isEmpty()) {
            log.info("Twitch off: set {} to turn on the Twitch title and chat commands", String.join(", ", missing));
            return Optional.empty();
        }
        try {
            return Optional.of(new Twitch4jChannel(config, env, endpoints));
        } catch (RuntimeException e) {
            String why = scrub(String.valueOf(e.getMessage()), env.apply(config.tokenEnv()));
            log.warn("Twitch off: could not open channel {}: {}: {}", config.channel(),
                    e.getClass().getSimpleName(), why);
            return Optional.empty();
        }
    }

    /** Removes a secret from text bound for the log, in case a library put it in a message. */
    static String scrub(String text, String secret) {
        if (secret == null || secret.isBlank()) {
            return text;
        }
        String s = secret.strip();
        String bare = s.startsWith("oauth:") ? s.substring("oauth:".length()) : s;
        return text.replace(s, "***").replace(bare, "***");
    }
}
