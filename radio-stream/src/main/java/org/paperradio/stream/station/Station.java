package org.paperradio.stream.station;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.paperradio.core.config.ConfigException;
import org.paperradio.core.config.ConfigLoader;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.kernel.PaperPipeline;
import org.paperradio.core.kernel.PaperStage;
import org.paperradio.core.library.IndexStage;
import org.paperradio.core.library.LibraryIndexer;
import org.paperradio.core.library.MiniLmEmbedder;
import org.paperradio.core.library.PaperLibrary;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.store.Retention;
import org.paperradio.core.kernel.Chores;
import org.paperradio.core.llm.GuardedModel;
import org.paperradio.core.llm.LanguageModel;
import org.paperradio.core.llm.LanguageModels;
import org.paperradio.core.prompt.PromptException;
import org.paperradio.core.prompt.PromptLoader;
import org.paperradio.core.prompt.Prompts;
import org.paperradio.core.select.Requests;
import org.paperradio.core.select.Votes;
import org.paperradio.core.select.Selector;
import org.paperradio.core.show.ShowPlanner;
import org.paperradio.core.show.ShowWriter;
import org.paperradio.core.summary.ExtractiveSummarizer;
import org.paperradio.core.summary.LlmCatchUp;
import org.paperradio.core.summary.Summarizer;
import org.paperradio.core.summary.SummaryStage;
import org.paperradio.core.write.ExtractiveWriter;
import org.paperradio.core.write.LlmWriter;
import org.paperradio.core.write.WriteStage;
import org.paperradio.stream.http.AdminApi;
import org.paperradio.stream.http.AdminToken;
import org.paperradio.stream.http.OpsApi;
import org.paperradio.stream.http.ProgrammeApi;
import org.paperradio.stream.http.WebPages;
import org.paperradio.stream.feed.FeedApi;
import org.paperradio.stream.twitch.ChatCommands;
import org.paperradio.stream.twitch.StreamInfoFollower;
import org.paperradio.stream.twitch.TwitchChannel;
import org.paperradio.stream.twitch.TwitchChannels;
import org.paperradio.core.library.LibraryQuery;
import org.paperradio.stream.output.IcecastOutput;
import org.paperradio.stream.output.VideoStreamOutput;
import org.paperradio.stream.playout.AudioOutput;
import org.paperradio.stream.playout.PaperSegment;
import org.paperradio.stream.rtmp.RtmpPublisher;
import org.paperradio.stream.video.FrameComposer;
import org.paperradio.stream.video.SceneSettings;
import org.paperradio.stream.video.Scenery;
import org.paperradio.stream.schedule.ShowProducer;
import org.paperradio.stream.schedule.ShowScheduler;
import org.paperradio.tts.show.ShowVoicer;
import org.paperradio.ingest.Ingest;
import org.paperradio.stream.http.LibraryApi;
import org.paperradio.stream.http.WebServer;
import org.paperradio.stream.output.LiveMp3Broadcast;
import org.paperradio.stream.output.SegmentArchive;
import org.paperradio.stream.playout.Ident;
import org.paperradio.stream.playout.Interval;
import org.paperradio.stream.playout.Pacer;
import org.paperradio.stream.playout.PlayoutClock;
import org.paperradio.stream.playout.Transitions;
import org.paperradio.stream.playout.ReadyQueue;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.PcmBuilder;
import org.paperradio.tts.audio.Resampler;
import org.paperradio.tts.stage.VoiceStage;
import org.paperradio.tts.sound.Mastering;
import org.paperradio.tts.sound.MusicBed;
import org.paperradio.tts.sound.Sting;
import org.paperradio.tts.text.Lexicon;
import org.paperradio.tts.text.SpeechNormalizer;
import org.paperradio.tts.voice.FallbackVoice;
import org.paperradio.tts.voice.Voices;
import org.paperradio.stream.ops.StationMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: reads nothing global, builds every part of the station from its config
 * and wires them: arXiv source, the six paper stages in the kernel (fetch, extract, index,
 * summarize, write, voice), the library, the LLM (when configured) and the prompts, the
 * selection, the show schedule, the ready queue, the playout clock and its outputs (live mp3,
 * archive), and the web server. {@link #main} is the
 * station's entry point.
 */
public final class Station implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Station.class);

    private final StationConfig config;
    private final Clock clock;
    private final Ingest ingest;
    private final PaperStore store;
    private final Prompts prompts;
    private final Optional<LanguageModel> model;
    private final LlmCatchUp catchUp;
    private final ShowScheduler scheduler;
    private final Chores chores = new Chores(2);
    private final VideoStreamOutput video;
    private final List<IcecastOutput> icecast = new ArrayList<>();
    private final TwitchChannel twitch;
    private final StreamInfoFollower twitchTitle;
    private final PaperLibrary library;
    private final PaperPipeline pipeline;
    private final PlayoutClock playout;
    private final LiveMp3Broadcast broadcast;
    private final SegmentArchive archive;
    private final WebServer web;
    private final Retention retention;

    /** Builds the station (starts MaryTTS, opens the store); nothing airs before {@link #start()}. */
    public Station(StationConfig config, Clock clock) throws Exception {
        this(config, clock, System::getenv);
    }

    /** @param env the environment (API keys, the admin token): tests pass their own */
    public Station(StationConfig config, Clock clock, Function<String, String> env) throws Exception {
        this(config, clock, env, Pacer.REAL);
    }

    /** @param pacer the time the air is paced by: real time, or faster in a test that listens to hours of air */
    public Station(StationConfig config, Clock clock, Function<String, String> env, Pacer pacer) throws Exception {
        this.config = config;
        this.clock = clock;
        PaperStore store = new PaperStore(config.station().data(), clock);
        this.store = store;
        this.ingest = Ingest.create(config, store);
        Lexicon lexicon = lexicon(config.speech().lexicon());
        Voices voices = Voices.create(config, lexicon, env, clock);
        SpeechNormalizer normalizer = new SpeechNormalizer(lexicon);
        this.library = LibraryIndexer.openOrRebuild(store.root().resolve("index"), new MiniLmEmbedder(), store);

        // the writers: the model when configured (guarded, so a model that is away costs nothing), the extractive ones always
        this.prompts = new Prompts(config.writer().prompts());
        Optional<GuardedModel> guarded = LanguageModels.create(config.llm(), env).map(m -> new GuardedModel(m, clock));
        this.model = guarded.map(m -> m);
        Optional<Summarizer> summarizer = model.map(m -> new Summarizer(m, prompts, config.llm(),
                config.station().name(), clock));
        this.catchUp = summarizer.map(s -> new LlmCatchUp(store, s, config.llm().retryAfter(), clock)).orElse(null);
        Selector selector = new Selector(store, library, config.selection(),
                new Requests(store.root().resolve("requests.json")), new Votes(store.root().resolve("votes.json")), clock);

        List<PaperStage> stages = new ArrayList<>(ingest.stages());
        stages.add(new IndexStage(new LibraryIndexer(store, library)));
        stages.add(new SummaryStage(store, summarizer, new ExtractiveSummarizer(clock), catchUp));
        stages.add(new WriteStage(store, new ExtractiveWriter(config), model.map(m -> new LlmWriter(m, prompts, config)),
                selector, library, config.selection().candidates(), config.selection().maxWait(), clock));
        // the music bed is made (or read) once and shared; a bed file that is missing or broken stops the start
        MusicBed bed = MusicBed.load(config.sound(), config.audio().sampleRate());
        stages.add(new VoiceStage(store, voices, config.audio(), normalizer, config.sound(), bed));
        ReadyQueue ready = new ReadyQueue(store, config.playout().readyAhead());
        this.pipeline = new PaperPipeline(store, ingest.source(), stages,
                config.pipeline().settings(config.arxiv().pollInterval()), ready);

        int rate = config.audio().sampleRate();
        Mastering mastering = new Mastering(config.sound());
        Path showsRoot = store.root().resolve("shows");
        ShowProducer producer = new ShowProducer(new ShowPlanner(store, library, selector.votes(),
                config.selection().votes(), config.schedule().zone()),
                new ShowWriter(model, prompts, config), new ShowVoicer(voices, config.audio(), config.station().name(), normalizer,
                        config.sound(), bed),
                voices, config, showsRoot);
        this.scheduler = new ShowScheduler(config.schedule(), producer, clock);
        this.broadcast = new LiveMp3Broadcast(config.audio());
        this.archive = new SegmentArchive(store.root(), clock);
        this.video = videoStream(config, store, ready, env, clock);
        List<AudioOutput> outputs = new ArrayList<>(List.of(broadcast, archive));
        if (video != null) {
            outputs.add(video);
        }
        for (StationConfig.IcecastMount m : config.icecast()) {
            IcecastOutput.fromEnvironment(new IcecastOutput.Settings(m.name(), m.url(), m.user(), m.passwordEnv(),
                    config.station().name(), m.description(), m.listed(), null, null), env, broadcast,
                    config.audio().mp3Bitrate()).ifPresent(out -> {
                        icecast.add(out);
                        outputs.add(out);
                    });
        }
        this.playout = new PlayoutClock(store, ready, config.playout(), config.audio(), config.hosts(),
                ident(config, voices, rate, mastering), mastered(Interval.chimes(rate), mastering), outputs, scheduler,
                transitions(config, rate), clock, pacer);
        LibraryApi libraryApi = new LibraryApi(library, store);
        this.twitch = TwitchChannels.create(config.twitch(), env).orElse(null);
        if (twitch != null) {
            new ChatCommands(new ChatCommands.Actions(playout::nowPlaying,
                    ChatCommands.PaperRequests.of(selector.requests(), id -> !store.versionsOf(id.base()).isEmpty()),
                    ChatCommands.Actions.upNextOf(playout::nowPlaying), words -> search(library, words), playout::skip),
                    ChatCommands.Limits.of(config.twitch()), clock).attach(twitch);
            this.twitchTitle = StreamInfoFollower.of(twitch, playout::nowPlaying, config, clock);
        } else {
            this.twitchTitle = null;
        }
        String adminToken = env.apply(config.admin().tokenEnv());
        StationMetrics metrics = new StationMetrics(new StationMetrics.Sources(pipeline::stats, playout::stats,
                ready::bufferedAhead, broadcast::listenerCount, broadcast::droppedListeners, this::outputStatus,
                () -> guarded.map(GuardedModel::stats), () -> fallbackLines(voices), ingest.http()::failedTries,
                pipeline::pollStats));
        OpsApi ops = new OpsApi(playout::isRunning, () -> new OpsApi.Readiness(playout.isRunning(),
                ready.bufferedAhead().toMillis() / 1000.0, playout.rerunPool().size()), metrics);
        AdminApi admin = new AdminApi(new AdminToken(adminToken), libraryApi, pipeline, playout, ready, scheduler,
                prompts);
        this.web = new WebServer(config.http(), config.station().name(), playout::nowPlaying, broadcast, clock,
                libraryApi, new ProgrammeApi(libraryApi, selector, () -> pipeline.waitingFor("write"), scheduler,
                showsRoot, prompts, adminToken, clock),
                FeedApi.of(config, store, showsRoot, config.station().publicUrl()),
                new WebPages(config.station().name(), libraryApi, store, config.station().nonCommercial()), ops, admin);
        this.retention = new Retention(store, config, clock);
        if (model.isEmpty()) {
            log.info("no LLM configured (llm.provider: none): summaries and scripts are extractive");
        } else {
            log.info("LLM: {} at {}", model.get().model(), config.llm().baseUrl());
        }
        if (adminToken == null || adminToken.isEmpty()) {
            log.info("admin API off: set {} to switch it on", config.admin().tokenEnv());
        }
    }

    /** Titles of the papers the library finds for chat's !search. */
    private static List<String> search(PaperLibrary library, String words) {
        try {
            return library.search(LibraryQuery.of(words).withLimit(3)).stream()
                    .map(h -> h.title() + " (" + h.id().base() + ")").toList();
        } catch (IOException | RuntimeException e) {
            log.warn("chat search failed: {}", e.toString());
            return List.of();
        }
    }

    /** The video stream to the RTMP outputs, or null when video is off or no output can publish. */
    private static VideoStreamOutput videoStream(StationConfig config, PaperStore store, ReadyQueue ready,
                                                 Function<String, String> env, Clock clock) {
        if (!config.video().enabled()) {
            return null;
        }
        if (config.rtmp().isEmpty()) {
            log.warn("video is enabled but no rtmp output is configured: no video stream");
            return null;
        }
        AtomicReference<VideoStreamOutput> self = new AtomicReference<>();
        List<RtmpPublisher> publishers = VideoStreamOutput.publishers(config.rtmp(), env, self::get, clock);
        if (publishers.isEmpty()) {
            return null;
        }
        FrameComposer composer = FrameComposer.of(config.video());
        VideoStreamOutput out = new VideoStreamOutput(config.video(), config.audio().sampleRate(),
                new Scenery(store, SceneSettings.of(config, composer)), composer,
                () -> ready.upNext(3).stream().map(PaperSegment::title).toList(), publishers, clock);
        self.set(out);
        return out;
    }

    /** The pronunciation lexicon from config; the one in the jar when the file is not there. A broken file stops the start. */
    private static Lexicon lexicon(Path file) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            log.info("no pronunciation lexicon at {}: the built-in one is used", file);
            return Lexicon.defaults();
        }
        Lexicon lexicon = Lexicon.load(file);
        log.info("pronunciation lexicon {}: {} words", file, lexicon.entries().size());
        return lexicon;
    }

    /** The joins on air: the sting between programme items (when configured) and the fades. */
    private static Transitions transitions(StationConfig config, int rate) {
        StationConfig.Sound sound = config.sound();
        return new Transitions(sound.transition().equals("sting") ? Sting.make(rate, sound) : null, sound.fade());
    }

    /** The interval signal at the station's loudness. */
    private static Interval mastered(Interval interval, Mastering mastering) {
        return new Interval(interval.title(), mastering.master(interval.pcm()));
    }

    /** The ident, at the station's loudness: the chime, then the first host saying which station this is. */
    private static Ident ident(StationConfig config, Voices voices, int rate, Mastering mastering) {
        Ident chime = Ident.chime(config.station().name(), rate);
        String host = config.hosts().get(0).id();
        Pcm ident;
        try {
            Pcm said = voices.forHost(host).speak("You're listening to " + config.station().name()
                    + ". New research, read aloud, around the clock.");
            ident = new PcmBuilder(rate)
                    .append(chime.pcm())
                    .append(Resampler.resample(said, rate))
                    .appendSilence(Duration.ofMillis(400))
                    .build();
        } catch (Exception e) {
            log.warn("spoken ident failed, airing the chime alone: {}", e.toString());
            ident = chime.pcm();
        }
        return new Ident(chime.title(), mastering.master(ident));
    }

    /** Starts serving listeners, then the air, then the pipeline (which resumes stored papers). */
    public void start() throws IOException {
        web.start();
        if (video != null) {
            video.start();
        }
        icecast.forEach(IcecastOutput::start);
        playout.start();
        pipeline.start();
        prompts.watch();
        chores.every("show schedule", Duration.ofSeconds(1), Duration.ofSeconds(10), scheduler::tick);
        if (twitchTitle != null) {
            chores.every("Twitch title", Duration.ofSeconds(5), Duration.ofSeconds(5), twitchTitle::tick);
        }
        if (catchUp != null) {
            chores.every("LLM catch-up", Duration.ofMinutes(1), Duration.ofMinutes(1), catchUp::run);
        }
        chores.every("retention", Duration.ofMinutes(5), config.retention().every(), retention::sweep);
        log.info("{} on air: http://localhost:{}/ (data in {})", config.station().name(), web.port(),
                config.station().data().toAbsolutePath());
    }

    /** The RTMP and Icecast outputs' connection state, for /metrics. */
    private List<StationMetrics.OutputStatus> outputStatus() {
        List<StationMetrics.OutputStatus> out = new ArrayList<>();
        if (video != null) {
            for (RtmpPublisher p : video.publishers()) {
                out.add(new StationMetrics.OutputStatus("rtmp", p.target(), p.state() == RtmpPublisher.State.PUBLISHING,
                        p.reconnects()));
            }
        }
        for (IcecastOutput o : icecast) {
            out.add(new StationMetrics.OutputStatus("icecast", o.settings().mount(),
                    o.state() == IcecastOutput.State.CONNECTED, o.reconnects()));
        }
        return out;
    }

    /** Lines MaryTTS spoke for a failing speech server, over the hosts' distinct voices. */
    private static long fallbackLines(Voices voices) {
        return voices.hostIds().stream().map(voices::forHost).distinct()
                .filter(v -> v instanceof FallbackVoice)
                .mapToLong(v -> ((FallbackVoice) v).status().fallbackLines())
                .sum();
    }

    /**
     * The station's own paper store, for tests in this package that read it while the station
     * runs (a second store on the same folder would clear the station's temporary files at open).
     */
    PaperStore store() {
        return store;
    }

    /** The port listeners connect to (useful when the config asked for any free port). */
    public int port() {
        return web.port();
    }

    /** Stops intake first, then the air, then the listeners: finished work is all on disk by then. */
    @Override
    public void close() {
        chores.close();
        if (twitch != null) {
            try {
                twitch.close();
            } catch (Exception e) {
                log.warn("Twitch did not close cleanly: {}", e.toString());
            }
        }
        prompts.close();
        pipeline.close();
        try {
            library.close();
        } catch (IOException e) {
            log.warn("library did not close cleanly (it is rebuilt from the store if needed): {}", e.toString());
        }
        playout.stop();
        if (video != null) {
            video.close();
        }
        icecast.forEach(IcecastOutput::close);
        web.stop();
        broadcast.close();
        archive.close();
        ingest.close();
        log.info("{} stopped", config.station().name());
    }

    /** Entry point: see {@link StationOptions#USAGE}. Exit codes: 0 ok, 1 failed to start, 2 bad usage or config. */
    public static void main(String[] args) {
        // logback has read it already; an unknown value would leave the station without any log
        String logFormat = System.getenv().getOrDefault("PAPER_RADIO_LOG_FORMAT", "text");
        if (!List.of("text", "json").contains(logFormat)) {
            System.err.println("paper-radio: PAPER_RADIO_LOG_FORMAT must be text or json, not '" + logFormat + "'");
            System.exit(2);
            return;
        }
        StationOptions options;
        try {
            options = StationOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("paper-radio: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(StationOptions.USAGE);
            return;
        }
        StationConfig config;
        try {
            config = new ConfigLoader().load(options.config());
        } catch (ConfigException e) {
            System.err.println("paper-radio: invalid config: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.data().isPresent()) {
            config = config.withData(options.data().get());
        }
        if (options.port().isPresent()) {
            config = config.withHttp(new StationConfig.Http(config.http().bind(), options.port().get(),
                    config.http().maxListeners()));
        }
        if (options.check()) {
            try {
                new PromptLoader().load(config.writer().prompts());
            } catch (PromptException e) {
                System.err.println("paper-radio: invalid prompts:");
                e.problems().forEach(p -> System.err.println("  " + p));
                System.exit(2);
                return;
            }
            System.out.println("config ok: " + options.config() + " (data " + config.station().data()
                    + ", port " + config.http().port() + ", categories " + config.arxiv().categories() + ")");
            return;
        }
        // process-wide limits of the JDK's HTTP server, read once when the first server starts: a
        // client gets 10 s to send its request, and connections are capped a little above the
        // listener cap (never a response time limit: /live.mp3 streams for hours)
        System.setProperty("sun.net.httpserver.maxReqTime", "10");
        System.setProperty("jdk.httpserver.maxConnections", String.valueOf(config.http().maxListeners() + 50));
        try {
            Station station = new Station(config, Clock.systemUTC());
            Runtime.getRuntime().addShutdownHook(new Thread(station::close, "shutdown"));
            station.start();
        } catch (Exception e) {
            log.error("station failed to start: {}", e.toString(), e);
            System.exit(1);
        }
    }

    /** The data folder in use (for tools and tests). */
    public Path data() {
        return config.station().data();
    }
}
