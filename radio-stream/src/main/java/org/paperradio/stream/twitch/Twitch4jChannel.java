package org.paperradio.stream.twitch;

import com.github.philippheuer.credentialmanager.CredentialManager;
import com.github.philippheuer.credentialmanager.CredentialManagerBuilder;
import com.github.philippheuer.credentialmanager.domain.OAuth2Credential;
import com.github.twitch4j.auth.providers.TwitchIdentityProvider;
import com.github.twitch4j.chat.TwitchChat;
import com.github.twitch4j.chat.TwitchChatBuilder;
import com.github.twitch4j.chat.events.channel.ChannelMessageEvent;
import com.github.twitch4j.helix.TwitchHelix;
import com.github.twitch4j.helix.TwitchHelixBuilder;
import com.github.twitch4j.helix.domain.ChannelInformation;
import com.github.twitch4j.helix.domain.Game;
import com.github.twitch4j.helix.domain.User;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.paperradio.core.config.StationConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TwitchChannel} over Twitch4J: Helix for the stream information ("Modify Channel
 * Information", {@code PATCH /channels}) and the chat IRC WebSocket for chat.
 *
 * <p>The token must be the broadcaster's own user token (Helix only lets the broadcaster change
 * the channel; scopes {@code channel:manage:broadcast chat:read chat:edit}); the chat account is
 * therefore the channel itself. The broadcaster id is resolved once at construction
 * ({@code GET /users?login=}), which also proves the credentials work (chat checks the token's
 * scopes against the OAuth server and joins anonymously, read-only, if it lacks {@code chat:read}); category names are
 * resolved to game ids once each ({@code GET /games?name=}). The token is never logged, and
 * Twitch4J only sends it to chat on Twitch's own host (a loopback test server gets a nonce).
 */
public final class Twitch4jChannel implements TwitchChannel {

    private static final Logger log = LoggerFactory.getLogger(Twitch4jChannel.class);

    /**
     * Where Twitch is. Tests pass loopback servers.
     *
     * @param helixBaseUrl e.g. {@code https://api.twitch.tv/helix} (no trailing slash)
     * @param idBaseUrl    Twitch's OAuth server, e.g. {@code https://id.twitch.tv/oauth2}: chat
     *                     validates the token there ({@code GET /validate}) before logging in
     * @param chatUrl      e.g. {@code wss://irc-ws.chat.twitch.tv:443}
     * @param timeout      how long one Helix call may take
     */
    public record Endpoints(String helixBaseUrl, String idBaseUrl, String chatUrl, Duration timeout) {
        public static final Endpoints TWITCH = new Endpoints(TwitchHelixBuilder.OFFICIAL_BASE_URL,
                TwitchIdentityProvider.OFFICIAL_BASE_URL, "wss://irc-ws.chat.twitch.tv:443", Duration.ofSeconds(10));

        public Endpoints {
            helixBaseUrl = noTrailingSlash(Objects.requireNonNull(helixBaseUrl, "helixBaseUrl"));
            idBaseUrl = noTrailingSlash(Objects.requireNonNull(idBaseUrl, "idBaseUrl"));
            Objects.requireNonNull(chatUrl, "chatUrl");
            timeout = timeout != null ? timeout : Duration.ofSeconds(10);
        }

        private static String noTrailingSlash(String url) {
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
    }

    private final String login;
    private final TwitchHelix helix;
    private final TwitchChat chat;
    private final String broadcasterId;
    private final Map<String, String> gameIds = new ConcurrentHashMap<>();
    private final Map<String, Boolean> unknownCategoriesWarned = new ConcurrentHashMap<>();
    private final List<Consumer<ChatMessage>> handlers = new CopyOnWriteArrayList<>();

