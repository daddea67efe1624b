package io.strata.ipld.unixfs;

/**
 * MurmurHash3, x64 128-bit variant. UnixFS HAMT shards name their hash function {@code murmur3-x64-64}
 * (multicodec 0x22): the first 64-bit half of this hash, written big-endian, as go-unixfs computes it.
 */
public final class Murmur3 {

    /** The multicodec code HAMT shards record in their {@code hashType} field. */
    public static final long MURMUR3_X64_64 = 0x22;

    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private Murmur3() {
    }

    /** The 8-byte HAMT key of {@code data}: the first half of the seed-0 128-bit hash, big-endian. */
    public static byte[] hamtHash(byte[] data) {
        long h1 = hash128(data, 0)[0];
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (h1 >>> (56 - 8 * i));
        }
        return out;
    }

    /** Both 64-bit halves {@code {h1, h2}} of the x64 128-bit hash. */
    public static long[] hash128(byte[] data, int seed) {
        long h1 = seed & 0xFFFFFFFFL;
        long h2 = seed & 0xFFFFFFFFL;
        int blocks = data.length / 16;
        for (int i = 0; i < blocks; i++) {
            long k1 = littleEndianLong(data, i * 16);
            long k2 = littleEndianLong(data, i * 16 + 8);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = blocks * 16;
        int remaining = data.length - tail;
        long k1 = 0;
        long k2 = 0;
        for (int i = remaining - 1; i >= 8; i--) {
            k2 = (k2 << 8) | (data[tail + i] & 0xFFL);
        }
        for (int i = Math.min(remaining, 8) - 1; i >= 0; i--) {
            k1 = (k1 << 8) | (data[tail + i] & 0xFFL);
        }
        if (remaining > 8) {
            h2 ^= mixK2(k2);
        }
        if (remaining > 0) {
            h1 ^= mixK1(k1);
        }
        h1 ^= data.length;
        h2 ^= data.length;
        h1 += h2;
        h2 += h1;
        h1 = finalMix(h1);
        h2 = finalMix(h2);
        h1 += h2;
        h2 += h1;
        return new long[] {h1, h2};
    }

    private static long mixK1(long k1) {
        return Long.rotateLeft(k1 * C1, 31) * C2;
    }

    private static long mixK2(long k2) {
        return Long.rotateLeft(k2 * C2, 33) * C1;
    }

    private static long finalMix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private static long littleEndianLong(byte[] data, int offset) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (data[offset + i] & 0xFFL);
        }
        return value;
    }
}
