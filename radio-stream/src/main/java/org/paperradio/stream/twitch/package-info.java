/**
 * Twitch: the stream title and category follow what is on air ({@link
 * org.paperradio.stream.twitch.StreamInfoFollower}) and chat commands ({@link
 * org.paperradio.stream.twitch.ChatCommands}) over a {@link org.paperradio.stream.twitch.TwitchChannel}
 * (Twitch4J chat + Helix in {@link org.paperradio.stream.twitch.Twitch4jChannel}).
 *
 * <p>Chat text is untrusted and never reaches an LLM prompt: commands are parsed strictly and
 * only their parsed arguments (an {@link org.paperradio.core.paper.ArxivId}, sanitised search
 * words) go further. Without credentials {@link org.paperradio.stream.twitch.TwitchChannels#create}
 * turns all of it off.
 */
package org.paperradio.stream.twitch;
