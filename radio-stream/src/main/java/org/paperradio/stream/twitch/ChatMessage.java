package org.paperradio.stream.twitch;

/**
 * One chat message, as untrusted as it arrives.
 *
 * @param user      the sender's login or display name
 * @param userId    the sender's stable Twitch user id (rate limits key on it)
 * @param moderator true for a moderator or the broadcaster (from the message's badges)
 * @param text      the message text, raw
 */
public record ChatMessage(String user, String userId, boolean moderator, String text) {

    public ChatMessage {
        user = user != null ? user : "";
        userId = userId != null ? userId : "";
        text = text != null ? text : "";
    }
}
