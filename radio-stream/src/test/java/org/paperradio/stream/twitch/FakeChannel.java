package org.paperradio.stream.twitch;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A {@link TwitchChannel} in memory: records what is set and said, fails on demand. */
final class FakeChannel implements TwitchChannel {

    record Info(String title, String category) {
    }

    final List<Info> updates = new CopyOnWriteArrayList<>();
    final List<String> said = new CopyOnWriteArrayList<>();
    private final List<Consumer<ChatMessage>> handlers = new CopyOnWriteArrayList<>();
    volatile RuntimeException failWith;
    int attempts;
    boolean closed;

    @Override
    public void updateStreamInfo(String title, String category) {
        attempts++;
        if (failWith != null) {
            throw failWith;
        }
        updates.add(new Info(title, category));
    }

    @Override
    public void say(String message) {
        said.add(message);
    }

    @Override
    public void onMessage(Consumer<ChatMessage> handler) {
        handlers.add(handler);
    }

    void receive(ChatMessage m) {
        handlers.forEach(h -> h.accept(m));
    }

    @Override
    public void close() {
        closed = true;
    }
}
