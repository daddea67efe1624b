package io.strata.pinning;

import io.strata.multiformats.PeerId;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The four statuses of the IPFS Pinning Service API, derived from a cluster pin's per-node states: a client
 * sees {@code pinned} once the required copies exist, not when the first node finishes.
 */
public enum PinServiceStatus {
    QUEUED,
    PINNING,
    PINNED,
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PinServiceStatus> byWireName(String text) {
        for (PinServiceStatus status : values()) {
            if (status.wireName().equals(text)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /**
     * {@code pinned} when at least replication_factor_min allocated nodes (every allocation, if fewer are
     * allocated) report pinned; {@code failed} when nothing is allocated or every allocation reports
     * pin_error; {@code pinning} when an allocated node is fetching or already holds it; else {@code queued}.
     */
    public static PinServiceStatus of(ClusterPin pin, Map<PeerId, NodePinState> states) {
        int allocated = pin.allocations().size();
        if (allocated == 0) {
            return FAILED;
        }
        int pinned = 0;
        int failed = 0;
        int pinning = 0;
        for (PeerId peer : pin.allocations()) {
            NodePinState state = states.get(peer);
            PinStatus status = state == null ? PinStatus.QUEUED : state.status();
            switch (status) {
                case PINNED -> pinned++;
                case PIN_ERROR -> failed++;
                case PINNING -> pinning++;
                default -> { }
            }
        }
        int required = Math.min(allocated, pin.replication().effectiveMin(allocated));
        if (pinned >= required) {
            return PINNED;
        }
        if (failed == allocated) {
            return FAILED;
        }
        return pinning + pinned > 0 ? PINNING : QUEUED;
    }
}
