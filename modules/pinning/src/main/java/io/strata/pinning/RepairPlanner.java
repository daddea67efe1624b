package io.strata.pinning;

import io.strata.multiformats.PeerId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, pin by pin, how to restore the replication promise. A copy counts as healthy when its node is
 * available (a member, or gone for less than the grace period, which the caller folds into
 * {@code available}) and has not reported {@code pin_error}; it counts as safe when it is also
 * {@code pinned} and its node is live (a member now): a departed node's copy, however recently it left, is
 * never what keeps the minimum, so no live copy is released in its favour.
 *
 * <ul>
 *   <li>Fewer healthy copies than the minimum: allocate new nodes until the minimum is reached.</li>
 *   <li>Unhealthy allocations are dropped only once at least the minimum of safe copies exist, so a copy
 *       is never given up before its replacement reports pinned.</li>
 *   <li>More healthy copies than the maximum: release the surplus, unfinished copies first, and never a safe
 *       copy that would leave fewer safe copies than the minimum.</li>
 * </ul>
 * The planner is deterministic: the same pins, states, members and allocator give the same decisions.
 */
public final class RepairPlanner {

    private final PinAllocator allocator;
    private final Set<PeerId> available;
    private final Set<PeerId> live;

    /** A planner for a cluster where no member departed within the grace period: every available node is live. */
    public RepairPlanner(PinAllocator allocator, Set<PeerId> available) {
        this(allocator, available, available);
    }

    /**
     * @param available the members and the departed nodes still within the grace period
     * @param live      the members, a subset of {@code available}
     */
    public RepairPlanner(PinAllocator allocator, Set<PeerId> available, Set<PeerId> live) {
        if (!available.containsAll(live)) {
            throw new IllegalArgumentException("every live node is available: " + live + " vs " + available);
        }
        this.allocator = allocator;
        this.available = Set.copyOf(available);
        this.live = Set.copyOf(live);
    }

    public RepairDecision plan(ClusterPin pin, Map<PeerId, NodePinState> states, long nowMillis) {
        if (pin.isExpiredAt(nowMillis)) {
            return new RepairDecision.Expire();
        }
        int eligible = allocator.eligibleCount(pin);
        int min = pin.replication().effectiveMin(eligible);
        int max = pin.replication().effectiveMax(eligible);
        if (min == 0) {
            // An every-node pin with no eligible node left: nothing can be placed, and nothing may be dropped.
            return new RepairDecision.Keep();
        }

        List<PeerId> kept = new ArrayList<>(pin.allocations());
        List<PeerId> healthy = kept.stream().filter(peer -> isHealthy(peer, states)).toList();
        List<PeerId> added = new ArrayList<>();
        if (healthy.size() < min) {
            // A node that reported pin_error for this pin is not asked again in its place.
            Set<PeerId> excluded = new HashSet<>(kept);
            states.forEach((peer, state) -> {
                if (state.status() == PinStatus.PIN_ERROR) {
                    excluded.add(peer);
                }
            });
            added.addAll(allocator.pick(pin, min - healthy.size(), excluded));
            kept.addAll(added);
        }

        List<PeerId> released = new ArrayList<>();
        long safe = kept.stream().filter(peer -> isSafe(peer, states)).count();
        if (safe >= min) {
            for (PeerId peer : List.copyOf(kept)) {
                if (!isHealthy(peer, states)) {
                    kept.remove(peer);
                    released.add(peer);
                }
            }
        }

        List<PeerId> surplusOrder = kept.stream()
                .filter(peer -> isHealthy(peer, states) || added.contains(peer))
                .sorted(Comparator.comparing((PeerId peer) -> isSafe(peer, states))
                        .thenComparing(Comparator.comparingInt(allocator::loadOf).reversed())
                        .thenComparing(Comparator.reverseOrder()))
                .toList();
        int surplus = surplusOrder.size() - max;
        for (PeerId peer : surplusOrder) {
            if (surplus <= 0) {
                break;
            }
            if (isSafe(peer, states)) {
                if (safe - 1 < min) {
                    continue;
                }
                safe--;
            }
            kept.remove(peer);
            added.remove(peer);
            released.add(peer);
            surplus--;
        }

        if (added.isEmpty() && released.isEmpty()) {
            return new RepairDecision.Keep();
        }
        released.forEach(allocator::release);
        return new RepairDecision.Reallocate(pin.withAllocations(kept), added, released);
    }

    private boolean isHealthy(PeerId peer, Map<PeerId, NodePinState> states) {
        NodePinState state = states.get(peer);
        return available.contains(peer) && (state == null || state.status() != PinStatus.PIN_ERROR);
    }

    private boolean isSafe(PeerId peer, Map<PeerId, NodePinState> states) {
        NodePinState state = states.get(peer);
        return live.contains(peer) && isHealthy(peer, states) && state != null && state.status() == PinStatus.PINNED;
    }
}
