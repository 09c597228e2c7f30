package org.paperradio.stream.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Amf0Test {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesScalarsInTheWireForm() {
        assertThat(HEX.formatHex(Amf0.encode(1.0))).isEqualTo("003ff0000000000000");
        assertThat(HEX.formatHex(Amf0.encode(true, false))).isEqualTo("01010100");
        assertThat(HEX.formatHex(Amf0.encode("ab"))).isEqualTo("0200026162");
        assertThat(HEX.formatHex(Amf0.encode((Object) null))).isEqualTo("05");
    }

    @Test
    void encodesObjectsAndEcmaArraysWithEndMarkers() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 2);
        assertThat(HEX.formatHex(Amf0.encode(m))).isEqualTo("030001610040000000000000000000" + "09");
        assertThat(HEX.formatHex(Amf0.encode(new Amf0.EcmaArray(m))))
                .isEqualTo("0800000001" + "0001610040000000000000000000" + "09");
    }

    @Test
    void roundTripsACommandLikeAServerReply() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("level", "status");
        info.put("code", "NetStream.Publish.Start");
        info.put("nested", Map.of("x", 1.5));
        byte[] bytes = Amf0.encode("onStatus", 0, null, info, new Amf0.EcmaArray(Map.of("n", true)));
        List<Object> back = Amf0.decodeAll(bytes);
        assertThat(back).hasSize(5);
        assertThat(back.get(0)).isEqualTo("onStatus");
        assertThat(back.get(1)).isEqualTo(0.0);
        assertThat(back.get(2)).isNull();
        assertThat(back.get(3)).isEqualTo(Map.of("level", "status", "code", "NetStream.Publish.Start",
                "nested", Map.of("x", 1.5)));
        assertThat(back.get(4)).isEqualTo(Map.of("n", true));
    }

    @Test
    void decodesStrictArraysUndefinedDatesAndLongStrings() {
        byte[] bytes = HEX.parseHex("0a00000002" + "003ff0000000000000" + "06" // [1.0, undefined]
                + "0b" + "4000000000000000" + "0000" // date 2.0
                + "0c00000003616263"); // long string "abc"
        List<Object> back = Amf0.decodeAll(bytes);
        assertThat(back.get(0)).isEqualTo(java.util.Arrays.asList(1.0, null));
        assertThat(back.get(1)).isEqualTo(2.0);
        assertThat(back.get(2)).isEqualTo("abc");
        String big = "x".repeat(70_000);
        assertThat(Amf0.decodeAll(Amf0.encode(big))).containsExactly(big);
        assertThat(Amf0.encode(big)[0]).isEqualTo((byte) 12);
    }

    @Test
    void rejectsTruncatedLyingAndTooDeepInput() {
        assertThatThrownBy(() -> Amf0.decodeAll(HEX.parseHex("0200056162")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Amf0.decodeAll(HEX.parseHex("0a7fffffff05")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Amf0.decodeAll(HEX.parseHex("0300016105"))) // object without end
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Amf0.decodeAll(HEX.parseHex("11"))).isInstanceOf(IllegalArgumentException.class);
        byte[] deep = HEX.parseHex("03000161".repeat(100) + "05");
        assertThatThrownBy(() -> Amf0.decodeAll(deep)).hasMessageContaining("deep");
    }
}
