package io.strata.pinning;

import io.strata.multiformats.PeerId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses nodes for pins. Only nodes whose tags satisfy the pin and that have at least {@code minFreeBytes}
 * free are eligible; among those, the fewest allocated pins wins, then the most free space, then the
 * smaller peer id, so every run with the same input chooses the same nodes. The pin count leads because a
 * DAG's size is unknown before it is fetched: balancing the count spreads unknown sizes, free space only
 * breaks ties and excludes full nodes.
 *
 * <p>One allocator lives for one planning pass: each choice counts towards the chosen node's load, so a
 * pass that re-allocates many pins spreads them instead of sending all to the emptiest node.
 */
public final class PinAllocator {

    private static final Comparator<NodeCandidate> PREFERENCE = Comparator.comparingInt(NodeCandidate::pinLoad)
            .thenComparing(Comparator.comparingLong(NodeCandidate::freeBytes).reversed())
            .thenComparing(NodeCandidate::peer);

    private final Map<PeerId, NodeCandidate> candidates = new LinkedHashMap<>();
    private final long minFreeBytes;

    public PinAllocator(Collection<NodeCandidate> candidates, long minFreeBytes) {
        for (NodeCandidate candidate : candidates) {
            if (this.candidates.putIfAbsent(candidate.peer(), candidate) != null) {
                throw new IllegalArgumentException("candidate listed twice: " + candidate.peer());
            }
        }
        this.minFreeBytes = minFreeBytes;
    }

    /** The number of nodes that could hold {@code pin}: the meaning of "every node" for it. */
    public int eligibleCount(ClusterPin pin) {
        return (int) candidates.values().stream().filter(candidate -> isEligible(pin, candidate)).count();
    }

    /**
     * Allocations for a new pin: as many nodes as its maximum allows (every eligible node for -1).
     *
     * @throws PinningException {@code INSUFFICIENT_PEERS} when fewer nodes than its minimum are eligible
     */
    public List<PeerId> allocateNew(ClusterPin pin) {
        int eligible = eligibleCount(pin);
        int min = pin.replication().effectiveMin(eligible);
        if (eligible == 0 || eligible < min) {
            throw new PinningException(PinningException.Code.INSUFFICIENT_PEERS,
                    "pin " + pin.cid() + " needs " + Math.max(min, 1) + " nodes but only " + eligible
                            + " are eligible");
        }
        return pick(pin, pin.replication().effectiveMax(eligible), Set.of());
    }

    /** Up to {@code count} eligible nodes outside {@code excluded}, in order of preference; counts them as loaded. */
    public List<PeerId> pick(ClusterPin pin, int count, Set<PeerId> excluded) {
        List<NodeCandidate> ranked = candidates.values().stream()
                .filter(candidate -> !excluded.contains(candidate.peer()) && isEligible(pin, candidate))
                .sorted(PREFERENCE)
                .limit(Math.max(0, count))
                .toList();
        List<PeerId> chosen = new ArrayList<>(ranked.size());
        for (NodeCandidate candidate : ranked) {
            candidates.put(candidate.peer(), candidate.withOneMorePin());
            chosen.add(candidate.peer());
        }
        return chosen;
    }

    /** Records that {@code peer} no longer holds one pin. */
    public void release(PeerId peer) {
        candidates.computeIfPresent(peer, (ignored, candidate) -> candidate.withOneLessPin());
    }

    /** The current load of {@code peer}, including choices made by this allocator; 0 for unknown nodes. */
    public int loadOf(PeerId peer) {
        NodeCandidate candidate = candidates.get(peer);
        return candidate == null ? 0 : candidate.pinLoad();
    }

    private boolean isEligible(ClusterPin pin, NodeCandidate candidate) {
        return candidate.freeBytes() >= minFreeBytes && pin.accepts(candidate);
    }
}
