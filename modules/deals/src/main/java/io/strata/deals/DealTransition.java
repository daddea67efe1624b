package io.strata.deals;

import java.util.Objects;

/**
 * One step of a deal's life: the event at {@code epoch} moved it from {@code from} to {@code to} (possibly the
 * same state), with a reason for failures.
 */
public record DealTransition(DealState from, DealState to, DealEvent event, long epoch, String reason) {

    public DealTransition {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean changesState() {
        return from != to;
    }
}
