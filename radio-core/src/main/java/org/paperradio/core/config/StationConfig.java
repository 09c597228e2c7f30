package org.paperradio.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.paperradio.core.kernel.PipelineSettings;

/**
 * Everything {@code config/station.yaml} says, validated. Each section is a record whose
 * compact constructor fills defaults for missing keys and rejects bad values with a message
 * saying what is expected; {@link ConfigLoader} adds the file, line and key.
 */
public record StationConfig(
        Station station,
        Arxiv arxiv,
        Pdf pdf,
        Pipeline pipeline,
        List<Host> hosts,
        Playout playout,
        Http http,
        Audio audio,
        Writer writer,
        Llm llm,
        Schedule schedule,
        Selection selection,
        Admin admin,
        Video video,
        List<RtmpOutput> rtmp,
        Twitch twitch,
        List<IcecastMount> icecast,
        Sound sound,
        Speech speech,
        Retention retention) {

    public StationConfig {
        station = station != null ? station : new Station(null, null, null, null);
        arxiv = arxiv != null ? arxiv : new Arxiv(null, null, null, null, null, null, null, null);
        pdf = pdf != null ? pdf : new Pdf(null, null, null, null, null);
        pipeline = pipeline != null ? pipeline : new Pipeline(null, null, null, null, null, null);
        hosts = hosts != null ? List.copyOf(hosts) : List.of(
                new Host("ada", "Ada", null, null, null),
                new Host("ben", "Ben", null, "F0Add(f0Add:-70)+TractScaler(amount:0.85)", null));
        if (hosts.size() < 2) {
            throw new IllegalArgumentException("needs at least two hosts (a two-host show)");
        }
        Set<String> ids = new HashSet<>();
        for (Host h : hosts) {
            if (!ids.add(h.id())) {
                throw new IllegalArgumentException("host id '" + h.id() + "' is used twice");
            }
        }
        playout = playout != null ? playout : new Playout(null, null, null);
        http = http != null ? http : new Http(null, null, null);
        audio = audio != null ? audio : new Audio(null, null);
        writer = writer != null ? writer : new Writer(null, null, null);
        llm = llm != null ? llm : new Llm(null, null, null, null, null, null, null, null, null, null);
        schedule = schedule != null ? schedule : new Schedule(null, null, null, null, null, null);
        selection = selection != null ? selection : new Selection(null, null, null, null, null, null, null);
        admin = admin != null ? admin : new Admin(null);
        video = video != null ? video : new Video(null, null, null, null, null, null, null, null, null);
        rtmp = rtmp != null ? List.copyOf(rtmp) : List.of();
        Set<String> outputNames = new HashSet<>();
        for (RtmpOutput o : rtmp) {
            if (!outputNames.add(o.name())) {
                throw new IllegalArgumentException("rtmp output name '" + o.name() + "' is used twice");
            }
        }
        twitch = twitch != null ? twitch : new Twitch(null, null, null, null, null);
        icecast = icecast != null ? List.copyOf(icecast) : List.of();
        Set<String> mountNames = new HashSet<>();
        for (IcecastMount m : icecast) {
            if (!mountNames.add(m.name())) {
                throw new IllegalArgumentException("icecast output name '" + m.name() + "' is used twice");
            }
        }
        sound = sound != null ? sound : new Sound(null, null, null, null, null, null, null);
        speech = speech != null ? speech : new Speech(null, null, null);
        for (String host : speech.server().voices().keySet()) {
            if (hosts.stream().noneMatch(h -> h.id().equals(host))) {
                throw new IllegalArgumentException("speech.server.voices names '" + host + "', which is no host id");
            }
        }
        retention = retention != null ? retention : new Retention(null, null, null, null, null);
    }

    /**
     * How long the big derived files stay on disk; each age is a duration, {@code 0} (e.g.
     * {@code 0d}) keeps them forever, an absent key means the default. {@code papers}: a paper's
     * PDF and page images, counted from when its way ended (aired, passed over, superseded, or
     * failed for good; the time {@code paper.json} was last written); {@code segmentWav}: its
     * segment WAV, counted the same way (the segment mp3 stays for the archive and feeds; the
     * {@code playout.rerunPool} most recently aired papers always keep theirs, for reruns);
     * {@code showAudio}: a daily or weekly show's WAV and mp3, counted from when it aired (or
     * its slot, if it never did); {@code archive}: the copies under {@code archive/} of what
     * aired, by file age. {@code every}: how often the sweep runs.
     */
    public record Retention(Duration papers, Duration segmentWav, Duration showAudio, Duration archive,
                            Duration every) {
        /** The shortest age other than 0 (forever): a typo such as 30m for 30 days fails at load. */
        static final Duration MIN_AGE = Duration.ofHours(1);

        public Retention {
            papers = papers != null ? papers : Duration.ofDays(30);
            segmentWav = segmentWav != null ? segmentWav : Duration.ofDays(7);
            showAudio = showAudio != null ? showAudio : Duration.ofDays(60);
            archive = archive != null ? archive : Duration.ofDays(14);
            every = every != null ? every : Duration.ofHours(6);
            age(papers, "papers");
            age(segmentWav, "segmentWav");
            age(showAudio, "showAudio");
            age(archive, "archive");
            Checks.atLeast(every, Duration.ofMinutes(1), "every");
        }

        private static void age(Duration d, String key) {
            if (!d.isZero() && d.compareTo(MIN_AGE) < 0) {
                throw new IllegalArgumentException(key + " must be 0 (keep forever) or at least 1h (e.g. 30d), not " + d);
            }
        }
    }

    /**
     * How the air sounds. Every segment, show and jingle is brought to {@code loudness} (LUFS
     * integrated, EBU R128; -16 suits streams and podcasts) under the {@code truePeak} ceiling
     * (dBTP) by a limiter, and each spoken line first to the same loudness, so the hosts sound
     * equally loud. {@code maxSilence}: no pause on air is longer. {@code bed}: music under a
     * segment's intro and outro: {@code synth} (made by the station), {@code none}, or a WAV file
     * (relative to the config file); {@code bedLevel}: its loudness in LU below the voice.
     * {@code transition}: between items on air, {@code sting} (a short chime) or {@code fade} (a
     * fade out and in); {@code fade}: the length of every fade at a join.
     */
    public record Sound(Double loudness, Double truePeak, Duration maxSilence, String bed, Double bedLevel,
                        String transition, Duration fade) {
        public Sound {
            loudness = loudness != null ? loudness : -16.0;
            truePeak = truePeak != null ? truePeak : -1.0;
            maxSilence = maxSilence != null ? maxSilence : Duration.ofMillis(2500);
            bed = bed != null ? bed.strip() : "synth";
            bedLevel = bedLevel != null ? bedLevel : 18.0;
            transition = transition != null ? transition.strip() : "sting";
            fade = fade != null ? fade : Duration.ofMillis(30);
            if (loudness < -36 || loudness > -8) {
                throw new IllegalArgumentException("loudness must be between -36 and -8 LUFS, not " + loudness);
            }
            if (truePeak < -12 || truePeak > 0) {
                throw new IllegalArgumentException("truePeak must be between -12 and 0 dBTP, not " + truePeak);
            }
            Checks.atLeast(maxSilence, Duration.ofMillis(500), "maxSilence");
            if (bed.isEmpty()) {
                throw new IllegalArgumentException("bed must be synth, none or a WAV file");
            }
            if (bedLevel < 6 || bedLevel > 40) {
                throw new IllegalArgumentException("bedLevel must be between 6 and 40 LU below the voice, not " + bedLevel);
            }
            if (!List.of("sting", "fade").contains(transition)) {
                throw new IllegalArgumentException("transition must be sting or fade, not '" + transition + "'");
            }
            Checks.atLeast(fade, Duration.ofMillis(5), "fade");
            if (fade.compareTo(Duration.ofMillis(100)) > 0) {
                throw new IllegalArgumentException("fade must be at most 100ms (a join, not a crossfade), not " + fade);
            }
        }

        /** Whether the bed is a file (not {@code synth} or {@code none}). */
        public boolean bedIsFile() {
            return !bed.equals("synth") && !bed.equals("none");
        }
    }

    /**
     * How the hosts speak. {@code lexicon}: the pronunciation lexicon (relative to the config
     * file); {@code backend}: {@code mary} (in-process, the default) or {@code server} (an
     * OpenAI-compatible {@code /v1/audio/speech} endpoint, with MaryTTS as the fallback when it fails).
     */
    public record Speech(Path lexicon, String backend, SpeechServer server) {
        public Speech {
            lexicon = lexicon != null ? lexicon : Path.of("lexicon.yaml");
            backend = backend != null ? backend.strip() : "mary";
            server = server != null ? server : new SpeechServer(null, null, null, null, null, null);
            if (!List.of("mary", "server").contains(backend)) {
                throw new IllegalArgumentException("backend must be mary or server, not '" + backend + "'");
            }
            if (backend.equals("server") && server.baseUrl() == null) {
                throw new IllegalArgumentException("backend server needs speech.server.baseUrl");
            }
        }
    }

    /**
     * An OpenAI-compatible speech server ({@code POST {baseUrl}/v1/audio/speech}: OpenAI, Kokoro,
     * Piper front ends). {@code apiKeyEnv} names the environment variable holding the key (unset:
     * no key sent); {@code voices}: the server's voice name per host id.
     */
    public record SpeechServer(URI baseUrl, String model, String apiKeyEnv, String format, Duration timeout,
                               Map<String, String> voices) {
        public SpeechServer {
            if (baseUrl != null) {
                Checks.httpUrl(baseUrl, "baseUrl");
            }
            model = model != null ? model : "tts-1";
            apiKeyEnv = apiKeyEnv != null ? apiKeyEnv : "PAPER_RADIO_SPEECH_KEY";
            if (!apiKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("apiKeyEnv must name an environment variable, not '" + apiKeyEnv + "'");
            }
            format = format != null ? format.strip() : "wav";
            if (!List.of("wav", "mp3").contains(format)) {
                throw new IllegalArgumentException("format must be wav or mp3, not '" + format + "'");
            }
            timeout = timeout != null ? timeout : Duration.ofSeconds(60);
            Checks.positive(timeout, "timeout");
            voices = voices != null ? Map.copyOf(voices) : Map.of();
        }
    }

    /**
     * An Icecast 2 server the live mp3 is pushed to as a source (to grow past one machine's
     * listeners with Icecast relays). {@code url}: {@code http://host:port/mount}, no credentials;
     * {@code passwordEnv} names the environment variable holding the source password.
     */
    public record IcecastMount(String name, URI url, String user, String passwordEnv, String description,
                               Boolean listed) {
        public IcecastMount {
            Checks.nonBlank(name, "an output name");
            Checks.httpUrl(url, "url");
            if (url.getUserInfo() != null || url.getQuery() != null || url.getPath() == null || url.getPath().length() < 2) {
                throw new IllegalArgumentException("url must be http://host:port/mount without credentials or query, not "
                        + url);
            }
            user = user != null ? user : "source";
            passwordEnv = passwordEnv != null ? passwordEnv : "";
            if (!passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("passwordEnv must name an environment variable (e.g. ICECAST_SOURCE_PASSWORD)");
            }
            description = description != null ? description : "";
            listed = listed != null ? listed : Boolean.FALSE;
        }
    }

    /**
     * The station as a whole. {@code publicUrl}: the address listeners reach it at, used for the
     * absolute links in podcast feeds (set it behind a proxy or TLS); null means the address each
     * request came to (its Host header).
     */
    public record Station(String name, Path data, Boolean nonCommercial, URI publicUrl) {
        public Station {
            name = name != null ? name : "Paper Radio";
            data = data != null ? data : Path.of("data");
            nonCommercial = nonCommercial != null ? nonCommercial : Boolean.TRUE;
            Checks.nonBlank(name, "a station name");
            if (publicUrl != null) {
                Checks.httpUrl(publicUrl, "publicUrl");
            }
        }
    }

    /** Where papers come from. */
    public record Arxiv(
            URI apiUrl,
            URI oaiUrl,
            List<String> categories,
            Integer maxResults,
            Duration pollInterval,
            Duration minRequestInterval,
            String userAgent,
            Duration timeout) {
        public Arxiv {
            apiUrl = apiUrl != null ? apiUrl : URI.create("https://export.arxiv.org/api/query");
            oaiUrl = oaiUrl != null ? oaiUrl : URI.create("https://oaipmh.arxiv.org/oai");
            categories = categories != null ? List.copyOf(categories) : List.of("cs.AI", "cs.CL", "cs.LG");
            maxResults = maxResults != null ? maxResults : 25;
            pollInterval = pollInterval != null ? pollInterval : Duration.ofMinutes(30);
            minRequestInterval = minRequestInterval != null ? minRequestInterval : Duration.ofSeconds(3);
            userAgent = userAgent != null ? userAgent
                    : "PaperRadio/0.1 (a 24/7 research radio; https://github.com/paper-radio/paper-radio)";
            timeout = timeout != null ? timeout : Duration.ofSeconds(30);
            Checks.httpUrl(apiUrl, "apiUrl");
            Checks.httpUrl(oaiUrl, "oaiUrl");
            if (categories.isEmpty()) {
                throw new IllegalArgumentException("categories must name at least one arXiv category, e.g. [cs.AI]");
            }
            for (String c : categories) {
                if (c == null || !c.matches("[a-z\\-]+(\\.[A-Za-z\\-]+)?")) {
                    throw new IllegalArgumentException("'" + c + "' is not an arXiv category (expected e.g. cs.AI)");
                }
            }
            Checks.range(maxResults, 1, 2000, "maxResults");
            Checks.positive(pollInterval, "pollInterval");
            Checks.atLeast(minRequestInterval, Duration.ZERO, "minRequestInterval");
            Checks.positive(timeout, "timeout");
        }
    }

    /** Limits for downloading and reading PDFs. */
    public record Pdf(Long maxBytes, Duration downloadTimeout, Integer maxPages, Integer dpi, Duration extractTimeout) {
        public Pdf {
            maxBytes = maxBytes != null ? maxBytes : 50L * 1024 * 1024;
            downloadTimeout = downloadTimeout != null ? downloadTimeout : Duration.ofSeconds(120);
            maxPages = maxPages != null ? maxPages : 60;
            dpi = dpi != null ? dpi : 100;
            extractTimeout = extractTimeout != null ? extractTimeout : Duration.ofSeconds(120);
            Checks.range(maxBytes, 1024, 1L << 32, "maxBytes");
            Checks.positive(downloadTimeout, "downloadTimeout");
            Checks.range(maxPages, 1, 10_000, "maxPages");
            Checks.range(dpi, 10, 600, "dpi");
            Checks.positive(extractTimeout, "extractTimeout");
        }
    }

    /** How the stage kernel runs. {@code workers} is keyed by stage name (fetch, extract, index, summarize, write, voice); unnamed stages get one worker. */
    public record Pipeline(Integer queueCapacity, Map<String, Integer> workers, Integer retries, Duration backoff,
                           Duration maxBackoff, Duration shutdownGrace) {
        public Pipeline {
            queueCapacity = queueCapacity != null ? queueCapacity : 16;
            workers = workers != null ? Map.copyOf(workers) : Map.of();
            retries = retries != null ? retries : 3;
            backoff = backoff != null ? backoff : Duration.ofSeconds(5);
            maxBackoff = maxBackoff != null ? maxBackoff : Duration.ofMinutes(5);
            shutdownGrace = shutdownGrace != null ? shutdownGrace : Duration.ofSeconds(10);
            Checks.range(queueCapacity, 1, 10_000, "queueCapacity");
            for (var e : workers.entrySet()) {
                if (!STAGES.contains(e.getKey())) {
                    throw new IllegalArgumentException("workers names an unknown stage '" + e.getKey()
                            + "' (expected one of: " + String.join(", ", STAGES) + ")");
                }
                Checks.range(e.getValue(), 1, 64, "workers." + e.getKey());
            }
            Checks.range(retries, 0, 100, "retries");
            Checks.atLeast(backoff, Duration.ZERO, "backoff");
            Checks.atLeast(maxBackoff, backoff, "maxBackoff");
            Checks.atLeast(shutdownGrace, Duration.ZERO, "shutdownGrace");
        }

        /** The paper stages, in chain order. */
        public static final List<String> STAGES = List.of("fetch", "extract", "index", "summarize", "write", "voice");

        public PipelineSettings settings(Duration pollInterval) {
            return new PipelineSettings(queueCapacity, workers, retries, backoff, maxBackoff, pollInterval, shutdownGrace);
        }
    }

    /**
     * A host of the show. {@code voice} names a MaryTTS voice; {@code effects} is a MaryTTS
     * audio-effects chain that makes one voice sound like another person; {@code persona} tells
     * the LLM writer who this host is (empty: none); {@code rate} (1.0: the voice's own pace) and
     * {@code pitch} (semitones) give each host a slightly different way of speaking.
     */
    public record Host(String id, String name, String voice, String effects, String persona, Double rate,
                       Double pitch) {
        public Host(String id, String name, String voice, String effects, String persona) {
            this(id, name, voice, effects, persona, null, null);
        }

        public Host {
            Checks.nonBlank(id, "a host id");
            if (!id.matches("[a-z][a-z0-9_-]{0,31}")) {
                throw new IllegalArgumentException("host id '" + id + "' must be lower-case letters, digits, - or _");
            }
            name = name != null ? name : id;
            voice = voice != null ? voice : "cmu-slt-hsmm";
            effects = effects != null ? effects : "";
            persona = persona != null ? persona : "";
            rate = rate != null ? rate : 1.0;
            pitch = pitch != null ? pitch : 0.0;
            if (rate < 0.5 || rate > 2.0) {
                throw new IllegalArgumentException("rate must be between 0.5 and 2.0 (1.0: as the voice speaks), not " + rate);
            }
            if (pitch < -12 || pitch > 12) {
                throw new IllegalArgumentException("pitch must be between -12 and 12 semitones, not " + pitch);
            }
        }
    }

    /** The air: how much finished audio to keep ready, what to do when none is. */
    public record Playout(Duration readyAhead, Integer rerunPool, Duration identEvery) {
        public Playout {
            readyAhead = readyAhead != null ? readyAhead : Duration.ofMinutes(10);
            rerunPool = rerunPool != null ? rerunPool : 20;
            identEvery = identEvery != null ? identEvery : Duration.ofMinutes(15);
            Checks.positive(readyAhead, "readyAhead");
            Checks.range(rerunPool, 1, 10_000, "rerunPool");
            Checks.positive(identEvery, "identEvery");
        }
    }

    /** The listeners' HTTP server; {@code maxListeners} caps live streams (more get 503). */
    public record Http(String bind, Integer port, Integer maxListeners) {
        public Http {
            bind = bind != null ? bind : "0.0.0.0";
            port = port != null ? port : 8080;
            maxListeners = maxListeners != null ? maxListeners : 500;
            Checks.range(port, 0, 65535, "port");
            Checks.range(maxListeners, 1, 100_000, "maxListeners");
        }
    }

    /** Audio format on air and in the archive. */
    public record Audio(Integer sampleRate, Integer mp3Bitrate) {
        public Audio {
            sampleRate = sampleRate != null ? sampleRate : 44100;
            mp3Bitrate = mp3Bitrate != null ? mp3Bitrate : 96;
            if (sampleRate != 44100 && sampleRate != 48000 && sampleRate != 22050 && sampleRate != 24000) {
                throw new IllegalArgumentException("sampleRate must be 22050, 24000, 44100 or 48000, not " + sampleRate);
            }
            if (!List.of(32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320).contains(mp3Bitrate)) {
                throw new IllegalArgumentException("mp3Bitrate must be a standard MP3 bitrate in kbit/s (e.g. 64, 96, 128), not "
                        + mp3Bitrate);
            }
        }
    }

    /**
     * How segments are written. {@code bodySentences}: sentences of the paper an extractive segment
     * reads; {@code prompts}: the folder of prompt files (relative paths are resolved against the
     * config file's folder); {@code segmentMinutes}: target length of an LLM-written segment.
     */
    public record Writer(Integer bodySentences, Path prompts, Double segmentMinutes) {
        public Writer {
            bodySentences = bodySentences != null ? bodySentences : 8;
            prompts = prompts != null ? prompts : Path.of("prompts");
            segmentMinutes = segmentMinutes != null ? segmentMinutes : 4.0;
            Checks.range(bodySentences, 1, 100, "bodySentences");
            if (segmentMinutes < 0.5 || segmentMinutes > 60) {
                throw new IllegalArgumentException("segmentMinutes must be between 0.5 and 60, not " + segmentMinutes);
            }
        }
    }

    /**
     * The language model that writes summaries and scripts. {@code provider}: {@code none} (the
     * extractive writer only), {@code openai} (any OpenAI-compatible chat-completions server:
     * OpenAI, vLLM, llama.cpp, Ollama's /v1) or {@code ollama} (Ollama's native API).
     * {@code apiKeyEnv} names the environment variable holding the key (never the key itself).
     * {@code retryAfter}: how long a paper that fell back to the extractive writer waits before
     * the LLM is tried again for it.
     */
    public record Llm(String provider, URI baseUrl, String model, String apiKeyEnv, Duration timeout,
                      Integer maxTokens, Double temperature, Integer concurrency, Integer contextTokens,
                      Duration retryAfter) {
        /** The providers the station knows. */
        public static final List<String> PROVIDERS = List.of("none", "openai", "ollama");

        public Llm {
            provider = provider != null ? provider : "none";
            if (!PROVIDERS.contains(provider)) {
                throw new IllegalArgumentException("provider must be one of " + String.join(", ", PROVIDERS)
                        + ", not '" + provider + "'");
            }
            baseUrl = baseUrl != null ? baseUrl : URI.create(provider.equals("ollama")
                    ? "http://localhost:11434" : "http://localhost:11434/v1");
            model = model != null ? model : "llama3.2";
            apiKeyEnv = apiKeyEnv != null ? apiKeyEnv : "";
            timeout = timeout != null ? timeout : Duration.ofSeconds(120);
            maxTokens = maxTokens != null ? maxTokens : 2000;
            temperature = temperature != null ? temperature : 0.7;
            concurrency = concurrency != null ? concurrency : 2;
            contextTokens = contextTokens != null ? contextTokens : 8192;
            retryAfter = retryAfter != null ? retryAfter : Duration.ofMinutes(30);
            Checks.httpUrl(baseUrl, "baseUrl");
            Checks.nonBlank(model, "a model name");
            if (!apiKeyEnv.isEmpty() && !apiKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("apiKeyEnv must name an environment variable (e.g. OPENAI_API_KEY),"
                        + " not hold a key");
            }
            Checks.positive(timeout, "timeout");
            Checks.range(maxTokens, 16, 1_000_000, "maxTokens");
            if (temperature < 0 || temperature > 2) {
                throw new IllegalArgumentException("temperature must be between 0 and 2, not " + temperature);
            }
            Checks.range(concurrency, 1, 64, "concurrency");
            Checks.range(contextTokens, 1024, 10_000_000, "contextTokens");
            Checks.positive(retryAfter, "retryAfter");
        }

        /** Whether a model is configured at all. */
        public boolean enabled() {
            return !provider.equals("none");
        }
    }

    /**
     * When the summary shows air. {@code shows}: cron-like entries (minute hour day-of-month
     * month day-of-week, in {@code timezone}); the running show fills the rest of the time.
     * {@code prepareAhead}: production starts this long before a slot; {@code announceAhead}: the
     * show is announced at the first segment boundary within this of its slot.
     */
    public record Schedule(String timezone, List<ScheduleEntry> shows, Duration prepareAhead,
                           Duration announceAhead, Double dailyMinutes, Double weeklyMinutes) {
        public Schedule {
            timezone = timezone != null ? timezone : "UTC";
            try {
                java.time.ZoneId.of(timezone);
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("timezone '" + timezone + "' is not a time zone (e.g. UTC, Europe/Berlin)");
            }
            shows = shows != null ? List.copyOf(shows) : List.of(
                    new ScheduleEntry("daily", "0 18 * * *"), new ScheduleEntry("weekly", "0 17 * * SUN"));
            prepareAhead = prepareAhead != null ? prepareAhead : Duration.ofMinutes(20);
            announceAhead = announceAhead != null ? announceAhead : Duration.ofMinutes(10);
            dailyMinutes = dailyMinutes != null ? dailyMinutes : 8.0;
            weeklyMinutes = weeklyMinutes != null ? weeklyMinutes : 15.0;
            Checks.positive(prepareAhead, "prepareAhead");
            Checks.atLeast(announceAhead, Duration.ZERO, "announceAhead");
            if (dailyMinutes < 1 || dailyMinutes > 180 || weeklyMinutes < 1 || weeklyMinutes > 180) {
                throw new IllegalArgumentException("dailyMinutes and weeklyMinutes must be between 1 and 180");
            }
        }

        public java.time.ZoneId zone() {
            return java.time.ZoneId.of(timezone);
        }
    }

    /** One schedule entry: which show ({@code daily} or {@code weekly}) and when ({@code cron}). */
    public record ScheduleEntry(String show, String cron) {
        public ScheduleEntry {
            if (!"daily".equals(show) && !"weekly".equals(show)) {
                throw new IllegalArgumentException("show must be daily or weekly, not '" + show + "'");
            }
            Checks.nonBlank(cron, "a cron expression (minute hour day month weekday, e.g. \"0 18 * * *\")");
            org.paperradio.core.schedule.CronSchedule.parse(cron); // a typo fails at load
        }
    }

    /**
     * How the station chooses what gets a segment when more papers arrive than air time allows.
     * {@code candidates}: papers competing for the next segment; {@code maxWait}: a paper not
     * chosen within this is passed over (and named in the daily round-up); boosts add to the score
     * when a keyword (in title or abstract), an author or a category matches; {@code novelty}
     * weighs how unlike the already aired papers a paper is; {@code votes} is what one listener's
     * vote adds, to a waiting paper's score and to an aired paper's standing among the show picks.
     */
    public record Selection(Integer candidates, Duration maxWait, Map<String, Double> keywords,
                            Map<String, Double> authors, Map<String, Double> categories, Double novelty,
                            Double votes) {
        public Selection {
            candidates = candidates != null ? candidates : 64;
            maxWait = maxWait != null ? maxWait : Duration.ofDays(1);
            keywords = keywords != null ? Map.copyOf(keywords) : Map.of();
            authors = authors != null ? Map.copyOf(authors) : Map.of();
            categories = categories != null ? Map.copyOf(categories) : Map.of();
            novelty = novelty != null ? novelty : 2.0;
            votes = votes != null ? votes : 2.0;
            Checks.range(candidates, 1, 100_000, "candidates");
            Checks.positive(maxWait, "maxWait");
            if (novelty < 0 || novelty > 100) {
                throw new IllegalArgumentException("novelty must be between 0 and 100, not " + novelty);
            }
            if (votes < 0 || votes > 100) {
                throw new IllegalArgumentException("votes must be between 0 and 100, not " + votes);
            }
        }
    }

    /**
     * The admin API: {@code tokenEnv} names the environment variable that holds its bearer token;
     * when that variable is unset or empty the admin API is off.
     */
    public record Admin(String tokenEnv) {
        public Admin {
            tokenEnv = tokenEnv != null ? tokenEnv : "PAPER_RADIO_ADMIN_TOKEN";
            if (!tokenEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("tokenEnv must name an environment variable, not '" + tokenEnv + "'");
            }
        }
    }

    /**
     * The video stream: frames of the paper being discussed, H.264 (JCodec), published over RTMP
     * to every {@code rtmp} output. Off unless {@code enabled}. {@code audio}: {@code mp3} (jump3r,
     * in-process) or {@code aac} (Twitch asks for AAC-LC: the stream is handed to ffmpeg for the
     * audio, which must be installed).
     */
    public record Video(Boolean enabled, Integer width, Integer height, Integer fps, Duration keyframeEvery,
                        Integer bitrate, String profile, String audio, Integer audioBitrate) {
        public Video {
            enabled = enabled != null ? enabled : Boolean.FALSE;
            width = width != null ? width : 1280;
            height = height != null ? height : 720;
            fps = fps != null ? fps : 30;
            keyframeEvery = keyframeEvery != null ? keyframeEvery : Duration.ofSeconds(2);
            bitrate = bitrate != null ? bitrate : 2500;
            profile = profile != null ? profile : "baseline";
            audio = audio != null ? audio : "mp3";
            audioBitrate = audioBitrate != null ? audioBitrate : 128;
            Checks.range(width, 160, 3840, "width");
            Checks.range(height, 120, 2160, "height");
            if (width % 2 != 0 || height % 2 != 0) {
                throw new IllegalArgumentException("width and height must be even, not " + width + "x" + height);
            }
            if (!List.of(25, 30, 50, 60).contains(fps)) {
                throw new IllegalArgumentException("fps must be 25, 30, 50 or 60 (what streaming services take), not " + fps);
            }
            Checks.positive(keyframeEvery, "keyframeEvery");
            Checks.range(bitrate, 100, 50_000, "bitrate");
            if (!profile.equals("baseline")) {
                // the change-driven encoder writes Constrained Baseline (accepted by Twitch, YouTube and every player)
                throw new IllegalArgumentException("profile must be baseline (the encoder writes Constrained Baseline),"
                        + " not '" + profile + "'");
            }
            if (!List.of("mp3", "aac").contains(audio)) {
                throw new IllegalArgumentException("audio must be mp3 or aac, not '" + audio + "'");
            }
            Checks.range(audioBitrate, 32, 320, "audioBitrate");
        }
    }

    /**
     * One RTMP destination (Twitch, YouTube, any RTMP server). {@code url} is the ingest URL
     * without the key ({@code rtmp://live.twitch.tv/app}); {@code keyEnv} names the environment
     * variable holding the stream key, which is never written to config or logs. {@code
     * maxSession}: reconnect on our own before the platform's limit (Twitch: 48 hours).
     */
    public record RtmpOutput(String name, URI url, String keyEnv, Duration maxSession) {
        public RtmpOutput {
            Checks.nonBlank(name, "an output name");
            if (url == null || !"rtmp".equals(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("url must be an rtmp:// URL (without the stream key), not " + url);
            }
            keyEnv = keyEnv != null ? keyEnv : "";
            if (!keyEnv.isEmpty() && !keyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("keyEnv must name an environment variable, not hold the key");
            }
            maxSession = maxSession != null ? maxSession : Duration.ofHours(47);
            Checks.positive(maxSession, "maxSession");
        }
    }

    /**
     * Twitch: with a channel and credentials (environment variables named here) the stream title
     * and category follow what is on air, and chat commands work; otherwise all of it is off.
     */
    public record Twitch(String channel, String clientIdEnv, String tokenEnv, String category,
                         Duration userCooldown) {
        public Twitch {
            channel = channel != null ? channel : "";
            clientIdEnv = clientIdEnv != null ? clientIdEnv : "TWITCH_CLIENT_ID";
            tokenEnv = tokenEnv != null ? tokenEnv : "TWITCH_OAUTH_TOKEN";
            category = category != null ? category : "Science & Technology";
            userCooldown = userCooldown != null ? userCooldown : Duration.ofSeconds(30);
            if (!channel.isEmpty() && !channel.matches("[A-Za-z0-9_]{3,25}")) {
                throw new IllegalArgumentException("channel must be a Twitch login name, not '" + channel + "'");
            }
            Checks.atLeast(userCooldown, Duration.ZERO, "userCooldown");
        }
    }

    /** A copy with another data folder (the launcher's --data). */
    public StationConfig withData(Path data) {
        return new StationConfig(new Station(station.name(), data, station.nonCommercial(), station.publicUrl()), arxiv, pdf, pipeline,
                hosts, playout, http, audio, writer, llm, schedule, selection, admin, video, rtmp, twitch, icecast, sound, speech,
                retention);
    }

    /** A copy with another HTTP port (tests use 0: any free port). */
    public StationConfig withHttp(Http newHttp) {
        return new StationConfig(station, arxiv, pdf, pipeline, hosts, playout, newHttp, audio, writer, llm, schedule,
                selection, admin, video, rtmp, twitch, icecast, sound, speech, retention);
    }

    /** A copy with another LLM section (tests point it at a loopback server). */
    public StationConfig withLlm(Llm newLlm) {
        return new StationConfig(station, arxiv, pdf, pipeline, hosts, playout, http, audio, writer, newLlm, schedule,
                selection, admin, video, rtmp, twitch, icecast, sound, speech, retention);
    }

    /** A copy with another writer section. */
    public StationConfig withWriter(Writer newWriter) {
        return new StationConfig(station, arxiv, pdf, pipeline, hosts, playout, http, audio, newWriter, llm, schedule,
                selection, admin, video, rtmp, twitch, icecast, sound, speech, retention);
    }

    /** A copy with another schedule. */
    public StationConfig withSchedule(Schedule newSchedule) {
        return new StationConfig(station, arxiv, pdf, pipeline, hosts, playout, http, audio, writer, llm, newSchedule,
                selection, admin, video, rtmp, twitch, icecast, sound, speech, retention);
    }

    /** A copy whose relative prompts folder is resolved against {@code base} (the config file's folder). */
    public StationConfig resolvePrompts(Path base) {
        if (writer.prompts().isAbsolute() || base == null) {
            return this;
        }
        return withWriter(new Writer(writer.bodySentences(), base.resolve(writer.prompts()), writer.segmentMinutes()));
    }

    /**
     * A copy whose relative files (prompts folder, lexicon, music bed) are resolved against
     * {@code base} (the config file's folder).
     */
    public StationConfig resolveFiles(Path base) {
        if (base == null) {
            return this;
        }
        StationConfig c = resolvePrompts(base);
        Speech sp = c.speech.lexicon().isAbsolute() ? c.speech
                : new Speech(base.resolve(c.speech.lexicon()), c.speech.backend(), c.speech.server());
        Sound so = !c.sound.bedIsFile() || Path.of(c.sound.bed()).isAbsolute() ? c.sound
                : new Sound(c.sound.loudness(), c.sound.truePeak(), c.sound.maxSilence(),
                base.resolve(c.sound.bed()).toString(), c.sound.bedLevel(), c.sound.transition(), c.sound.fade());
        return new StationConfig(c.station, c.arxiv, c.pdf, c.pipeline, c.hosts, c.playout, c.http, c.audio, c.writer,
                c.llm, c.schedule, c.selection, c.admin, c.video, c.rtmp, c.twitch, c.icecast, so, sp, c.retention);
    }
}
