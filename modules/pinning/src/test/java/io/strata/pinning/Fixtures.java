package io.strata.pinning;

import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.PeerId;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

final class Fixtures {

    private Fixtures() {
    }

    /** A deterministic Ed25519-style peer id: an identity multihash of a protobuf public key built from {@code seed}. */
    static PeerId peer(int seed) {
        byte[] key = new byte[36];
        key[0] = 0x08;
        key[1] = 0x01;
        key[2] = 0x12;
        key[3] = 0x20;
        for (int i = 4; i < key.length; i++) {
            key[i] = (byte) (seed * 31 + i);
        }
        key[35] = (byte) seed;
        key[34] = (byte) (seed >> 8);
        return PeerId.fromPublicKey(key);
    }

    static List<PeerId> peers(int count) {
        List<PeerId> peers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            peers.add(peer(i));
        }
        return peers;
    }

    static Cid cid(String content) {
        return Cid.of(Multicodec.RAW, Multicodec.SHA2_256, content.getBytes(StandardCharsets.UTF_8));
    }
}
