package io.strata.multiformats;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.Arrays;

/** Shared jqwik generators for multiformat values. */
final class Generators {

    private Generators() {
    }

    /** Random bytes, often starting with zero bytes (the case base-x encodings treat specially). */
    static Arbitrary<byte[]> bytesWithLeadingZeros(int maxLength) {
        Arbitrary<Integer> zeros = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(1, 6)));
        Arbitrary<byte[]> rest = Arbitraries.bytes().array(byte[].class).ofMaxSize(maxLength);
        return Combinators.combine(zeros, rest).as((count, tail) -> {
            byte[] out = new byte[count + tail.length];
            System.arraycopy(tail, 0, out, count, tail.length);
            return out;
        });
    }

    /** Multihashes of many shapes: full and truncated digests of known functions, identity, unknown codes. */
    static Arbitrary<Multihash> multihashes() {
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        Arbitrary<Multihash> computed = Combinators.combine(
                Arbitraries.of(Multicodec.SHA2_256, Multicodec.SHA2_512, Multicodec.SHA3_256, Multicodec.SHA3_512,
                        Multicodec.BLAKE2B_256, Multicodec.BLAKE3, Multicodec.SHA1, Multicodec.IDENTITY),
                data).as(Multihash::digest);
        Arbitrary<Multihash> truncated = Combinators.combine(computed, Arbitraries.integers().between(0, 64))
                .as((full, length) -> Multihash.of(full.function(),
                        Arrays.copyOf(full.digest(), Math.min(length, full.digestLength()))));
        Arbitrary<Multihash> unknownFunction = Combinators.combine(
                Arbitraries.longs().between(0x300000L, Long.MAX_VALUE),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(100)).as(Multihash::of);
        return Arbitraries.oneOf(computed, truncated, unknownFunction);
    }

    static Arbitrary<Long> codecs() {
        return Arbitraries.oneOf(
                Arbitraries.of(Multicodec.values()).map(Multicodec::code),
                Arbitraries.longs().between(0, Long.MAX_VALUE));
    }

    static Arbitrary<Cid> v1Cids() {
        return Combinators.combine(codecs(), multihashes()).as(Cid::v1);
    }

    static Arbitrary<Cid> v0Cids() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32)
                .map(digest -> Cid.v0(Multihash.of(Multicodec.SHA2_256, digest)));
    }
}
