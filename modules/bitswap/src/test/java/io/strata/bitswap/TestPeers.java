package io.strata.bitswap;

import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.PeerId;

import java.nio.charset.StandardCharsets;

final class TestPeers {

    private TestPeers() {
    }

    static PeerId peer(String name) {
        return PeerId.fromPublicKey(("test-key-" + name).getBytes(StandardCharsets.UTF_8));
    }

    static Cid rawCid(String content) {
        return rawCid(content.getBytes(StandardCharsets.UTF_8));
    }

    static Cid rawCid(byte[] content) {
        return Cid.of(Multicodec.RAW, Multicodec.SHA2_256, content);
    }
}
