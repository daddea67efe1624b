package io.strata.pinning;

import io.strata.multiformats.PeerId;

import java.util.List;

/** What the repair planner wants done with one pin. */
public sealed interface RepairDecision {

    /** The allocations are right as they are. */
    record Keep() implements RepairDecision {
    }

    /** Replace the pin's allocations: {@code added} must fetch it, {@code released} may drop it. */
    record Reallocate(ClusterPin updated, List<PeerId> added, List<PeerId> released) implements RepairDecision {
        public Reallocate {
            added = List.copyOf(added);
            released = List.copyOf(released);
        }
    }

    /** The pin's expiry time has passed: remove it from the cluster. */
    record Expire() implements RepairDecision {
    }
}
