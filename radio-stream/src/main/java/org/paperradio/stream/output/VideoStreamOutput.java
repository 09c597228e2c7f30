package org.paperradio.stream.output;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.paperradio.core.config.StationConfig;
import org.paperradio.stream.playout.AudioOutput;
import org.paperradio.stream.playout.Segment;
import org.paperradio.stream.rtmp.FlvTag;
import org.paperradio.stream.rtmp.RtmpPublisher;
import org.paperradio.stream.rtmp.StreamMetadata;
import org.paperradio.stream.video.FrameComposer;
import org.paperradio.stream.video.SceneTimeline;
import org.paperradio.stream.video.Scenery;
import org.paperradio.stream.video.VideoScene;
import org.paperradio.stream.video.h264.EncodedFrame;
import org.paperradio.stream.video.h264.H264StreamEncoder;
import org.paperradio.tts.audio.Mp3Encoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The air as a video stream: the audio the playout clock pushes, encoded to MP3, and frames of
 * what is on air (the {@link FrameComposer} drawing the {@link Scenery}'s scene, H.264 by the
 * {@link H264StreamEncoder}), muxed as FLV tags and handed to every {@link RtmpPublisher}.
 *
 * <p>Frames follow the audio clock: frame {@code k} is due once {@code k / fps} seconds of audio
 * have been encoded, and both carry timestamps counted from samples, never from wall time, so
 * audio and video cannot drift apart however long the stream runs or however late a frame is
 * made. The clock's thread only copies each block into a bounded queue; a worker thread of its
 * own does the encoding, so a slow encoder never holds the air back (when the queue is full a
 * block is dropped from the stream, audio and video alike, and counted).
 */
public final class VideoStreamOutput implements AudioOutput {

    private static final Logger log = LoggerFactory.getLogger(VideoStreamOutput.class);
    /** Blocks waiting for the worker: at 0.1 s a block, 20 s of air. */
    private static final int QUEUE_BLOCKS = 200;

    private final StationConfig.Video video;
    private final int sampleRate;
    private final Scenery scenery;
    private final FrameComposer composer;
    private final H264StreamEncoder encoder;
    private final Supplier<List<String>> upNext;
    private final List<RtmpPublisher> publishers;
    private final Clock clock;
    private final BlockingQueue<Object> inbox = new ArrayBlockingQueue<>(QUEUE_BLOCKS);
    private final AtomicLong droppedBlocks = new AtomicLong();
    private final AtomicLong framesSent = new AtomicLong();
    private volatile boolean running;
    private Thread worker;
    /** ffmpeg turning MP3 into AAC when {@code video.audio} is aac and ffmpeg is there; else null. */
    private AacTranscoder aac;
    /** The last picture composed (worker thread only). */
    private BufferedImage lastImage;

    private record Cue(Segment segment, Instant startedAt) {
    }

    /**
     * @param publishers the outputs; each should ask {@link #requestKeyframe()} when it (re)connects
     */
    public VideoStreamOutput(StationConfig.Video video, int sampleRate, Scenery scenery, FrameComposer composer,
                             Supplier<List<String>> upNext, List<RtmpPublisher> publishers, Clock clock) {
        this.video = Objects.requireNonNull(video, "video");
        this.sampleRate = sampleRate;
        this.scenery = Objects.requireNonNull(scenery, "scenery");
        this.composer = Objects.requireNonNull(composer, "composer");
        this.upNext = Objects.requireNonNull(upNext, "upNext");
        this.publishers = List.copyOf(publishers);
        this.clock = Objects.requireNonNull(clock, "clock");
        int keyframeInterval = (int) Math.max(1, video.keyframeEvery().toMillis() * video.fps() / 1000);
        this.encoder = new H264StreamEncoder(video.width(), video.height(), video.fps(), keyframeInterval,
                video.bitrate());
    }

    /**
     * The RTMP outputs of a config, each key read from the environment variable its output names;
     * an output whose variable is unset is left out with an error that names the variable (never
     * the key). Each publisher asks the encoder for a keyframe when it (re)connects.
     */
    public static List<RtmpPublisher> publishers(List<StationConfig.RtmpOutput> outputs, Function<String, String> env,
                                                 Supplier<VideoStreamOutput> self, Clock clock) {
        List<RtmpPublisher> out = new ArrayList<>();
        for (StationConfig.RtmpOutput o : outputs) {
            String key = o.keyEnv().isEmpty() ? "" : env.apply(o.keyEnv());
            if (!o.keyEnv().isEmpty() && (key == null || key.isBlank())) {
                log.error("rtmp output {} is off: environment variable {} (its stream key) is not set", o.name(),
                        o.keyEnv());
                continue;
            }
            String base = o.url().toString().replaceAll("/+$", "");
            String url = key.isEmpty() ? base : base + "/" + key;
            RtmpPublisher.Options options = RtmpPublisher.Options.defaults().withMaxSession(o.maxSession());
            out.add(new RtmpPublisher(url, options, clock, state -> {
                if (state == RtmpPublisher.State.PUBLISHING && self.get() != null) {
                    self.get().requestKeyframe();
                }
            }));
        }
        return out;
    }

