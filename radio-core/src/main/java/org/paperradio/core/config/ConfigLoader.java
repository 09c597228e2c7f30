package org.paperradio.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads {@code station.yaml} into a {@link StationConfig}. Unknown keys, wrong types and bad
 * values all fail with the file, line, key path and the expected form, so a typo never starts a
 * station that silently ignores it. Durations are written {@code 500ms}, {@code 3s}, {@code 30m},
 * {@code 2h}, {@code 1d} (or ISO-8601 {@code PT3S}); sizes {@code 512KB}, {@code 50MB}, {@code 1GB}.
 */
public final class ConfigLoader {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB)?", Pattern.CASE_INSENSITIVE);

    private final ObjectMapper yaml;

    public ConfigLoader() {
        SimpleModule units = new SimpleModule("station-units");
        units.addDeserializer(Duration.class, new DurationDeserializer());
        units.addDeserializer(Long.class, new SizeDeserializer());
        this.yaml = new ObjectMapper(new YAMLFactory())
                .registerModule(units)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public StationConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such config file", e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toString()).resolveFiles(file.toAbsolutePath().getParent());
    }

    /** Parses YAML text; {@code origin} names it in messages. An empty document means all defaults. */
    public StationConfig parse(String text, String origin) throws ConfigException {
        if (text.isBlank()) {
            return new StationConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        }
        try {
            StationConfig c = yaml.readValue(text, StationConfig.class);
            return c != null ? c : new StationConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            int line = lineOfKey(text, String.valueOf(e.getPropertyName()), e.getLocation());
            throw new ConfigException(origin + ":" + line + ": unknown key '" + path(e) + "'"
                    + (known.isEmpty() ? "" : " (expected one of: " + known + ")"), e);
        } catch (JsonMappingException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root instanceof org.yaml.snakeyaml.error.YAMLException || root instanceof StreamReadException) {
                throw new ConfigException(where(origin, e.getLocation()) + "not valid YAML: " + firstLine(root.getMessage()), e);
            }
            String why = root instanceof IllegalArgumentException || root instanceof ConfigValueException
                    ? root.getMessage() : e.getOriginalMessage();
            String key = path(e);
            throw new ConfigException(origin + ":" + lineOfValue(text, key, why, e.getLocation()) + ": bad value at '"
                    + key + "': " + firstLine(why), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(where(origin, e.getLocation()) + "not valid YAML: " + firstLine(e.getOriginalMessage()), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The line of the offending key: the parser reports the position after it. */
    private static int lineOfKey(String text, String key, JsonLocation loc) {
        String[] lines = text.split("\n", -1);
        int reported = loc == null || loc.getLineNr() < 1 ? lines.length : Math.min(loc.getLineNr(), lines.length);
        Pattern keyLine = Pattern.compile("^\\s*(-\\s+)?[\"']?" + Pattern.quote(key) + "[\"']?\\s*:.*");
        for (int i = reported - 1; i >= 0; i--) {
            if (keyLine.matcher(lines[i]).matches()) {
                return i + 1;
            }
        }
        return reported;
    }

    /**
     * The line of a bad value. Values checked by a section's record are reported by the parser
     * at the end of the section; the message names the key ("port must be ..."), so look for
     * that key's line within the section.
     */
    private static int lineOfValue(String text, String path, String why, JsonLocation loc) {
        String last = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
        Matcher named = Pattern.compile("^([A-Za-z]+)[ .]").matcher(why == null ? "" : why);
        String key = named.find() && !last.isEmpty() && !why.startsWith("'") ? named.group(1) : last;
        if (key.isEmpty() || key.contains("[")) {
            return loc == null ? 1 : Math.max(1, loc.getLineNr());
        }
        return lineOfKey(text, key, loc);
    }

    private static String where(String origin, JsonLocation loc) {
        return loc == null || loc.getLineNr() < 0 ? origin + ": " : origin + ":" + loc.getLineNr() + ": ";
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!b.isEmpty()) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    /** Thrown by the unit parsers; its message is shown as is. */
    static final class ConfigValueException extends JsonProcessingException {
        ConfigValueException(String msg, JsonParser p) {
            super(msg, p.currentLocation());
        }
    }

    /**
     * A duration as the config writes it: {@code 500ms}, {@code 3s}, {@code 30m}, {@code 2h},
     * {@code 1d}, or ISO-8601 ({@code PT2H}); anything else is an IllegalArgumentException.
     */
    public static Duration parseDuration(String s) {
        String t = s.strip();
        Matcher m = DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(t.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + s + "' is not a duration (expected e.g. 500ms, 3s, 30m, 2h, 1d)");
        }
    }

    static long parseSize(String s) {
        Matcher m = SIZE.matcher(s.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a size (expected e.g. 512KB, 50MB, 1GB)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        return switch (unit) {
            case "KB" -> n * 1024;
            case "MB" -> n * 1024 * 1024;
            case "GB" -> n * 1024 * 1024 * 1024;
            default -> n;
        };
    }

    private static final class DurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            try {
                return parseDuration(p.getValueAsString(p.getText()));
            } catch (IllegalArgumentException e) {
                throw new ConfigValueException(e.getMessage(), p);
            }
        }
    }

    private static final class SizeDeserializer extends JsonDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            try {
                return parseSize(p.getValueAsString(p.getText()));
            } catch (IllegalArgumentException e) {
                throw new ConfigValueException(e.getMessage(), p);
            }
        }
    }
}
