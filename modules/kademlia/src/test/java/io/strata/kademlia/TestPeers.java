package io.strata.kademlia;

import java.nio.charset.StandardCharsets;

final class TestPeers {

    private TestPeers() {
    }

    static KademliaPeer peer(int index) {
        return KademliaPeer.of(("peer-" + index).getBytes(StandardCharsets.UTF_8));
    }
}
