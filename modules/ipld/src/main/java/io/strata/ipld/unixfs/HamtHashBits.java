package io.strata.ipld.unixfs;

import io.strata.ipld.IpldException;

import static io.strata.ipld.IpldException.Code.UNSUPPORTED;

/** Reads a HAMT key's hash a few bits at a time, most significant bit first, as go-unixfs does. */
final class HamtHashBits {

    private final byte[] hash;
    private int consumed;

    HamtHashBits(byte[] hash, int consumed) {
        this.hash = hash;
        this.consumed = consumed;
    }

    static HamtHashBits of(byte[] key) {
        return new HamtHashBits(Murmur3.hamtHash(key), 0);
    }

    int consumed() {
        return consumed;
    }

    int next(int bits) {
        if (consumed + bits > hash.length * 8) {
            throw new IpldException(UNSUPPORTED, "sharded directory too deep: the " + hash.length * 8
                    + "-bit HAMT hash is exhausted (two names share the same murmur3 hash)");
        }
        int value = 0;
        for (int i = 0; i < bits; i++) {
            int bit = consumed + i;
            value = (value << 1) | ((hash[bit / 8] >> (7 - bit % 8)) & 1);
        }
        consumed += bits;
        return value;
    }
}
