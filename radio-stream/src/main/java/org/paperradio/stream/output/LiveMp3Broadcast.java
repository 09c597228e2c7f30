package org.paperradio.stream.output;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.paperradio.core.config.StationConfig;
import org.paperradio.stream.playout.AudioOutput;
import org.paperradio.stream.playout.Segment;
import org.paperradio.tts.audio.Mp3Encoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live stream: the whole air encoded once by one MP3 encoder, cut into whole frames and
 * fanned out to any number of {@link Listener}s. Each listener has its own bounded queue; one
 * that falls more than {@code maxLag} behind is dropped, so it never slows the others or the
 * clock. A new listener first gets a short burst of recent frames, so playback starts at once.
 *
 * <p>{@link #write} only copies the PCM into a bounded queue; encoding runs on the broadcast's
 * own platform thread (the OS pre-empts it, so CPU-bound work elsewhere cannot starve the air),
 * started by the constructor and stopped by {@link #close()}. Should the encoder throw anything,
 * the block is lost and a fresh encoder takes over: listeners hear a glitch, the stream goes on.
 *
 * <p>Each frame is tagged with the title of the item on air ({@link IcyMetadata#title}): the cue
 * of {@link #segmentStarted} travels with the PCM to the encoder, which tags the first frame
 * holding the new item's audio, so listeners that show titles switch at that frame even though
 * the clock runs ahead of the air and each listener reads from its own buffer.
 */
public final class LiveMp3Broadcast implements AudioOutput {

    private static final Logger log = LoggerFactory.getLogger(LiveMp3Broadcast.class);
    /** PCM waiting for the encoder beyond this is dropped (the encoder is stuck or starved of CPU). */
    private static final Duration MAX_PCM_BACKLOG = Duration.ofSeconds(10);
    private static final Duration FAILURE_LOG_EVERY = Duration.ofMinutes(1);
    /**
     * How far into the decoded stream a sample written here is heard: jump3r's first frame is an
     * empty tag frame (1152 samples), then LAME's encoder delay (576) and the decoder's (529).
     */
    private static final int ENCODER_DELAY_SAMPLES = 1152 + 576 + 529;

    private final int sampleRate;
    private final int kbps;
    private final int samplesPerFrame;
    private final Supplier<Encoder> encoders;
    private final int burstFrames;
    private final int listenerCapacity;
    private final long maxPcmSamples;
    private final LinkedBlockingQueue<Block> pcm = new LinkedBlockingQueue<>();
    private final AtomicLong queuedSamples = new AtomicLong();
    private final AtomicLong droppedSamples = new AtomicLong();
    private final AtomicLong droppedListeners = new AtomicLong();
    private final AtomicLong frameCount = new AtomicLong();
    private final Object lock = new Object();
    private final Deque<Listener.Frame> recent = new ArrayDeque<>();
    private final Set<Listener> listeners = new LinkedHashSet<>();
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean open = true;
    // owned by the encoder thread once it runs: the encoder (null after a failure) and its framer
    private Encoder encoder;
    private Mp3Frames framer = new Mp3Frames();
    private boolean failedBefore;
    private long lastFailureLogged;
    private int failuresNotLogged;
    // also the encoder thread's: samples fed to and frames had from the current encoder, the title
    // changes whose first sample has not come out yet, and the title of the frames coming out
    private long samplesIn;
    private long framesOut;
    private final Deque<TitleChange> titleChanges = new ArrayDeque<>();
    private String airTitle;
    // the clock thread's: the title of a segment that started, for the next block written
    private String startedTitle;

    /** A block of PCM for the encoder; {@code title} is non-null when a new item starts with it. */
    private record Block(short[] samples, String title) {
    }

    /** The item titled {@code title} starts at the encoder's input sample {@code sample}. */
    private record TitleChange(long sample, String title) {
    }

    /** What encodes the air: jump3r in production; a seam so tests can make it fail. */
    interface Encoder {
        /** The MP3 bytes ready after these samples (maybe none yet). */
        byte[] encode(short[] samples, int offset, int length);

        void close();
    }

    /** The station's live stream: a 1.5 s burst for new listeners, dropped when 10 s behind. */
    public LiveMp3Broadcast(StationConfig.Audio audio) {
        this(audio.sampleRate(), audio.mp3Bitrate(), Duration.ofMillis(1500), Duration.ofSeconds(10));
    }

    /**
     * @param sampleRate the air's sample rate (mono 16-bit PCM in)
     * @param kbps       constant MP3 bitrate
     * @param burst      how much recent audio a new listener gets at once
     * @param maxLag     how much unread audio a listener may hold before it is dropped
     */
    public LiveMp3Broadcast(int sampleRate, int kbps, Duration burst, Duration maxLag) {
        this(sampleRate, kbps, burst, maxLag, lame(sampleRate, kbps));
    }

    /** @param encoders makes the encoder, and a fresh one after the last one failed */
    LiveMp3Broadcast(int sampleRate, Duration burst, Duration maxLag, Supplier<Encoder> encoders) {
        this(sampleRate, 0, burst, maxLag, encoders);
    }

    /** @param kbps the encoders' bitrate, 0 when unknown */
    LiveMp3Broadcast(int sampleRate, int kbps, Duration burst, Duration maxLag, Supplier<Encoder> encoders) {
        this.sampleRate = sampleRate;
        this.kbps = kbps;
        this.samplesPerFrame = Mp3Frames.samplesPerFrame(sampleRate);
        this.encoders = encoders;
        this.encoder = encoders.get(); // here, so a format the encoder refuses fails the station's start
        double framesPerSecond = (double) sampleRate / Mp3Frames.samplesPerFrame(sampleRate);
        this.burstFrames = (int) Math.ceil(burst.toMillis() / 1000.0 * framesPerSecond);
        this.listenerCapacity = burstFrames + Math.max(1, (int) Math.ceil(maxLag.toMillis() / 1000.0 * framesPerSecond));
        this.maxPcmSamples = MAX_PCM_BACKLOG.toSeconds() * sampleRate;
        this.thread = Thread.ofPlatform().name("live-mp3-encoder").daemon().start(this::encodeLoop);
    }

    /** jump3r's CBR mono encoder. */
    static Supplier<Encoder> lame(int sampleRate, int kbps) {
        return () -> {
            Mp3Encoder mp3 = new Mp3Encoder(sampleRate, kbps);
            return new Encoder() {
                @Override
                public byte[] encode(short[] samples, int offset, int length) {
                    return mp3.encode(samples, offset, length);
                }

                @Override
                public void close() {
                    mp3.close();
                }
            };
        };
    }

    /** Never blocks: notes the item's title, for the frames that will carry its first audio. */
    @Override
    public void segmentStarted(Segment segment) {
        startedTitle = IcyMetadata.title(segment);
    }

    /** Never blocks: copies the block for the encoder thread, or drops it when that is far behind. */
    @Override
    public void write(short[] samples, int offset, int length) {
        if (!open || length <= 0) {
            return;
        }
        if (queuedSamples.get() + length > maxPcmSamples) {
            if (droppedSamples.getAndAdd(length) == 0) {
                log.warn("live mp3 encoder is more than {} s behind; dropping audio", MAX_PCM_BACKLOG.toSeconds());
            }
            return;
        }
        short[] copy = new short[length];
        System.arraycopy(samples, offset, copy, 0, length);
        queuedSamples.addAndGet(length);
        pcm.add(new Block(copy, startedTitle));
        startedTitle = null;
    }

    /**
     * A new listener; its first frames are the recent burst, then the live frames as they are
     * encoded. Close it when done.
     *
     * @throws IllegalStateException when the broadcast is closed
     */
    public Listener subscribe() {
        synchronized (lock) {
            if (!open) {
                throw new IllegalStateException("the broadcast has ended");
            }
            Listener l = new Listener(this, listenerCapacity);
            for (Listener.Frame f : recent) {
                l.offer(f);
            }
            listeners.add(l);
            log.info("listener joined, {} listening", listeners.size());
            return l;
        }
    }

    /** How many listeners are subscribed now. */
    public int listenerCount() {
        synchronized (lock) {
            return listeners.size();
        }
    }

    /** Listeners cut off so far because they fell more than maxLag behind. */
    public long droppedListeners() {
        return droppedListeners.get();
    }

    /** MP3 frames encoded so far. */
    public long framesEncoded() {
        return frameCount.get();
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** The MP3 bitrate in kbit/s; 0 when not known. */
    public int bitrateKbps() {
        return kbps;
    }

    /** PCM written but not yet encoded and sent to listeners. */
    long pendingSamples() {
        return queuedSamples.get();
    }

    void unsubscribe(Listener l) {
        synchronized (lock) {
            if (listeners.remove(l)) {
                log.info("listener left, {} listening", listeners.size());
            }
        }
    }

    private void encodeLoop() {
        try {
            while (open) {
                Block block = pcm.poll(200, TimeUnit.MILLISECONDS);
                if (block == null) {
                    continue;
                }
                try {
                    if (block.title() != null) {
                        titleChanges.addLast(new TitleChange(samplesIn, block.title()));
                    }
                    encode(block.samples());
                } catch (Throwable t) {
                    encoderFailed(t);
                } finally {
                    queuedSamples.addAndGet(-block.samples().length);
                }
            }
        } catch (InterruptedException e) {
            // closing
        } finally {
            closeEncoder();
        }
    }

    private void encode(short[] block) {
        long dropped = droppedSamples.getAndSet(0);
        if (dropped > 0) {
            log.warn("live mp3 dropped {} ms of audio while behind", dropped * 1000 / sampleRate);
        }
        if (encoder == null) {
            encoder = encoders.get();
            // bytes the broken encoder left half-framed would only be resynced past
            framer = new Mp3Frames();
            // the new encoder counts from zero; items cued before it start with its first frame
            List<TitleChange> cued = new ArrayList<>(titleChanges);
            titleChanges.clear();
            for (TitleChange c : cued) {
                titleChanges.addLast(new TitleChange(0, c.title()));
            }
            samplesIn = 0;
            framesOut = 0;
            log.info("live mp3 encoder restarted");
        }
        samplesIn += block.length;
        byte[] mp3 = encoder.encode(block, 0, block.length);
        if (mp3.length > 0) {
            publish(framer.feed(mp3));
        }
    }

    /** Drops the failed encoder (the next block makes a new one); logs at most once a minute. */
    private void encoderFailed(Throwable t) {
        closeEncoder();
        long now = System.nanoTime();
        if (!failedBefore || now - lastFailureLogged > FAILURE_LOG_EVERY.toNanos()) {
            failedBefore = true;
            log.error("live mp3 encoder failed ({} other failures since the last logged); restarting it, "
                    + "the stream goes on: {}", failuresNotLogged, t.toString(), t);
            lastFailureLogged = now;
            failuresNotLogged = 0;
        } else {
            failuresNotLogged++;
        }
    }

    private void closeEncoder() {
        Encoder e = encoder;
        encoder = null;
        if (e != null) {
            try {
                e.close();
            } catch (Throwable t) {
                log.debug("closing the live mp3 encoder failed: {}", t.toString());
            }
        }
    }

    private void publish(List<byte[]> frames) {
        if (frames.isEmpty()) {
            return;
        }
        synchronized (lock) {
            List<Listener> lagging = null;
            for (byte[] bytes : frames) {
                Listener.Frame f = new Listener.Frame(bytes, titleOfNextFrame());
                frameCount.incrementAndGet();
                recent.addLast(f);
                while (recent.size() > burstFrames) {
                    recent.removeFirst();
                }
                for (Listener l : listeners) {
                    if (!l.offer(f)) {
                        if (lagging == null) {
                            lagging = new ArrayList<>();
                        }
                        lagging.add(l);
                    }
                }
                if (lagging != null) {
                    for (Listener l : lagging) {
                        if (!listeners.remove(l)) {
                            continue;
                        }
                        if (l.isOpen()) {
                            l.drop();
                            droppedListeners.incrementAndGet();
                            log.info("listener dropped: fell too far behind; {} listening", listeners.size());
                        } else {
                            // closed by its reader a moment ago, before it could unsubscribe
                            log.info("listener left, {} listening", listeners.size());
                        }
                    }
                    lagging = null;
                }
            }
        }
    }

    /** The title on air at the next frame out: that of the last item whose first sample is heard in it or before. */
    private String titleOfNextFrame() {
        long frameEnd = (framesOut + 1) * samplesPerFrame - ENCODER_DELAY_SAMPLES;
        framesOut++;
        // the very first title also names the silent frames before its audio: nothing came before
        while (!titleChanges.isEmpty() && (titleChanges.peekFirst().sample() < frameEnd || airTitle == null)) {
            airTitle = titleChanges.removeFirst().title();
        }
        return airTitle;
    }

    private void endAll() {
        synchronized (lock) {
            for (Listener l : listeners) {
                l.end();
            }
            listeners.clear();
        }
    }

    /** Stops encoding and ends every listener's stream. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        open = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        endAll(); // the encoder thread closes the encoder on its way out
    }
}
