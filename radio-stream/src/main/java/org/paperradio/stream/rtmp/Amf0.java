package org.paperradio.stream.rtmp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small AMF0 codec: enough to write RTMP commands and {@code onMetaData}, and to read a
 * server's {@code _result}/{@code _error}/{@code onStatus} replies.
 *
 * <p>Java mapping: {@link Number} is an AMF0 number (a double), {@link Boolean} a boolean,
 * {@link String} a string (long string above 65535 bytes), {@link Map} an anonymous object,
 * {@link EcmaArray} an ECMA array, {@code null} null. Decoding gives back Double, Boolean,
 * String, {@code Map<String,Object>} (objects and ECMA arrays), {@code List<Object>} (strict
 * arrays), {@code null} (null and undefined) and Double for dates (ms since the epoch).
 * The decoder treats its input as untrusted: lengths are checked against what is left and
 * nesting is limited.
 */
public final class Amf0 {

    /** An AMF0 ECMA array (associative array), as FLV's {@code onMetaData} uses. */
    public record EcmaArray(Map<String, Object> entries) {
        public EcmaArray {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }
    }

    private static final int NUMBER = 0;
    private static final int BOOLEAN = 1;
    private static final int STRING = 2;
    private static final int OBJECT = 3;
    private static final int NULL = 5;
    private static final int UNDEFINED = 6;
    private static final int ECMA_ARRAY = 8;
    private static final int OBJECT_END = 9;
    private static final int STRICT_ARRAY = 10;
    private static final int DATE = 11;
    private static final int LONG_STRING = 12;
    private static final int MAX_DEPTH = 32;

    private Amf0() {
    }

    /** Encodes the values one after another (the form of an RTMP command or data message). */
    public static byte[] encode(Object... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object v : values) {
            write(out, v, 0);
        }
        return out.toByteArray();
    }

    /** Decodes every value in {@code data}; throws {@link IllegalArgumentException} on malformed input. */
    public static List<Object> decodeAll(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        List<Object> values = new ArrayList<>();
        while (in.hasRemaining()) {
            values.add(read(in, 0));
        }
        return values;
    }

    private static void write(ByteArrayOutputStream out, Object v, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("AMF0 value nested too deep");
        }
        switch (v) {
            case null -> out.write(NULL);
            case Number n -> {
                out.write(NUMBER);
                writeLong(out, Double.doubleToLongBits(n.doubleValue()), 8);
            }
            case Boolean b -> {
                out.write(BOOLEAN);
                out.write(b ? 1 : 0);
            }
            case String s -> {
                byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                if (bytes.length > 0xFFFF) {
                    out.write(LONG_STRING);
                    writeLong(out, bytes.length, 4);
                } else {
                    out.write(STRING);
                    writeLong(out, bytes.length, 2);
                }
                out.writeBytes(bytes);
            }
            case EcmaArray a -> {
                out.write(ECMA_ARRAY);
                writeLong(out, a.entries().size(), 4);
                writeProperties(out, a.entries(), depth);
            }
            case Map<?, ?> m -> {
                out.write(OBJECT);
                writeProperties(out, m, depth);
            }
            default -> throw new IllegalArgumentException("no AMF0 form for " + v.getClass().getName());
        }
    }

    private static void writeProperties(ByteArrayOutputStream out, Map<?, ?> m, int depth) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            byte[] key = String.valueOf(e.getKey()).getBytes(StandardCharsets.UTF_8);
            if (key.length == 0 || key.length > 0xFFFF) {
                throw new IllegalArgumentException("AMF0 property name must be 1..65535 bytes");
            }
            writeLong(out, key.length, 2);
            out.writeBytes(key);
            write(out, e.getValue(), depth + 1);
        }
        out.write(0);
        out.write(0);
        out.write(OBJECT_END);
    }

    private static void writeLong(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)));
        }
    }

    private static Object read(ByteBuffer in, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("AMF0 value nested too deep");
        }
        int marker = u8(in);
        return switch (marker) {
            case NUMBER -> {
                need(in, 8);
                yield in.getDouble();
            }
            case BOOLEAN -> u8(in) != 0;
            case STRING -> string(in, u16(in));
            case LONG_STRING -> string(in, u32(in));
            case NULL, UNDEFINED -> null;
            case OBJECT -> readProperties(in, depth);
            case ECMA_ARRAY -> {
                u32(in); // the count is only a hint; the end marker ends the array
                yield readProperties(in, depth);
            }
            case STRICT_ARRAY -> {
                long n = u32(in);
                if (n > in.remaining()) {
                    throw new IllegalArgumentException("AMF0 strict array longer than its data");
                }
                List<Object> list = new ArrayList<>((int) n);
                for (long i = 0; i < n; i++) {
                    list.add(read(in, depth + 1));
                }
                yield list;
            }
            case DATE -> {
                need(in, 10);
                double ms = in.getDouble();
                in.getShort(); // time zone, unused by AMF0 writers
                yield ms;
            }
            default -> throw new IllegalArgumentException("unsupported AMF0 marker " + marker);
        };
    }

    private static Map<String, Object> readProperties(ByteBuffer in, int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        while (true) {
            int keyLen = u16(in);
            if (keyLen == 0) {
                if (u8(in) != OBJECT_END) {
                    throw new IllegalArgumentException("AMF0 object without end marker");
                }
                return map;
            }
            String key = string(in, keyLen);
            map.put(key, read(in, depth + 1));
        }
    }

    private static String string(ByteBuffer in, long len) {
        need(in, len);
        byte[] b = new byte[(int) len];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void need(ByteBuffer in, long n) {
        if (n > in.remaining()) {
            throw new IllegalArgumentException("AMF0 data truncated");
        }
    }

    private static int u8(ByteBuffer in) {
        need(in, 1);
        return in.get() & 0xFF;
    }

    private static int u16(ByteBuffer in) {
        need(in, 2);
        return in.getShort() & 0xFFFF;
    }

    private static long u32(ByteBuffer in) {
        need(in, 4);
        return in.getInt() & 0xFFFFFFFFL;
    }
}