    /** Starts the publishers and the encoding thread. */
    public synchronized void start() {
        if (worker != null) {
            return;
        }
        running = true;
        publishers.forEach(RtmpPublisher::start);
        if (video.audio().equals("aac")) {
            if (AacTranscoder.available()) {
                aac = new AacTranscoder(video.audioBitrate(), this::publish);
                aac.start();
                log.info("video stream audio: AAC-LC by ffmpeg (-c:v copy -c:a aac)");
            } else {
                log.error("video.audio is aac but ffmpeg is not installed: the stream carries MP3 audio instead"
                        + " (install ffmpeg for AAC, which Twitch asks for)");
            }
        }
        // a platform thread: encoding is CPU-bound and must be pre-empted like any other work
        worker = Thread.ofPlatform().name("video-stream").daemon().start(this::run);
        log.info("video stream {}x{} at {} fps, {} kbit/s, to {} output(s)", video.width(), video.height(),
                video.fps(), video.bitrate(), publishers.size());
    }

    /** The next frame becomes a keyframe (a publisher reconnected and waits for one). */
    public void requestKeyframe() {
        encoder.requestKeyframe();
    }

    public long droppedBlocks() {
        return droppedBlocks.get();
    }

    public long framesSent() {
        return framesSent.get();
    }

    public List<RtmpPublisher> publishers() {
        return publishers;
    }

    @Override
    public void segmentStarted(Segment segment) {
        if (!inbox.offer(new Cue(segment, clock.instant()))) {
            droppedBlocks.incrementAndGet();
        }
    }

    @Override
    public void write(short[] pcm, int offset, int length) {
        short[] copy = new short[length];
        System.arraycopy(pcm, offset, copy, 0, length);
        if (!inbox.offer(copy)) {
            long n = droppedBlocks.incrementAndGet();
            if (n == 1 || n % 100 == 0) {
                log.warn("video stream falls behind the air: {} blocks dropped so far", n);
            }
        }
    }

    private void run() {
        try (Mp3Encoder mp3 = new Mp3Encoder(sampleRate, video.audioBitrate())) {
            Mp3Frames framer = new Mp3Frames();
            StreamMetadata metadata = new StreamMetadata(video.width(), video.height(), video.fps(), video.bitrate(),
                    StreamMetadata.AudioCodec.MP3, sampleRate, 1, video.audioBitrate(), "Paper Radio",
                    scenery.settings().station());
            send(FlvTag.metadata(metadata));
            send(FlvTag.avcSequenceHeader(0, bytes(encoder.sps()), bytes(encoder.pps())));
            int samplesPerMp3Frame = Mp3Frames.samplesPerFrame(sampleRate);
            long samples = 0;
            long mp3Frames = 0;
            long frame = 0;
            long segmentStart = 0;
            SceneTimeline timeline = null;
            while (running) {
                Object item = inbox.poll(200, TimeUnit.MILLISECONDS);
                if (item == null) {
                    continue;
                }
                if (item instanceof Cue cue) {
                    timeline = timeline(cue);
                    segmentStart = samples;
                    // the title follows what is on air; publishers keep it and send it again after a reconnect
                    send(FlvTag.metadata(metadata.withTitle(scenery.settings().station() + ": " + cue.segment().title())));
                    continue;
                }
                short[] block = (short[]) item;
                for (byte[] f : framer.feed(mp3.encode(block, 0, block.length))) {
                    send(FlvTag.mp3Audio(mp3Frames * samplesPerMp3Frame * 1000L / sampleRate, f, sampleRate, 1));
                    mp3Frames++;
                }
                samples += block.length;
                // every frame whose time has come in the audio encoded so far
                while (frame * sampleRate / video.fps() <= samples) {
                    long at = frame * sampleRate / video.fps();
                    Duration position = Duration.ofNanos((at - segmentStart) * 1_000_000_000L / sampleRate);
                    send(FlvTag.avcVideo(frame * 1000L / video.fps(), encode(timeline, position)));
                    framesSent.incrementAndGet();
                    frame++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            log.error("video stream stopped: {}", e.toString(), e);
        }
    }

    private SceneTimeline timeline(Cue cue) {
        try {
            return scenery.timeline(cue.segment(), cue.startedAt(), upNext);
        } catch (RuntimeException e) {
            log.warn("no pictures for {}: {}", cue.segment().title(), e.toString());
            return null;
        }
    }

    private byte[] encode(SceneTimeline timeline, Duration position) {
        try {
            VideoScene scene = timeline == null ? stationCard()
                    : timeline.at(position.isNegative() ? Duration.ZERO : position);
            lastImage = composer.compose(scene);
        } catch (RuntimeException e) {
            // whatever one scene throws, the stream goes on: the last picture repeats
            log.debug("frame not composed, the last one repeats: {}", e.toString());
            if (lastImage == null) {
                lastImage = composer.compose(stationCard());
            }
        }
        EncodedFrame encoded = encoder.encode(lastImage);
        return encoded.annexB();
    }

    /** Before the first segment cue: the station's own card. */
    private VideoScene stationCard() {
        String station = scenery.settings().station();
        return new VideoScene(VideoScene.Look.JINGLE, station, station, "", "", List.of(), "", "", "", 0, null, 0,
                new VideoScene.Card(station, "", ""), List.of(), clock.instant().atZone(scenery.settings().zone()));
    }

    private void send(FlvTag tag) {
        AacTranscoder t = aac;
        if (t != null) {
            t.accept(tag);
        } else {
            publish(tag);
        }
    }

    private void publish(FlvTag tag) {
        for (RtmpPublisher p : publishers) {
            p.send(tag);
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    /** Stops encoding and every publisher. */
    @Override
    public synchronized void close() {
        running = false;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (aac != null) {
            aac.close();
        }
        publishers.forEach(RtmpPublisher::close);
    }
}
