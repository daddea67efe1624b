package io.strata.multiformats;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class VarintProperties {

    @Provide
    Arbitrary<Long> everyBitLength() {
        return Arbitraries.integers().between(0, 63)
                .flatMap(bits -> bits == 0
                        ? Arbitraries.just(0L)
                        : Arbitraries.longs().between(1L << (bits - 1), bits == 63 ? Long.MAX_VALUE : (1L << bits) - 1));
    }

    @Property(tries = 2000)
    void roundTripsEvery63BitValue(@ForAll("everyBitLength") long value) throws IOException {
        byte[] bytes = Varint.encode(value);
        assertEquals(Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7), bytes.length);
        assertEquals(new Varint.Decoded(value, bytes.length), Varint.decode(bytes, 0));
        assertEquals(value, Varint.read(new ByteArrayInputStream(bytes)));
    }

    @Property
    void roundTripsUniformValues(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long value) {
        assertEquals(value, Varint.decode(Varint.encode(value), 0).value());
    }

    /** Appending a zero group to a minimal encoding spells the same value non-minimally. */
    @Property
    void paddedEncodingsAreRejected(@ForAll("everyBitLength") long value) {
        byte[] minimal = Varint.encode(value);
        byte[] padded = Arrays.copyOf(minimal, minimal.length + 1);
        padded[minimal.length - 1] |= (byte) 0x80;
        MultiformatException.Code expected = padded.length <= Varint.MAX_BYTES
                ? MultiformatException.Code.VARINT_NOT_MINIMAL
                : MultiformatException.Code.VARINT_OVERFLOW;
        Rejections.assertRejected(expected, () -> Varint.decode(padded, 0));
    }

    /** Whatever bytes come in, a decoded varint is the unique encoding of its value. */
    @Property(tries = 3000)
    void decodingIsCanonicalOrRejected(@ForAll @Size(max = 12) byte[] bytes) {
        Varint.Decoded decoded;
        try {
            decoded = Varint.decode(bytes, 0);
        } catch (MultiformatException e) {
            return;
        }
        assertArrayEquals(Arrays.copyOf(bytes, decoded.length()), Varint.encode(decoded.value()));
    }
}
