package io.strata.pinning;

import io.strata.multiformats.PeerId;

import java.util.Map;
import java.util.Objects;

/**
 * A live node the allocator may choose: its operator tags, free space in its block store and the number
 * of cluster pins currently allocated to it.
 */
public record NodeCandidate(PeerId peer, Map<String, String> tags, long freeBytes, int pinLoad) {

    public NodeCandidate {
        Objects.requireNonNull(peer, "peer");
        tags = Map.copyOf(tags);
        if (pinLoad < 0) {
            throw new IllegalArgumentException("pinLoad must not be negative: " + pinLoad);
        }
    }

    NodeCandidate withOneMorePin() {
        return new NodeCandidate(peer, tags, freeBytes, pinLoad + 1);
    }

    NodeCandidate withOneLessPin() {
        return new NodeCandidate(peer, tags, freeBytes, Math.max(0, pinLoad - 1));
    }
}
