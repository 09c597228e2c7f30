package org.paperradio.stream.schedule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.paper.Show;
import org.paperradio.core.paper.ShowAudio;
import org.paperradio.core.paper.ShowScript;
import org.paperradio.core.show.ShowPlan;
import org.paperradio.core.show.ShowPlanner;
import org.paperradio.core.show.ShowWriter;
import org.paperradio.core.store.AtomicFiles;
import org.paperradio.core.store.Json;
import org.paperradio.stream.playout.Announcement;
import org.paperradio.stream.playout.ShowSegment;
import org.paperradio.tts.audio.PcmBuilder;
import org.paperradio.tts.audio.Resampler;
import org.paperradio.tts.show.ShowVoicer;
import org.paperradio.tts.voice.Voices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a show for a slot: plans it ({@link ShowPlanner}), writes it ({@link ShowWriter}) and
 * voices it ({@link ShowVoicer}) into {@code shows/<id>/}: {@code script.json}, then
 * {@code show.wav}, {@code show.mp3} with ID3 chapters, and {@code show.json} last (its presence
 * means the show is complete, so a restart finds it and does not make it again).
 */
public final class ShowProducer {

    private static final Logger log = LoggerFactory.getLogger(ShowProducer.class);
    static final String SCRIPT = "script.json";
    static final String AUDIO = ShowVoicer.JSON;
    static final String WAV = ShowVoicer.WAV;
    static final String MP3 = ShowVoicer.MP3;

    private final ShowPlanner planner;
    private final ShowWriter writer;
    private final ShowVoicer voicer;
    private final Voices voices;
    private final StationConfig config;
    private final Path root;

    /** @param root the shows folder, {@code <data>/shows} */
    public ShowProducer(ShowPlanner planner, ShowWriter writer, ShowVoicer voicer, Voices voices,
                        StationConfig config, Path root) throws IOException {
        this.planner = planner;
        this.writer = writer;
        this.voicer = voicer;
        this.voices = voices;
        this.config = config;
        this.root = root;
        Files.createDirectories(root);
    }

    public Path root() {
        return root;
    }

    /** Produces the show for a slot, or returns it if it is already complete on disk. */
    public ShowSegment produce(Show.Kind kind, Instant slot) throws Exception {
        ZoneId zone = config.schedule().zone();
        String id = ShowPlanner.idOf(kind, slot, zone);
        Path folder = root.resolve(id);
        Optional<ShowSegment> done = load(folder);
        if (done.isPresent()) {
            return done.get();
        }
        double minutes = kind == Show.Kind.DAILY ? config.schedule().dailyMinutes() : config.schedule().weeklyMinutes();
        long started = System.nanoTime();
        ShowPlan plan = planner.plan(kind, slot, minutes);
        ShowScript script = writer.write(plan, minutes);
        Files.createDirectories(folder);
        AtomicFiles.write(folder.resolve(SCRIPT), Json.mapper().writeValueAsBytes(script));
        ShowAudio audio = voicer.voice(script, folder);
        log.info("show={} produced in {} s: {} chapters, {} s, written by {}", id,
                (System.nanoTime() - started) / 1_000_000_000, audio.chapters().size(), audio.length().toSeconds(),
                script.writtenBy());
        return new ShowSegment(script, audio, folder.resolve(WAV), folder.resolve(MP3));
    }

    /** A complete show from its folder, if there is one. */
    public static Optional<ShowSegment> load(Path folder) {
        if (!Files.isRegularFile(folder.resolve(AUDIO)) || !Files.isRegularFile(folder.resolve(SCRIPT))
                || !Files.isRegularFile(folder.resolve(WAV))) {
            return Optional.empty();
        }
        try {
            ShowScript script = Json.mapper().readValue(folder.resolve(SCRIPT).toFile(), ShowScript.class);
            ShowAudio audio = Json.mapper().readValue(folder.resolve(AUDIO).toFile(), ShowAudio.class);
            return Optional.of(new ShowSegment(script, audio, folder.resolve(WAV), folder.resolve(MP3)));
        } catch (IOException | RuntimeException e) {
            log.warn("show in {} unreadable, made again if its slot is still ahead: {}", folder, e.toString());
            return Optional.empty();
        }
    }

    /** The first host saying what is coming up, and when; null when the voice fails (the show airs unannounced). */
    public Announcement announce(ShowSegment show) {
        ZoneId zone = config.schedule().zone();
        var at = show.script().airsAt().atZone(zone);
        String time = at.getMinute() == 0 ? at.format(DateTimeFormatter.ofPattern("h a", Locale.ENGLISH))
                : at.format(DateTimeFormatter.ofPattern("h:mm a", Locale.ENGLISH));
        String what = show.script().kind() == Show.Kind.DAILY ? "the daily show" : "the weekly show";
        int papers = show.script().papers().size();
        String text = "Coming up at " + time + " on " + config.station().name() + ": " + what
                + (papers > 0 ? ", with " + papers + (papers == 1 ? " paper" : " papers") + " worth your time." : ".");
        try {
            int rate = config.audio().sampleRate();
            var said = voices.forHost(config.hosts().get(0).id()).speak(text);
            return new Announcement(text, new PcmBuilder(rate).appendSilence(Duration.ofMillis(300))
                    .append(Resampler.resample(said, rate)).appendSilence(Duration.ofMillis(500)).build());
        } catch (Exception e) {
            log.warn("show={} announcement could not be voiced: {}", show.id(), e.toString());
            return null;
        }
    }
}
