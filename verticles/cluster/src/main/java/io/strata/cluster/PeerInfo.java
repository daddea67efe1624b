package io.strata.cluster;

import io.strata.multiformats.PeerId;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cluster member as the other verticles see it: its libp2p peer id (which names its node-addressed
 * endpoints such as {@code strata.bitswap.<peerId>}), the multiaddrs it can be reached at (for example
 * {@code /ip4/10.0.0.5/tcp/8080/http} for its trustless gateway), and its operator-given tags
 * ({@code region: eu-west}) used by allocators.
 */
public record PeerInfo(PeerId peerId, List<String> addresses, Map<String, String> tags) {

    public PeerInfo {
        Objects.requireNonNull(peerId, "peerId");
        addresses = List.copyOf(addresses);
        tags = Map.copyOf(tags);
    }
}