    /**
     * Connects: resolves the broadcaster id over Helix (throws if Twitch refuses or is
     * unreachable), then joins the channel's chat.
     *
     * @param config    the station's Twitch section (channel must be set)
     * @param env       reads environment variables (names from {@code config})
     * @param endpoints where Twitch is
     */
    public Twitch4jChannel(StationConfig.Twitch config, Function<String, String> env, Endpoints endpoints) {
        if (config.channel().isEmpty()) {
            throw new IllegalArgumentException("twitch.channel is not set");
        }
        this.login = config.channel().toLowerCase(java.util.Locale.ROOT);
        String clientId = required(env, config.clientIdEnv());
        String token = required(env, config.tokenEnv());
        if (token.startsWith("oauth:")) { // chat tokens are often pasted in IRC form
            token = token.substring("oauth:".length());
        }
        // one identity provider for both clients, so token checks go to idBaseUrl (Twitch4J's
        // default is hard-wired to id.twitch.tv)
        CredentialManager credentials = CredentialManagerBuilder.builder().build();
        credentials.registerIdentityProvider(new TwitchIdentityProvider(clientId, null, null, endpoints.idBaseUrl()));
        this.helix = TwitchHelixBuilder.builder()
                .withCredentialManager(credentials)
                .withBaseUrl(endpoints.helixBaseUrl())
                .withClientId(clientId)
                .withDefaultAuthToken(new OAuth2Credential("twitch", token))
                .withLogLevel(feign.Logger.Level.NONE) // higher levels print the token
                .withTimeout((int) endpoints.timeout().toMillis())
                .build();
        List<User> users = helix.getUsers(null, null, List.of(login)).execute().getUsers();
        if (users == null || users.isEmpty()) {
            throw new IllegalStateException("Twitch has no user '" + login + "'");
        }
        this.broadcasterId = users.get(0).getId();
        OAuth2Credential chatAccount = new OAuth2Credential("twitch", token, null, broadcasterId, login, null, null);
        this.chat = TwitchChatBuilder.builder()
                .withCredentialManager(credentials)
                .withBaseUrl(endpoints.chatUrl())
                .withClientId(clientId)
                .withChatAccount(chatAccount)
                .withAutoJoinOwnChannel(false)
                .build();
        chat.getEventManager().onEvent(ChannelMessageEvent.class, this::dispatch);
        chat.joinChannel(login);
        log.info("Twitch: joined #{} (broadcaster id {})", login, broadcasterId);
    }

    private static String required(Function<String, String> env, String name) {
        String v = env.apply(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("environment variable " + name + " is not set");
        }
        return v.strip();
    }

    /** The broadcaster's Twitch user id, resolved at construction. */
    public String broadcasterId() {
        return broadcasterId;
    }

    @Override
    public void updateStreamInfo(String title, String category) {
        ChannelInformation info = new ChannelInformation().withTitle(title);
        if (category != null && !category.isBlank()) {
            String gameId = gameId(category);
            if (gameId != null) {
                info = info.withGameId(gameId);
            } else if (unknownCategoriesWarned.putIfAbsent(category, Boolean.TRUE) == null) {
                log.warn("Twitch knows no category named '{}': only the title is set", category);
            }
        }
        helix.updateChannelInformation(null, broadcasterId, info).execute();
    }

    private String gameId(String category) {
        String cached = gameIds.get(category);
        if (cached != null) {
            return cached;
        }
        List<Game> games = helix.getGames(null, null, List.of(category), null).execute().getGames();
        if (games == null || games.isEmpty()) {
            return null;
        }
        String id = games.get(0).getId();
        gameIds.put(category, id);
        return id;
    }

    @Override
    public void say(String message) {
        chat.sendMessage(login, message);
    }

    @Override
    public void onMessage(Consumer<ChatMessage> handler) {
        handlers.add(Objects.requireNonNull(handler, "handler"));
    }

    private void dispatch(ChannelMessageEvent event) {
        if (!login.equalsIgnoreCase(event.getChannel().getName())) {
            return;
        }
        Map<String, String> badges = event.getMessageEvent().getBadges();
        String userId = event.getUser() != null ? event.getUser().getId() : null;
        boolean moderator = badges.containsKey("moderator") || badges.containsKey("broadcaster")
                || broadcasterId.equals(userId);
        String user = event.getUser() != null ? event.getUser().getName() : null;
        ChatMessage message = new ChatMessage(user, userId, moderator, event.getMessage());
        for (Consumer<ChatMessage> h : handlers) {
            try {
                h.accept(message);
            } catch (RuntimeException e) {
                log.warn("Twitch chat handler failed: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        try {
            chat.close();
        } catch (RuntimeException e) {
            log.debug("Twitch chat close: {}", e.toString());
        }
    }
}
