package io.strata.pinning;

import io.strata.multiformats.Cid;
import io.strata.multiformats.PeerId;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the cluster-wide pin set: what to keep ({@code cid}, {@code mode}), on how many nodes
 * ({@code replication}), only on nodes carrying {@code requiredTags} ({@code region: eu}), and where it is
 * allocated now. {@code expireAtMillis} is 0 for a pin that never expires; {@code createdAtMillis} orders
 * pins for the Pinning Service API's {@code before}/{@code after} filters. {@code origins} are multiaddrs of
 * the requester that hold the data, as the Pinning Service API passes them.
 */
public record ClusterPin(Cid cid, String name, PinMode mode, ReplicationFactor replication,
                         Map<String, String> requiredTags, List<PeerId> allocations, long createdAtMillis,
                         long expireAtMillis, Map<String, String> metadata, List<String> origins) {

    public ClusterPin {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(replication, "replication");
        requiredTags = Map.copyOf(requiredTags);
        allocations = List.copyOf(allocations);
        if (new LinkedHashSet<>(allocations).size() != allocations.size()) {
            throw new IllegalArgumentException("allocations must not repeat a node: " + allocations);
        }
        if (expireAtMillis < 0) {
            throw new IllegalArgumentException("expireAtMillis must not be negative: " + expireAtMillis);
        }
        metadata = Map.copyOf(metadata);
        origins = List.copyOf(origins);
    }

    /** A new, not yet allocated recursive pin that never expires. */
    public static ClusterPin recursive(Cid cid, String name, ReplicationFactor replication, long createdAtMillis) {
        return new ClusterPin(cid, name, PinMode.RECURSIVE, replication, Map.of(), List.of(), createdAtMillis, 0,
                Map.of(), List.of());
    }

    public ClusterPin withAllocations(List<PeerId> newAllocations) {
        return new ClusterPin(cid, name, mode, replication, requiredTags, newAllocations, createdAtMillis,
                expireAtMillis, metadata, origins);
    }

    public boolean isExpiredAt(long nowMillis) {
        return expireAtMillis != 0 && expireAtMillis <= nowMillis;
    }

    /** Whether {@code candidate}'s tags satisfy every required tag of this pin. */
    public boolean accepts(NodeCandidate candidate) {
        return requiredTags.entrySet().stream()
                .allMatch(required -> required.getValue().equals(candidate.tags().get(required.getKey())));
    }
}
