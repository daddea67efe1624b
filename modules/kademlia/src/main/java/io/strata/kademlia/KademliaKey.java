package io.strata.kademlia;

import io.strata.multiformats.Multihash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A point of the 256-bit Kademlia keyspace. Peer ids and record keys are mapped into it with
 * sha2-256 (libp2p kad-dht spec), so distances are uniform whatever the id format. Ordering is the
 * unsigned big-endian integer order, which makes the XOR of two keys comparable as a distance.
 */
public final class KademliaKey implements Comparable<KademliaKey> {

    public static final int BYTES = 32;
    public static final int BITS = BYTES * 8;

    private final byte[] bits;
    private final int hash;

    private KademliaKey(byte[] bits) {
        this.bits = bits;
        this.hash = Arrays.hashCode(bits);
    }

    /** The key of a peer: sha2-256 of its peer id bytes (the peer id multihash). */
    public static KademliaKey ofPeerId(byte[] peerIdBytes) {
        return ofKey(peerIdBytes);
    }

    /** The key of a content multihash, as used for provider records. */
    public static KademliaKey ofMultihash(Multihash multihash) {
        return ofKey(multihash.bytes());
    }

    /** The key of arbitrary DHT record key bytes (e.g. "/ipns/" + peer id). */
    public static KademliaKey ofKey(byte[] keyBytes) {
        return new KademliaKey(sha256(keyBytes));
    }

    /** A key from its 32 raw bytes, no hashing. */
    public static KademliaKey fromBytes(byte[] raw) {
        if (raw.length != BYTES) {
            throw new KademliaException(KademliaException.Code.INVALID_KEY,
                    "a Kademlia key is " + BYTES + " bytes, got " + raw.length);
        }
        return new KademliaKey(raw.clone());
    }

    public byte[] bytes() {
        return bits.clone();
    }

    /** The XOR distance to another key, itself a key (the metric's value). */
    public KademliaKey xor(KademliaKey other) {
        byte[] result = new byte[BYTES];
        for (int i = 0; i < BYTES; i++) {
            result[i] = (byte) (bits[i] ^ other.bits[i]);
        }
        return new KademliaKey(result);
    }

    /** Number of leading bits shared with the other key: 256 for equal keys. */
    public int commonPrefixLength(KademliaKey other) {
        for (int i = 0; i < BYTES; i++) {
            int diff = (bits[i] ^ other.bits[i]) & 0xff;
            if (diff != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(diff) - 24;
            }
        }
        return BITS;
    }

    /** Compares the distances from this key to a and to b without allocating. */
    public int compareDistance(KademliaKey a, KademliaKey b) {
        for (int i = 0; i < BYTES; i++) {
            int da = (bits[i] ^ a.bits[i]) & 0xff;
            int db = (bits[i] ^ b.bits[i]) & 0xff;
            if (da != db) {
                return Integer.compare(da, db);
            }
        }
        return 0;
    }

    /** The key at the given bit position (0 = most significant) is set. */
    public boolean bit(int index) {
        return (bits[index >>> 3] & (0x80 >>> (index & 7))) != 0;
    }

    @Override
    public int compareTo(KademliaKey other) {
        return Arrays.compareUnsigned(bits, other.bits);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KademliaKey key && Arrays.equals(bits, key.bits);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bits);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
