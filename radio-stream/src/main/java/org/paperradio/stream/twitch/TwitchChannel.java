package org.paperradio.stream.twitch;

import java.util.function.Consumer;

/**
 * The station's Twitch channel: its stream information and its chat. Implementations talk to
 * Twitch ({@link Twitch4jChannel}); tests use fakes that keep this contract.
 */
public interface TwitchChannel extends AutoCloseable {

    /**
     * Sets the stream title and category ("game"). Blocking; throws a {@link RuntimeException}
     * when Twitch refuses or cannot be reached.
     */
    void updateStreamInfo(String title, String category);

    /** Says one line in the channel's chat (queued and rate-limited by the implementation). */
    void say(String message);

    /** Registers a handler for every chat message in the channel (called on a chat thread). */
    void onMessage(Consumer<ChatMessage> handler);

    /** Leaves chat and releases connections; never throws. */
    @Override
    void close();
}
