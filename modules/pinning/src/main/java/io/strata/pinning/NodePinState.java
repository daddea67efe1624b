package io.strata.pinning;

import java.util.Objects;

/**
 * What one node's tracker last reported for one pin: its status, the error of the last failed attempt
 * (empty when none), the number of failed attempts so far, and when it reported (epoch milliseconds).
 */
public record NodePinState(PinStatus status, String error, int attempts, long updatedAtMillis) {

    public NodePinState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(error, "error");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative: " + attempts);
        }
    }

    public static NodePinState of(PinStatus status, long nowMillis) {
        return new NodePinState(status, "", 0, nowMillis);
    }
}
