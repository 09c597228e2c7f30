package org.paperradio.tts.voice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;
import okio.Source;
import org.paperradio.tts.audio.Mp3Decoder;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.PcmBuilder;
import org.paperradio.tts.audio.Resampler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A voice served over HTTP by an OpenAI-compatible speech endpoint: {@code POST
 * {baseUrl}/v1/audio/speech} with a JSON body {@code {"model","input","voice","response_format",
 * "speed"}}, answered with the audio bytes. OpenAI serves it, and so do local servers such as
 * Kokoro-FastAPI or Piper front ends.
 *
 * <p>The server is not trusted: the answer is capped in size and the whole exchange (connect,
 * headers and body) in time; the format is sniffed from the bytes (RIFF, ID3, MP3 frame sync),
 * not taken from the Content-Type; WAV may be 16-bit PCM at any rate, mono or multi-channel
 * (mixed down), with the unknown data length ({@code 0xFFFFFFFF}) streaming servers write. The
 * audio comes back at the station rate. Redirects are not followed, so the API key never goes to
 * another host, and no message ever contains the key. Thread-safe: calls may overlap.
 *
 * <p>Over OkHttp, the project's HTTP client: a caller may pass its own {@link OkHttpClient} to share
 * a connection pool; the call timeout and the redirect policy are set here either way.
 */
public final class HttpSpeechVoice implements Voice {

    private static final Logger log = LoggerFactory.getLogger(HttpSpeechVoice.class);

    /** The largest answer read: about 9 minutes of 48 kHz stereo WAV. */
    public static final long MAX_ANSWER_BYTES = 50L << 20;
    /** OpenAI refuses input above 4096 characters; longer text is sent in pieces. */
    public static final int MAX_INPUT_CHARS = 4_000;
    /** Decoded MP3 longer than this is refused (a guard against a hostile server). */
    static final Duration MAX_AUDIO = Duration.ofMinutes(30);
    /** How much of an error answer is read, and how much of it goes into a message. */
    private static final int ERROR_BODY_BYTES = 4_096;
    private static final int ERROR_MESSAGE_CHARS = 200;

    /**
     * Where and how to ask.
     *
     * @param baseUrl    the server, e.g. {@code http://localhost:8880} or {@code https://api.openai.com}
     *                   (a trailing {@code /v1} is accepted too)
     * @param model      e.g. {@code tts-1}, {@code kokoro}
     * @param voice      e.g. {@code alloy}, {@code af_heart}
     * @param apiKey     sent as a bearer token; null or blank for none (read from the environment by the caller)
     * @param timeout    the longest one request may take, from connecting to the last byte
     * @param format     {@code wav} or {@code mp3}: what to ask for (the answer is sniffed anyway)
     * @param speed      0.25 to 4.0, 1 is normal
     * @param sampleRate the rate of the audio {@link #speak} returns (the station rate)
     */
    public record Settings(URI baseUrl, String model, String voice, String apiKey, Duration timeout, String format,
                           double speed, int sampleRate) {

        public Settings {
            if (baseUrl == null || baseUrl.getHost() == null
                    || !("http".equalsIgnoreCase(baseUrl.getScheme()) || "https".equalsIgnoreCase(baseUrl.getScheme()))) {
                throw new IllegalArgumentException("speech base URL must be an http(s) URL with a host, not " + baseUrl);
            }
            if (model == null || model.isBlank() || voice == null || voice.isBlank()) {
                throw new IllegalArgumentException("speech model and voice must be given");
            }
            apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("speech timeout must be positive, not " + timeout);
            }
            format = format == null ? "wav" : format.strip().toLowerCase(Locale.ROOT);
            if (!format.equals("wav") && !format.equals("mp3")) {
                throw new IllegalArgumentException("speech format must be wav or mp3, not " + format);
            }
            if (!(speed >= 0.25 && speed <= 4.0)) {
                throw new IllegalArgumentException("speech speed must be 0.25 to 4.0, not " + speed);
            }
            if (sampleRate <= 0) {
                throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
            }
        }

