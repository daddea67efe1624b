package io.strata.ipld.codec;

import io.strata.ipld.IpldException;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.Multihash;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Random data-model values survive encode, decode and re-encode in both codecs, byte for byte. */
class CodecRoundTripProperties {

    @Property(tries = 500)
    void dagCborRoundTrips(@ForAll("values") Object value) {
        byte[] encoded = DagCbor.encode(value);
        Object decoded = DagCbor.decode(encoded);
        assertTrue(DataModel.equal(value, decoded), () -> "decoded value differs for " + value);
        assertArrayEquals(encoded, DagCbor.encode(decoded));
        assertArrayEquals(encoded, DagCbor.encode(DagCbor.decodeLenient(encoded)));
    }

    @Property(tries = 500)
    void dagJsonRoundTrips(@ForAll("values") Object value) {
        byte[] encoded = DagJson.encode(value);
        Object decoded = DagJson.decode(encoded);
        assertTrue(DataModel.equal(value, decoded), () -> "decoded value differs for " + value);
        assertArrayEquals(encoded, DagJson.encode(decoded));
    }

    @Property(tries = 300)
    void codecsAgreeOnTheDataModel(@ForAll("values") Object value) {
        Object viaJson = DagJson.decode(DagJson.encode(value));
        assertArrayEquals(DagCbor.encode(value), DagCbor.encode(viaJson));
    }

    @Property(tries = 2000)
    void everyFiniteDoubleIsWrittenInItsShortestExactForm(@ForAll("finiteDoubles") double value) {
        String text = DagJson.formatFloat(value);
        assertEquals(value, Double.parseDouble(text));
        assertEquals(Double.doubleToRawLongBits(value), Double.doubleToRawLongBits((Double) DagJson.decode(DagJson.encode(value))));
        String digits = text.replaceAll("e.*", "").replaceAll("[^0-9]", "").replaceAll("^0+", "").replaceAll("0+$", "");
        assertTrue(digits.length() <= 17, text);
    }

    @Property(tries = 300)
    void anySingleByteChangeToCanonicalDagCborIsCaughtOrStillCanonical(@ForAll("values") Object value,
                                                                         @ForAll int position, @ForAll byte replacement) {
        byte[] encoded = DagCbor.encode(value);
        byte[] mutated = encoded.clone();
        int at = Math.floorMod(position, mutated.length);
        mutated[at] = replacement;
        try {
            Object decoded = DagCbor.decode(mutated);
            assertArrayEquals(mutated, DagCbor.encode(decoded), "strict decode accepted a non-canonical block");
        } catch (IpldException e) {
            assertTrue(e.code() == IpldException.Code.DAGCBOR_MALFORMED
                    || e.code() == IpldException.Code.DAGCBOR_NOT_CANONICAL, e.getMessage());
        }
    }

    @Property(tries = 300)
    void everyTruncationOfDagCborIsRefused(@ForAll("values") Object value, @ForAll int cut) {
        byte[] encoded = DagCbor.encode(value);
        byte[] truncated = Arrays.copyOf(encoded, Math.floorMod(cut, encoded.length));
        IpldException error = assertThrows(IpldException.class, () -> DagCbor.decode(truncated));
        assertEquals(IpldException.Code.DAGCBOR_MALFORMED, error.code());
    }

    @Provide
    Arbitrary<Double> finiteDoubles() {
        return Arbitraries.longs().map(Double::longBitsToDouble).filter(d -> !d.isNaN() && !d.isInfinite());
    }

    @Provide
    Arbitrary<Object> values() {
        return nested(3);
    }

    /** Values nesting at most {@code depth} lists or maps deep, so generated trees stay small. */
    private static Arbitrary<Object> nested(int depth) {
        if (depth == 0) {
            return scalars();
        }
        Arbitrary<Object> inner = nested(depth - 1);
        return Arbitraries.frequencyOf(
                Tuple.of(3, scalars()),
                Tuple.of(1, inner.list().ofMaxSize(4).map(list -> (Object) new ArrayList<>(list))),
                Tuple.of(1, Arbitraries.maps(keys(), inner).ofMaxSize(4).map(map -> (Object) new HashMap<>(map))));
    }

    private static Arbitrary<Object> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.of(true, false),
                Arbitraries.longs(),
                Arbitraries.bigIntegers().between(DataModel.MIN_INTEGER, DataModel.MAX_INTEGER).map(DataModel::integer),
                Arbitraries.longs().map(Double::longBitsToDouble).filter(d -> !d.isNaN() && !d.isInfinite()),
                Arbitraries.doubles().between(-1e6, 1e6),
                unicodeStrings(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                cids());
    }

    /** Keys may be anything but "/", whose reserved-namespace cases have their own tests. */
    private static Arbitrary<String> keys() {
        return Arbitraries.oneOf(unicodeStrings(), Arbitraries.strings().withCharRange('a', 'e').ofMaxLength(3))
                .filter(key -> !key.equals("/"));
    }

    private static Arbitrary<String> unicodeStrings() {
        return Arbitraries.integers().between(0, 0x10FFFF)
                .filter(codePoint -> codePoint < 0xD800 || codePoint > 0xDFFF)
                .list().ofMaxSize(12)
                .map(codePoints -> {
                    StringBuilder text = new StringBuilder();
                    codePoints.forEach(text::appendCodePoint);
                    return text.toString();
                });
    }

    private static Arbitrary<Object> cids() {
        Arbitrary<Multicodec> codecs = Arbitraries.of(Multicodec.RAW, Multicodec.DAG_PB, Multicodec.DAG_CBOR,
                Multicodec.DAG_JSON);
        Arbitrary<byte[]> content = Arbitraries.bytes().array(byte[].class).ofMaxSize(20);
        Arbitrary<Object> v1 = codecs.flatMap(codec -> content.map(bytes -> (Object) Cid.of(codec, Multicodec.SHA2_256, bytes)));
        Arbitrary<Object> inline = content.map(bytes -> (Object) Cid.v1(Multicodec.RAW, Multihash.of(Multicodec.IDENTITY, bytes)));
        Arbitrary<Object> v0 = content.map(bytes -> (Object) Cid.v0(Multihash.sha256(bytes)));
        return Arbitraries.oneOf(v1, inline, v0);
    }

    @Property(tries = 50)
    void mapKeyOrderOfTheInputDoesNotMatter(@ForAll("values") Object first, @ForAll("values") Object second) {
        Map<String, Object> forward = new java.util.LinkedHashMap<>();
        forward.put("k1", first);
        forward.put("key2", second);
        Map<String, Object> backward = new java.util.LinkedHashMap<>();
        backward.put("key2", second);
        backward.put("k1", first);
        assertArrayEquals(DagCbor.encode(forward), DagCbor.encode(backward));
        assertArrayEquals(DagJson.encode(forward), DagJson.encode(backward));
        assertEquals(List.of("k1", "key2"), List.copyOf(((Map<?, ?>) DagCbor.decode(DagCbor.encode(backward))).keySet()));
    }
}
