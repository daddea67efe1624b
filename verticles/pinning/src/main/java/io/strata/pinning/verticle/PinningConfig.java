package io.strata.pinning.verticle;

import io.strata.pinning.RetryBackoff;

/**
 * Settings of the pinning verticle: how many DAGs one node fetches at once, how long a departed member
 * keeps its allocations before repair moves them ({@code graceMillis}), how often the oldest member plans
 * repairs and every node reconciles its tracker with the pin set and its block store, the retry backoff of
 * failed pins, and the free space below which a node receives no new pins.
 */
public record PinningConfig(int maxConcurrentPins, long graceMillis, long repairIntervalMillis,
                            long reconcileIntervalMillis, RetryBackoff backoff, long minFreeBytes) {

    public PinningConfig {
        if (maxConcurrentPins < 1 || graceMillis < 0 || repairIntervalMillis < 1 || reconcileIntervalMillis < 1
                || minFreeBytes < 0) {
            throw new IllegalArgumentException("invalid pinning config: " + maxConcurrentPins + " pins, grace "
                    + graceMillis + ", repair " + repairIntervalMillis + ", reconcile " + reconcileIntervalMillis
                    + ", min free " + minFreeBytes);
        }
    }

    public static PinningConfig defaults() {
        return new PinningConfig(8, 60_000, 30_000, 60_000, new RetryBackoff(1_000, 300_000, 6), 1L << 30);
    }
}
