package io.strata.pinning.verticle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.strata.multiformats.PeerId;
import io.strata.pinning.NodePinState;
import io.strata.pinning.PinStatus;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's share of the cluster pin set: {@code strata_pins_tracked_pins{status}}, the pins whose state this
 * node reported, by status (summed over nodes: the cluster's), and {@code strata_pins_repair_actions_total{action}}
 * (reallocate, expire) applied by the repair planner. Labels are statuses and actions only, never a CID.
 */
final class PinningMetrics {

    /** What {@code RepairPlanner} decisions do to a pin: move its allocations, or drop it after its expiry. */
    private static final List<String> REPAIR_ACTIONS = List.of("reallocate", "expire");

    private final Map<PinStatus, AtomicLong> byStatus = new EnumMap<>(PinStatus.class);
    private final MeterRegistry registry;

    PinningMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (PinStatus status : PinStatus.values()) {
            AtomicLong count = new AtomicLong();
            byStatus.put(status, count);
            Gauge.builder("strata.pins.tracked.pins", count, AtomicLong::get)
                    .description("pins whose state this node reported, by status")
                    .tag("status", status.wireName()).register(registry);
        }
        for (String action : REPAIR_ACTIONS) {
            repairs(action);
        }
    }

    /** Blocking: counts this node's reported states in the cluster map. */
    void refresh(ClusterPinSet pinSet, PeerId self) {
        Map<PinStatus, Long> counted = new EnumMap<>(PinStatus.class);
        for (NodePinState state : pinSet.statesOf(self).values()) {
            counted.merge(state.status(), 1L, Long::sum);
        }
        byStatus.forEach((status, count) -> count.set(counted.getOrDefault(status, 0L)));
    }

    void repaired(String action) {
        repairs(action).increment();
    }

    private Counter repairs(String action) {
        return Counter.builder("strata.pins.repair.actions").description("repairs the planner applied, by action")
                .tag("action", action).register(registry);
    }
}
