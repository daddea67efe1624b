package io.strata.ipld.codec;

import io.strata.ipld.IpldException;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DagCborTest {

    private static final HexFormat HEX = HexFormat.of();

    /** Encodings from RFC 8949 Appendix A that DAG-CBOR shares with plain deterministic CBOR. */
    @ParameterizedTest
    @CsvSource({
        "0, 00", "23, 17", "24, 1818", "255, 18ff", "256, 190100", "65535, 19ffff", "65536, 1a00010000",
        "4294967295, 1affffffff", "4294967296, 1b0000000100000000", "-1, 20", "-24, 37", "-25, 3818",
        "-256, 38ff", "-257, 390100", "9223372036854775807, 1b7fffffffffffffff",
        "-9223372036854775808, 3b7fffffffffffffff"
    })
    void integersUseTheShortestForm(long value, String hex) {
        assertEquals(hex, HEX.formatHex(DagCbor.encode(value)));
        assertEquals(value, DagCbor.decode(HEX.parseHex(hex)));
    }

    @Test
    void integersBeyondSixtyFourBitsSigned() {
        BigInteger max = DataModel.MAX_INTEGER;
        BigInteger min = DataModel.MIN_INTEGER;
        assertEquals("1bffffffffffffffff", HEX.formatHex(DagCbor.encode(max)));
        assertEquals("3bffffffffffffffff", HEX.formatHex(DagCbor.encode(min)));
        assertEquals(max, DagCbor.decode(HEX.parseHex("1bffffffffffffffff")));
        assertEquals(min, DagCbor.decode(HEX.parseHex("3bffffffffffffffff")));
        assertEquals(5L, DagCbor.decode(DagCbor.encode(BigInteger.valueOf(5))), "small BigIntegers decode as Long");
        assertCode(IpldException.Code.DATA_MODEL_INVALID, () -> DagCbor.encode(max.add(BigInteger.ONE)));
    }

    @Test
    void floatsAreAlwaysSixtyFourBit() {
        assertEquals("fb3ff8000000000000", HEX.formatHex(DagCbor.encode(1.5)));
        assertEquals("fb3ff8000000000000", HEX.formatHex(DagCbor.encode(1.5f)));
        assertEquals("fb0000000000000000", HEX.formatHex(DagCbor.encode(0.0)));
        assertEquals("fb8000000000000000", HEX.formatHex(DagCbor.encode(-0.0)));
        assertEquals(1.5, DagCbor.decode(HEX.parseHex("fb3ff8000000000000")));
    }

    @Test
    void simpleValuesStringsBytesAndCollections() {
        assertEquals("f6", HEX.formatHex(DagCbor.encode(null)));
        assertEquals("f5", HEX.formatHex(DagCbor.encode(true)));
        assertEquals("f4", HEX.formatHex(DagCbor.encode(false)));
        assertEquals("6449455446", HEX.formatHex(DagCbor.encode("IETF")));
        assertEquals("62c3bc", HEX.formatHex(DagCbor.encode("\u00fc")));
        assertEquals("64f0908591", HEX.formatHex(DagCbor.encode("\ud800\udd51")));
        assertEquals("4401020304", HEX.formatHex(DagCbor.encode(new byte[] {1, 2, 3, 4})));
        assertEquals("8301820203820405", HEX.formatHex(DagCbor.encode(List.of(1, List.of(2, 3), List.of(4, 5)))));
        assertNull(DagCbor.decode(HEX.parseHex("f6")));
        assertEquals(Arrays.asList(1L, null), DagCbor.decode(HEX.parseHex("8201f6")));
    }

    @Test
    void mapKeysAreSortedByLengthThenBytes() {
        Map<String, Object> map = new HashMap<>();
        map.put("bb", 1);
        map.put("a", 2);
        map.put("ab", 3);
        map.put("c", null);
        byte[] encoded = DagCbor.encode(map);
        assertEquals("a46161026163f662616203626262" + "01", HEX.formatHex(encoded));
        Map<?, ?> decoded = (Map<?, ?>) DagCbor.decode(encoded);
        assertEquals(List.of("a", "c", "ab", "bb"), List.copyOf(decoded.keySet()));
    }

    @Test
    void linksAreTag42OverTheIdentityMultibasePrefix() {
        Cid cid = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, "hello".getBytes(StandardCharsets.UTF_8));
        byte[] encoded = DagCbor.encode(cid);
        assertEquals("d82a5825000155", HEX.formatHex(encoded, 0, 7));
        assertEquals(cid, DagCbor.decode(encoded));
        Cid v0 = Cid.parse("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n");
        assertEquals(v0, DagCbor.decode(DagCbor.encode(v0)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "integer 5 in two bytes           | 1805               | 0",
        "integer 255 in three bytes       | 1900ff             | 0",
        "negative -1 in two bytes         | 3800               | 0",
        "string length in two bytes       | 780161             | 0",
        "array length in three bytes      | 99000101           | 0",
        "32-bit float                     | fa3fc00000         | 0",
        "16-bit float                     | f93e00             | 0",
        "keys out of length order         | a2626262016161 02  | 5",
        "keys out of byte order           | a2616201616102     | 4",
        "tag 42 written in three bytes    | d9002a45 0001550000 | 0",
        "float inside a list              | 82f93e0001         | 1",
    })
    void nonCanonicalFormsAreRefusedByStrictDecode(String what, String hex, int offset) {
        byte[] bytes = HEX.parseHex(hex.replace(" ", ""));
        IpldException error = assertCode(IpldException.Code.DAGCBOR_NOT_CANONICAL, () -> DagCbor.decode(bytes));
        assertTrue(error.getMessage().contains("(at byte " + offset + ")"), error.getMessage());
        DagCbor.decodeLenient(bytes);
    }

    @Test
    void lenientDecodeKeepsTheValuesOfNonCanonicalForms() {
        assertEquals(5L, DagCbor.decodeLenient(HEX.parseHex("1805")));
        assertEquals(1.5, DagCbor.decodeLenient(HEX.parseHex("f93e00")));
        assertEquals(1.5, DagCbor.decodeLenient(HEX.parseHex("fa3fc00000")));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("bb", 1L);
        expected.put("a", 2L);
        Object decoded = DagCbor.decodeLenient(HEX.parseHex("a2626262016161" + "02"));
        assertTrue(DataModel.equal(expected, decoded));
        assertEquals("a2616102626262" + "01", HEX.formatHex(DagCbor.encode(decoded)), "re-encoding sorts");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty input                        | ''                         | 0",
        "trailing bytes                     | 0102                       | 1",
        "truncated argument                 | 1901                       | 1",
        "truncated string                   | 636162                     | 0",
        "truncated array                    | 8301                       | 0",
        "indefinite-length array            | 9f01ff                     | 0",
        "indefinite-length string           | 7f6161ff                   | 0",
        "break outside anything             | ff                         | 0",
        "undefined                          | f7                         | 0",
        "simple value 16                    | f0                         | 0",
        "simple value with argument         | f820                       | 0",
        "NaN as half                        | f97e00                     | 0",
        "Infinity as double                 | fb7ff0000000000000         | 0",
        "tag other than 42                  | c11a514b67b0               | 0",
        "tag 42 over a text string          | d82a6161                   | 2",
        "CID without the 0x00 prefix        | d82a4401550000             | 2",
        "tag 42 over a bad CID              | d82a420001                 | 0",
        "integer map key                    | a10102                     | 1",
        "duplicate map keys (codec-fixtures)| a3636261720363666f6f0163666f6f02 | 11",
        "reserved additional information   | 1c                         | 0",
        "invalid UTF-8 in a string          | 62c328                     | 0",
        "array longer than the input        | 9bffffffffffffffff         | 0",
    })
    void malformedInputIsRefusedWithItsOffset(String what, String hex, int offset) {
        byte[] bytes = HEX.parseHex(hex.replace(" ", ""));
        IpldException strict = assertCode(IpldException.Code.DAGCBOR_MALFORMED, () -> DagCbor.decode(bytes));
        if (offset >= 0) {
            assertTrue(strict.getMessage().contains("at byte " + offset), strict.getMessage());
        }
        assertCode(IpldException.Code.DAGCBOR_MALFORMED, () -> DagCbor.decodeLenient(bytes));
    }

    @Test
    void valuesOutsideTheDataModelAreNotEncoded() {
        assertCode(IpldException.Code.DATA_MODEL_INVALID, () -> DagCbor.encode(Double.NaN));
        assertCode(IpldException.Code.DATA_MODEL_INVALID, () -> DagCbor.encode(Double.POSITIVE_INFINITY));
        assertCode(IpldException.Code.DATA_MODEL_INVALID, () -> DagCbor.encode("\ud800"));
        assertCode(IpldException.Code.DATA_MODEL_INVALID, () -> DagCbor.encode(Map.of(1, 2)));
        assertCode(IpldException.Code.DATA_MODEL_INVALID, () -> DagCbor.encode(new Object()));
        assertCode(IpldException.Code.DATA_MODEL_INVALID, () -> DagCbor.encode(List.of('c')));
    }

    @Test
    void decodedCollectionsAreUnmodifiable() {
        Object list = DagCbor.decode(HEX.parseHex("8101"));
        assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) list).add(2L));
    }

    @Test
    void deepNestingIsRefusedInsteadOfOverflowingTheStack() {
        byte[] deep = new byte[100_000];
        Arrays.fill(deep, (byte) 0x81);
        assertCode(IpldException.Code.DAGCBOR_MALFORMED, () -> DagCbor.decode(deep));
    }

    @Test
    void roundTripKeepsBytes() {
        byte[] bytes = HEX.parseHex("a3616101616282f5f4636b6579a1617840");
        assertArrayEquals(bytes, DagCbor.encode(DagCbor.decode(bytes)));
    }

    static IpldException assertCode(IpldException.Code code, org.junit.jupiter.api.function.Executable action) {
        IpldException error = assertThrows(IpldException.class, action);
        assertEquals(code, error.code(), error.getMessage());
        return error;
    }
}
