package io.strata.kademlia;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A DHT participant: its peer id bytes (a multihash) and the derived {@link KademliaKey}.
 * Addresses are the transport's concern and are not kept here. Equality is by peer id.
 */
public final class KademliaPeer {

    private final byte[] id;
    private final KademliaKey key;

    private KademliaPeer(byte[] id, KademliaKey key) {
        this.id = id;
        this.key = key;
    }

    public static KademliaPeer of(byte[] peerIdBytes) {
        if (peerIdBytes.length == 0) {
            throw new KademliaException(KademliaException.Code.INVALID_KEY, "empty peer id");
        }
        byte[] id = peerIdBytes.clone();
        return new KademliaPeer(id, KademliaKey.ofPeerId(id));
    }

    public byte[] id() {
        return id.clone();
    }

    public KademliaKey key() {
        return key;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KademliaPeer peer && Arrays.equals(id, peer.id);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(id);
    }
}
