package io.strata.ipld.codec;

import io.strata.ipld.IpldException;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multibase;
import io.strata.multiformats.Multicodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static io.strata.ipld.codec.DagCborTest.assertCode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DagJsonTest {

    private static String encode(Object value) {
        return new String(DagJson.encode(value), StandardCharsets.UTF_8);
    }

    private static Object decode(String text) {
        return DagJson.decode(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Object decodeLenient(String text) {
        return DagJson.decodeLenient(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void scalarsAndCollections() {
        assertEquals("null", encode(null));
        assertEquals("[true,false,0,-1,\"x\"]", encode(List.of(true, false, 0, -1L, "x")));
        assertEquals("18446744073709551615", encode(DataModel.MAX_INTEGER));
        assertEquals(DataModel.MIN_INTEGER, decode("-18446744073709551616"));
        assertEquals(-5L, decode("-5"));
    }

    @Test
    void keysAreSortedBytewiseNotLengthFirst() {
        Map<String, Object> map = new HashMap<>();
        map.put("f", 1);
        map.put("aaaaaa", 2);
        map.put("\u00e9", 3);
        map.put("z", 4);
        assertEquals("{\"aaaaaa\":2,\"f\":1,\"z\":4,\"\u00e9\":3}", encode(map));
    }

    @Test
    void bytesAreStandardBase64WithoutPadding() {
        assertEquals("{\"/\":{\"bytes\":\"oQ\"}}", encode(new byte[] {(byte) 0xa1}));
        assertEquals("{\"/\":{\"bytes\":\"\"}}", encode(new byte[0]));
        assertArrayEquals(new byte[] {(byte) 0xfb, (byte) 0xff}, (byte[]) decode("{\"/\":{\"bytes\":\"+/8\"}}"));
    }

    @Test
    void linksUseBase32ForV1AndBase58ForV0() {
        Cid v1 = Cid.of(Multicodec.DAG_CBOR, Multicodec.SHA2_256, new byte[] {1});
        assertEquals("{\"/\":\"" + v1.toString(Multibase.BASE32) + "\"}", encode(v1));
        Cid v0 = Cid.parse("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n");
        assertEquals("{\"/\":\"QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n\"}", encode(v0));
        assertEquals(v0, decode(encode(v0)));
        assertEquals(v1, decodeLenient("{\"/\":\"" + v1.toString(Multibase.BASE58BTC) + "\"}"));
        assertCode(IpldException.Code.DAGJSON_NOT_CANONICAL,
                () -> decode("{\"/\":\"" + v1.toString(Multibase.BASE58BTC) + "\"}"));
    }

    @Test
    void stringsAreEscapedAsJsonStringifyDoes() {
        assertEquals("\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0000\\u001f/\u007f\u00e9\ud83d\ude00\"",
                encode("a\"b\\c\b\f\n\r\t\u0000\u001f/\u007f\u00e9\ud83d\ude00"));
        assertEquals("\ud83d\ude00", decodeLenient("\"\\ud83d\\ude00\""));
        assertEquals("/", decodeLenient("\"\\/\""));
    }

    @ParameterizedTest
    @CsvSource({
        "1.0, 1.0", "-1.5, -1.5", "100.0, 100.0", "0.1, 0.1", "1.1, 1.1", "1.0E21, 1e+21", "1.0E20, 100000000000000000000.0",
        "1.2345E21, 1.2345e+21", "1.0E-6, 0.000001", "1.0E-7, 1e-7", "1.5E-7, 1.5e-7", "4.9E-324, 5e-324",
        "1.7976931348623157E308, 1.7976931348623157e+308", "8.940696716308594E-8, 8.940696716308594e-8",
        "82497.63712086187, 82497.63712086187", "2.0E23, 2e+23", "1.0E23, 1e+23", "0.3, 0.3",
        "123456789012345680000, 123456789012345680000.0"
    })
    void floatsAreTheShortestRoundTripInJavaScriptLayout(double value, String expected) {
        assertEquals(expected, encode(value));
        assertEquals(value, decode(expected));
    }

    @Test
    void negativeZeroKeepsItsSign() {
        assertEquals("-0.0", encode(-0.0));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) decode("-0.0")));
        assertEquals("0.0", encode(0.0));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"/\":\"bafkqaaa\",\"bar\":\"baz\"}",
        "{\"/\":{\"bytes\":\"Zm9v\",\"bar\":\"baz\"}}",
        "{\"/\":{\"bytes\":\"Zm9v\"},\"bar\":\"baz\"}",
        "{\"/\":\"not a cid\"}",
        "{\"/\":{\"bytes\":\"!!\"}}",
        "{\"/\":{\"bytes\":\"Zm8=\"}}",
        "{\"bar\":\"baz\",\"/\":\"bafkqaaa\"}",
    })
    void reservedNamespaceViolationsAreRefused(String text) {
        assertCode(IpldException.Code.DAGJSON_MALFORMED, () -> decodeLenient(text));
        assertCode(IpldException.Code.DAGJSON_MALFORMED, () -> decode(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"/\":true,\"bar\":\"baz\"}",
        "{\"/\":{\"abar\":\"baz\",\"bytes\":\"foo\"}}",
        "{\"/\":{\"bytes\":true},\"bar\":\"baz\"}",
        "{\"!\":\"x\",\"/\":\"y\"}",
    })
    void mapsOutsideTheReservedFormsAreOrdinaryMaps(String text) {
        Object value = decode(text);
        assertTrue(value instanceof Map<?, ?>);
        assertEquals(text, encode(value));
    }

    @Test
    void encodeRefusesMapsThatWouldReadBackAsLinksOrBytes() {
        assertCode(IpldException.Code.DATA_MODEL_INVALID, () -> DagJson.encode(Map.of("/", "bafkqaaa")));
        assertCode(IpldException.Code.DATA_MODEL_INVALID, () -> DagJson.encode(Map.of("/", Map.of("bytes", "x"))));
        assertCode(IpldException.Code.DATA_MODEL_INVALID,
                () -> DagJson.encode(Map.of("/", Map.of("bytes", "x", "more", 1), "other", 2)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "whitespace           | {\"a\": 1}             | 5",
        "unsorted keys        | {\"b\":1,\"a\":2}      | 2",
        "trailing zero        | 1.10                   | 3",
        "exponent form        | 1E5                    | 1",
        "integer-valued float | 1e0                    | 1",
        "negative zero int    | -0                     | 0",
        "escaped letter       | \"\\u0041\"            | 1",
        "escaped slash        | \"\\/\"                | 1",
        "uppercase hex escape | \"\\u001F\"            | 6",
        "leading newline      | '\n1'                  | 0",
    })
    void nonCanonicalTextIsRefusedByStrictDecode(String what, String text, int offset) {
        IpldException error = assertCode(IpldException.Code.DAGJSON_NOT_CANONICAL, () -> decode(text));
        assertTrue(error.getMessage().contains("at byte " + offset + ":"), error.getMessage());
        decodeLenient(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "duplicate keys (codec-fixtures) | {\"foo\":1,\"foo\":2,\"bar\":3}   | 9",
        "trailing garbage                | 1 2                               | 2",
        "leading zero                    | 01                                | 0",
        "NaN                             | NaN                               | 0",
        "Infinity                        | Infinity                          | 0",
        "float overflow                  | 1e400                             | 0",
        "integer beyond 2^64-1           | 18446744073709551616              | 0",
        "unterminated string             | \"abc                             | 0",
        "raw control character           | '\"a\tb\"'                        | 2",
        "lone surrogate escape           | \"\\ud800\"                       | 1",
        "invalid escape                  | \"\\x\"                           | 1",
        "missing value                   | {\"a\":}                          | 5",
        "trailing comma                  | [1,]                              | 3",
        "capitalised literal             | [True]                            | 1",
        "empty input                     | ''                                | 0",
        "bare minus                      | -                                 | 1",
        "fraction without digits         | 1.                                | 2",
    })
    void malformedTextIsRefusedWithItsOffset(String what, String text, int offset) {
        IpldException error = assertCode(IpldException.Code.DAGJSON_MALFORMED, () -> decodeLenient(text));
        assertTrue(error.getMessage().contains("at byte " + offset + ")"), error.getMessage());
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] bytes = HexFormat.of().parseHex("22c32822");
        IpldException error = assertCode(IpldException.Code.DAGJSON_MALFORMED, () -> DagJson.decodeLenient(bytes));
        assertTrue(error.getMessage().contains("at byte 1)"), error.getMessage());
    }

    @Test
    void lenientDecodeReadsPrettyPrintedInput() {
        Object value = decodeLenient("{\n  \"b\": [1, 2.5, {\"/\": {\"bytes\": \"AQI\"}}],\n  \"a\": null\n}\n");
        assertEquals("{\"a\":null,\"b\":[1,2.5,{\"/\":{\"bytes\":\"AQI\"}}]}", encode(value));
    }

    @Test
    void integersAndFloatsStayDistinct() {
        assertEquals(1L, decode("1"));
        assertEquals(1.0, decode("1.0"));
        assertEquals(new BigInteger("9223372036854775808"), decode("9223372036854775808"));
    }
}
