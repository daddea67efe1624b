package io.strata.ipld.unixfs;

import io.strata.ipld.IpldException;

import java.util.Locale;

import static io.strata.ipld.IpldException.Code.UNIXFS_MALFORMED;

/**
 * The shape of a HAMT shard of a given fanout: how many hash bits select a slot, and the fixed-width
 * uppercase hexadecimal prefix that names a slot in link names (two characters for fanout 256).
 */
record HamtGeometry(int fanout, int bitsPerLevel, int prefixLength) {

    /** go-unixfs refuses shards wider than this. */
    static final int MAX_FANOUT = 1024;

    static HamtGeometry of(long fanout) {
        if (fanout < 8 || fanout > MAX_FANOUT || (fanout & (fanout - 1)) != 0) {
            throw new IpldException(UNIXFS_MALFORMED, "HAMT fanout must be a power of two between 8 and "
                    + MAX_FANOUT + ", got " + fanout);
        }
        int width = (int) fanout;
        return new HamtGeometry(width, Integer.numberOfTrailingZeros(width),
                Integer.toHexString(width - 1).length());
    }

    String prefix(int slot) {
        String hex = Integer.toHexString(slot).toUpperCase(Locale.ROOT);
        return "0".repeat(prefixLength - hex.length()) + hex;
    }

    /** The bitfield as go-bitfield stores it: big-endian, bit {@code i} counted from the last byte. */
    byte[] bitfield(boolean[] occupied) {
        byte[] bytes = new byte[fanout / 8];
        for (int slot = 0; slot < fanout; slot++) {
            if (occupied[slot]) {
                bytes[bytes.length - 1 - slot / 8] |= (byte) (1 << (slot % 8));
            }
        }
        int firstNonZero = 0;
        while (firstNonZero < bytes.length && bytes[firstNonZero] == 0) {
            firstNonZero++;
        }
        byte[] trimmed = new byte[bytes.length - firstNonZero];
        System.arraycopy(bytes, firstNonZero, trimmed, 0, trimmed.length);
        return trimmed;
    }

    static boolean isSet(byte[] bitfield, int slot) {
        int fromEnd = slot / 8;
        if (fromEnd >= bitfield.length) {
            return false;
        }
        return ((bitfield[bitfield.length - 1 - fromEnd] >> (slot % 8)) & 1) != 0;
    }

    /** How many slots below {@code slot} are occupied: the position of its link among the node's links. */
    static int onesBefore(byte[] bitfield, int slot) {
        int count = 0;
        for (int i = 0; i < slot; i++) {
            if (isSet(bitfield, i)) {
                count++;
            }
        }
        return count;
    }
}