        /** Without the key: settings end up in logs. */
        @Override
        public String toString() {
            return "Settings[baseUrl=" + display(baseUrl) + ", model=" + model + ", voice=" + voice
                    + ", apiKey=" + (apiKey == null ? "none" : "***") + ", timeout=" + timeout + ", format=" + format
                    + ", speed=" + speed + ", sampleRate=" + sampleRate + "]";
        }
    }

    private static final MediaType JSON = MediaType.get("application/json");

    private final Settings settings;
    private final OkHttpClient client;
    private final long maxAnswerBytes;
    private final URI endpoint;
    private final HttpUrl url;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Integer, Resampler> resamplers = new ConcurrentHashMap<>();

    /** With a client of its own (see {@link #defaultClient}). */
    public HttpSpeechVoice(Settings settings) {
        this(settings, defaultClient(settings.timeout()));
    }

    /**
     * With the caller's client, e.g. to share its connection pool. Redirects are switched off on
     * the copy used here whatever the client says (the key would follow a redirect), and every
     * call is bounded by {@link Settings#timeout()} as a whole.
     */
    public HttpSpeechVoice(Settings settings, OkHttpClient client) {
        this(settings, client, MAX_ANSWER_BYTES);
    }

    HttpSpeechVoice(Settings settings, OkHttpClient client, long maxAnswerBytes) {
        this.settings = settings;
        // newBuilder() shares the pool and dispatcher: cheap, and the redirect policy is ours
        this.client = client.newBuilder().followRedirects(false).followSslRedirects(false).build();
        this.maxAnswerBytes = maxAnswerBytes;
        this.endpoint = endpoint(settings.baseUrl());
        this.url = HttpUrl.get(endpoint.toString());
    }

    /**
     * A client for one speech server: the whole exchange (connect, request, headers and body)
     * within {@code timeout}, connecting within at most 10 s of it, no redirects. It retries on a
     * connection failure: local servers (uvicorn) drop idle keep-alive connections sooner than
     * the pool does, and asking again for the same text is harmless, within the same deadline.
     */
    static OkHttpClient defaultClient(Duration timeout) {
        Duration connect = timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10);
        return new OkHttpClient.Builder()
                .callTimeout(timeout)
                .connectTimeout(connect)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(true)
                .build();
    }

    @Override
    public String name() {
        return settings.model() + "/" + settings.voice() + "@" + settings.baseUrl().getHost()
                + (settings.baseUrl().getPort() >= 0 ? ":" + settings.baseUrl().getPort() : "");
    }

    @Override
    public int sampleRate() {
        return settings.sampleRate();
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public Pcm speak(String text) throws VoiceException {
        List<String> pieces = pieces(text == null ? "" : text.strip(), MAX_INPUT_CHARS);
        if (pieces.isEmpty()) {
            return Pcm.empty(settings.sampleRate()); // nothing to say: no call
        }
        if (pieces.size() == 1) {
            return request(pieces.get(0));
        }
        PcmBuilder out = new PcmBuilder(settings.sampleRate());
        for (String piece : pieces) {
            out.append(request(piece));
        }
        return out.build();
    }

    private Pcm request(String input) throws VoiceException {
        long t0 = System.nanoTime();
        Request.Builder rb = new Request.Builder()
                .url(url)
                .header("Accept", settings.format().equals("wav") ? "audio/wav, audio/*" : "audio/mpeg, audio/*")
                .post(RequestBody.create(body(input), JSON));
        if (settings.apiKey() != null) {
            rb.header("Authorization", "Bearer " + settings.apiKey());
        }
        Call call = client.newCall(rb.build());
        // per call, so a caller's client is bounded too; it covers reading the body, not just the headers
        call.timeout().timeout(settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
        int status;
        byte[] bytes;
        String contentType;
        try (Response response = call.execute()) {
            status = response.code();
            contentType = response.header("Content-Type", "none");
            bytes = status / 100 == 2 ? readAudio(response.body()) : readError(response.body());
        } catch (IOException e) {
            throw failure(e, call);
        }
        if (status / 100 != 2) {
            throw new VoiceException(where() + " answered HTTP " + status + errorText(bytes));
        }
        Pcm pcm;
        try {
            pcm = decode(bytes, contentType);
        } catch (IOException e) {
            throw new VoiceException(where() + ": " + e.getMessage(), e);
        }
        if (pcm.isEmpty()) {
            throw new VoiceException(where() + " returned no audio for " + input.length() + " characters of text");
        }
        Pcm out = toStationRate(pcm);
        log.debug("{} spoke {} chars: {} bytes, {} Hz, {} ms of audio in {} ms", name(), input.length(), bytes.length,
                pcm.sampleRate(), out.duration().toMillis(), (System.nanoTime() - t0) / 1_000_000);
        return out;
    }

    private byte[] body(String input) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", settings.model());
        body.put("input", input);
        body.put("voice", settings.voice());
        body.put("response_format", settings.format());
        body.put("speed", settings.speed());
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // strings and a number always serialise
        }
    }

    /** The audio, refused unread when it declares more than the cap and cut off when it streams past it. */
    private byte[] readAudio(ResponseBody body) throws IOException {
        if (body == null) {
            return new byte[0];
        }
        long declared = body.contentLength(); // -1 when chunked or unknown
        if (declared > maxAnswerBytes) {
            throw new TooLarge(declared, maxAnswerBytes);
        }
        return Okio.buffer(new CappedSource(body.source(), maxAnswerBytes, false)).readByteArray();
    }

    /** An error answer, only as far as a message needs; the rest is never read. */
    private static byte[] readError(ResponseBody body) throws IOException {
        if (body == null) {
            return new byte[0];
        }
        return Okio.buffer(new CappedSource(body.source(), ERROR_BODY_BYTES, true)).readByteArray();
    }

    private VoiceException failure(IOException cause, Call call) {
        if (cause instanceof TooLarge t) {
            return new VoiceException(where() + ": " + t.getMessage(), t);
        }
        if (Thread.currentThread().isInterrupted()) {
            return new VoiceException(where() + ": interrupted while waiting for speech", cause);
        }
        if (cause instanceof SocketTimeoutException) {
            // OkHttp's own read timeout says "timeout"; the socket's connect timeout says "connect timed out"
            String m = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
            return m.contains("connect")
                    ? new VoiceException(where() + " could not be reached within the connect timeout", cause)
                    : new VoiceException(where() + " sent nothing for "
                            + seconds(Duration.ofMillis(client.readTimeoutMillis())) + " (read timeout)", cause);
        }
        if (call.isCanceled() || cause instanceof InterruptedIOException) {
            // the call timeout cancels the call; OkHttp reports that as InterruptedIOException("timeout")
            return new VoiceException(where() + " gave no complete answer within " + seconds(settings.timeout()),
                    cause);
        }
        if (cause instanceof ConnectException) {
            return new VoiceException(where() + " cannot be reached (connection refused)", cause);
        }
        if (cause instanceof UnknownHostException) {
            return new VoiceException(where() + " cannot be reached (unknown host)", cause);
        }
        String msg = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + scrub(cause.getMessage()));
        return new VoiceException(where() + " failed: " + msg, cause);
    }

    private String where() {
        return "speech server " + display(endpoint);
    }

    private String errorText(byte[] body) {
        String s = scrub(new String(body, StandardCharsets.UTF_8));
        s = s.replaceAll("[\\p{Cc}\\s]+", " ").strip();
        if (s.isEmpty()) {
            return "";
        }
        return ": " + (s.length() > ERROR_MESSAGE_CHARS ? s.substring(0, ERROR_MESSAGE_CHARS) + "..." : s);
    }

    /** Servers echo keys in error messages ("Incorrect API key provided: sk-..."): never pass one on. */
    private String scrub(String s) {
        String key = settings.apiKey();
        return key == null ? s : s.replace(key, "***");
    }

    private Pcm toStationRate(Pcm pcm) {
        if (pcm.sampleRate() == settings.sampleRate()) {
            return pcm;
        }
        return resamplers.computeIfAbsent(pcm.sampleRate(), r -> new Resampler(r, settings.sampleRate())).process(pcm);
    }

    /**
     * Decodes a speech answer by what its bytes are: WAV (RIFF/RF64) or MP3 (ID3 tag or frame
     * sync). {@code contentType} only goes into the message when it is neither.
     */
    static Pcm decode(byte[] b, String contentType) throws IOException {
        if (b.length >= 12 && (ascii(b, 0, "RIFF") || ascii(b, 0, "RF64")) && ascii(b, 8, "WAVE")) {
            return readWav(b);
        }
        if (b.length >= 3 && ascii(b, 0, "ID3") || isFrameSync(b)) {
            return Mp3Decoder.decode(b, MAX_AUDIO);
        }
        if (b.length == 0) {
            throw new IOException("answered with an empty body");
        }
        throw new IOException("answer is neither WAV nor MP3 (Content-Type " + printable(contentType, 60)
                + ", " + b.length + " bytes starting " + preview(b) + ")");
    }

    private static boolean isFrameSync(byte[] b) {
        // 11 sync bits, a layer other than "reserved", a bitrate index other than "bad"
        return b.length >= 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xE0) == 0xE0 && (b[1] & 0x06) != 0
                && (b[2] & 0xF0) != 0xF0;
    }

    /**
     * 16-bit PCM WAV, any rate and channel count (mixed down to mono). A data length of
     * {@code 0xFFFFFFFF} or 0 (written by servers that stream before they know the length), or
     * one past the end, means "to the end of the answer".
     */
    static Pcm readWav(byte[] b) throws IOException {
        int channels = -1;
        int rate = -1;
        long pos = 12;
        while (pos + 8 <= b.length) {
            int at = (int) pos;
            String id = new String(b, at, 4, StandardCharsets.US_ASCII);
            long size = u32(b, at + 4);
            pos += 8;
            if (id.equals("fmt ")) {
                if (size < 16 || size > 1024 || pos + size > b.length) {
                    throw new IOException("WAV answer has a bad fmt chunk (" + size + " bytes)");
                }
                int f = (int) pos;
                int format = u16(b, f);
                channels = u16(b, f + 2);
                rate = (int) u32(b, f + 4);
                int bits = u16(b, f + 14);
                boolean pcm = format == 1 || (format == 0xFFFE && size >= 26 && u16(b, f + 24) == 1);
                if (!pcm || bits != 16) {
                    throw new IOException("WAV answer is not 16-bit PCM (format " + format + ", " + bits
                            + " bits); ask the server for 16-bit WAV or MP3");
                }
                if (channels < 1 || channels > 8 || rate < 1000 || rate > 384_000) {
                    throw new IOException("WAV answer has an implausible format (" + channels + " channels, "
                            + rate + " Hz)");
                }
                pos += size + (size & 1);
            } else if (id.equals("data")) {
                if (channels < 0) {
                    throw new IOException("WAV answer has its data before its fmt chunk");
                }
                long available = b.length - pos;
                long n = size == 0xFFFF_FFFFL || size == 0 || size > available ? available : size;
                return downmix(b, (int) pos, (int) (n / (2L * channels)), channels, rate);
            } else {
                pos += size + (size & 1);
            }
        }
        throw new IOException("WAV answer has no " + (channels < 0 ? "fmt" : "data") + " chunk");
    }

    private static Pcm downmix(byte[] b, int off, int frames, int channels, int rate) {
        short[] s = new short[frames];
        int p = off;
        for (int i = 0; i < frames; i++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += (short) ((b[p] & 0xFF) | (b[p + 1] << 8));
                p += 2;
            }
            s[i] = (short) (sum / channels);
        }
        return new Pcm(s, rate);
    }

    /**
     * {@code text} in pieces of at most {@code max} characters, cut after a sentence if possible,
     * else at a space; pieces with nothing to say (no letter or digit) are left out.
     */
    static List<String> pieces(String text, int max) {
        List<String> out = new ArrayList<>();
        String rest = text;
        while (rest.length() > max) {
            int cut = -1;
            for (int i = max - 1; i > max / 3 && cut < 0; i--) {
                char c = rest.charAt(i);
                if ((c == '.' || c == '!' || c == '?' || c == ';') && Character.isWhitespace(rest.charAt(i + 1))) {
                    cut = i + 1;
                }
            }
            if (cut < 0) {
                cut = rest.lastIndexOf(' ', max);
            }
            if (cut <= max / 3) {
                cut = Character.isHighSurrogate(rest.charAt(max - 1)) ? max - 1 : max;
            }
            addSpeakable(out, rest.substring(0, cut));
            rest = rest.substring(cut);
        }
        addSpeakable(out, rest);
        return out;
    }

    private static void addSpeakable(List<String> out, String piece) {
        String p = piece.strip();
        if (p.codePoints().anyMatch(Character::isLetterOrDigit)) {
            out.add(p);
        }
    }

    static URI endpoint(URI base) {
        String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        path = path.endsWith("/v1") ? path + "/audio/speech" : path + "/v1/audio/speech";
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + path);
    }

    /** A URL for messages: no user info, no query. */
    static String display(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "")
                + (u.getRawPath() == null ? "" : u.getRawPath());
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String preview(byte[] b) {
        int n = Math.min(b.length, 40);
        String s = new String(b, 0, n, StandardCharsets.UTF_8);
        if (s.codePoints().allMatch(c -> c >= 0x20 && c != 0xFFFD || c == '\n' || c == '\r' || c == '\t')) {
            return "'" + printable(s, 40) + "'";
        }
        StringBuilder hex = new StringBuilder("0x");
        for (int i = 0; i < Math.min(n, 8); i++) {
            hex.append(String.format("%02X", b[i] & 0xFF));
        }
        return hex.toString();
    }

    private static String printable(String s, int max) {
        String p = s.replaceAll("[\\p{Cc}\\s]+", " ").strip();
        return p.length() > max ? p.substring(0, max) + "..." : p;
    }

    private static boolean ascii(byte[] b, int off, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b[off + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int off) {
        return (u16(b, off) | (long) u16(b, off + 2) << 16) & 0xFFFF_FFFFL;
    }

    /** The answer was, or said it would be, larger than allowed. */
    private static final class TooLarge extends IOException {
        TooLarge(long size, long max) {
            super("answer is larger than the allowed " + max + " bytes" + (size > 0 ? " (" + size + " bytes)" : ""));
        }
    }

    /**
     * A body read no further than {@code max} bytes. Past it, either fails with {@link TooLarge}
     * (audio) or ends as if the body ended there (an error text). Either way the rest is not read,
     * and closing the response drops the connection.
     */
    private static final class CappedSource extends ForwardingSource {

        private final long max;
        private final boolean truncate;
        private long read;

        CappedSource(Source delegate, long max, boolean truncate) {
            super(delegate);
            this.max = max;
            this.truncate = truncate;
        }

        @Override
        public long read(Buffer sink, long byteCount) throws IOException {
            long room = max - read;
            if (truncate && room <= 0) {
                return -1;
            }
            // one byte past the cap is enough to know the answer is too large
            long n = super.read(sink, Math.min(byteCount, truncate ? room : room + 1));
            if (n > 0) {
                read += n;
                if (read > max) {
                    throw new TooLarge(-1, max);
                }
            }
            return n;
        }
    }
}
