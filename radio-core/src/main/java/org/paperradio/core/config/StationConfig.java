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
        Writer writer) {

    public StationConfig {
        station = station != null ? station : new Station(null, null, null);
        arxiv = arxiv != null ? arxiv : new Arxiv(null, null, null, null, null, null, null, null);
        pdf = pdf != null ? pdf : new Pdf(null, null, null, null, null);
        pipeline = pipeline != null ? pipeline : new Pipeline(null, null, null, null, null, null);
        hosts = hosts != null ? List.copyOf(hosts) : List.of(
                new Host("ada", "Ada", null, null),
                new Host("ben", "Ben", null, "F0Add(f0Add:-70)+TractScaler(amount:0.85)"));
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
        writer = writer != null ? writer : new Writer(null);
    }

    /** The station as a whole. */
    public record Station(String name, Path data, Boolean nonCommercial) {
        public Station {
            name = name != null ? name : "Paper Radio";
            data = data != null ? data : Path.of("data");
            nonCommercial = nonCommercial != null ? nonCommercial : Boolean.TRUE;
            Checks.nonBlank(name, "a station name");
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

    /** How the stage kernel runs. {@code workers} is keyed by stage name: fetch, extract, index, write, voice. */
    public record Pipeline(Integer queueCapacity, Map<String, Integer> workers, Integer retries, Duration backoff,
                           Duration maxBackoff, Duration shutdownGrace) {
        public Pipeline {
            queueCapacity = queueCapacity != null ? queueCapacity : 16;
            workers = workers != null ? Map.copyOf(workers) : Map.of("fetch", 1, "extract", 1, "index", 1, "write", 1, "voice", 1);
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
        public static final List<String> STAGES = List.of("fetch", "extract", "index", "write", "voice");

        public PipelineSettings settings(Duration pollInterval) {
            return new PipelineSettings(queueCapacity, workers, retries, backoff, maxBackoff, pollInterval, shutdownGrace);
        }
    }

    /**
     * A host of the show. {@code voice} names a MaryTTS voice; {@code effects} is a MaryTTS
     * audio-effects chain that makes one voice sound like another person.
     */
    public record Host(String id, String name, String voice, String effects) {
        public Host {
            Checks.nonBlank(id, "a host id");
            if (!id.matches("[a-z][a-z0-9_-]{0,31}")) {
                throw new IllegalArgumentException("host id '" + id + "' must be lower-case letters, digits, - or _");
            }
            name = name != null ? name : id;
            voice = voice != null ? voice : "cmu-slt-hsmm";
            effects = effects != null ? effects : "";
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

    /** How segments are written. {@code bodySentences}: sentences of the paper a segment reads. */
    public record Writer(Integer bodySentences) {
        public Writer {
            bodySentences = bodySentences != null ? bodySentences : 8;
            Checks.range(bodySentences, 1, 100, "bodySentences");
        }
    }

    /** A copy with another data folder (the launcher's --data). */
    public StationConfig withData(Path data) {
        return new StationConfig(new Station(station.name(), data, station.nonCommercial()), arxiv, pdf, pipeline,
                hosts, playout, http, audio, writer);
    }

    /** A copy with another HTTP port (tests use 0: any free port). */
    public StationConfig withHttp(Http newHttp) {
        return new StationConfig(station, arxiv, pdf, pipeline, hosts, playout, newHttp, audio, writer);
    }
}
