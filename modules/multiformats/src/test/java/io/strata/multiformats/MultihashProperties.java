package io.strata.multiformats;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultihashProperties {

    @Provide
    Arbitrary<Multihash> multihashes() {
        return Generators.multihashes();
    }

    @Property(tries = 1000)
    void binaryFormRoundTrips(@ForAll("multihashes") Multihash multihash) {
        Multihash parsed = Multihash.fromBytes(multihash.bytes());
        assertEquals(multihash, parsed);
        assertEquals(multihash.function(), parsed.function());
        assertArrayEquals(multihash.digest(), parsed.digest());
        assertEquals(Varint.encodedLength(multihash.function()) + Varint.encodedLength(multihash.digestLength())
                + multihash.digestLength(), parsed.length());
    }

    @Property(tries = 500)
    void readFindsTheMultihashAmongOtherBytes(@ForAll("multihashes") Multihash multihash,
                                              @ForAll @Size(max = 8) byte[] before, @ForAll @Size(max = 8) byte[] after) {
        byte[] bytes = multihash.bytes();
        byte[] source = new byte[before.length + bytes.length + after.length];
        System.arraycopy(before, 0, source, 0, before.length);
        System.arraycopy(bytes, 0, source, before.length, bytes.length);
        System.arraycopy(after, 0, source, before.length + bytes.length, after.length);
        Multihash read = Multihash.read(source, before.length);
        assertEquals(multihash, read);
        assertEquals(bytes.length, read.length());
    }

    @Property(tries = 500)
    void everyTruncationIsRejectedAsMalformed(@ForAll("multihashes") Multihash multihash) {
        byte[] bytes = multihash.bytes();
        for (int length = 0; length < bytes.length; length++) {
            byte[] prefix = Arrays.copyOf(bytes, length);
            Rejections.assertRejectedAnyCode(() -> Multihash.fromBytes(prefix));
        }
    }

    @Property(tries = 300)
    void computedDigestsMatchOnlyTheirData(@ForAll @Size(min = 1, max = 200) byte[] data) {
        for (Multicodec function : new Multicodec[] {Multicodec.SHA2_256, Multicodec.SHA3_512, Multicodec.BLAKE3,
                Multicodec.BLAKE2B_256}) {
            Multihash multihash = Multihash.digest(function, data);
            assertTrue(multihash.matches(data));
            byte[] changed = data.clone();
            changed[changed.length - 1] ^= 1;
            assertFalse(multihash.matches(changed));
            assertTrue(Multihash.of(function.code(), Arrays.copyOf(multihash.digest(), 20)).matches(data));
        }
    }
}
