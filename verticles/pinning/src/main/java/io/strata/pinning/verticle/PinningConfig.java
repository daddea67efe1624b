package io.strata.pinning.verticle;

import io.strata.pinning.RetryBackoff;
import io.vertx.core.json.JsonObject;

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

    public static final String MAX_CONCURRENT_PINS = "maxConcurrentPins";
    public static final String GRACE_PERIOD_MILLIS = "gracePeriodMillis";
    public static final String REPAIR_INTERVAL_MILLIS = "repairIntervalMillis";
    public static final String RECONCILE_INTERVAL_MILLIS = "reconcileIntervalMillis";
    public static final String RETRY_BASE_MILLIS = "retryBaseMillis";
    public static final String RETRY_MAX_MILLIS = "retryMaxMillis";
    public static final String RETRY_MAX_ATTEMPTS = "retryMaxAttempts";
    public static final String MIN_FREE_BYTES = "minFreeBytes";

    public static PinningConfig defaults() {
        return new PinningConfig(8, 60_000, 30_000, 60_000, new RetryBackoff(1_000, 300_000, 6), 1L << 30);
    }

    /** The {@code pinning:} section of a node's config; a key left out keeps its default. */
    public static PinningConfig from(JsonObject json) {
        PinningConfig d = defaults();
        return new PinningConfig(json.getInteger(MAX_CONCURRENT_PINS, d.maxConcurrentPins()),
                json.getLong(GRACE_PERIOD_MILLIS, d.graceMillis()),
                json.getLong(REPAIR_INTERVAL_MILLIS, d.repairIntervalMillis()),
                json.getLong(RECONCILE_INTERVAL_MILLIS, d.reconcileIntervalMillis()),
                new RetryBackoff(json.getLong(RETRY_BASE_MILLIS, d.backoff().baseMillis()),
                        json.getLong(RETRY_MAX_MILLIS, d.backoff().maxMillis()),
                        json.getInteger(RETRY_MAX_ATTEMPTS, d.backoff().maxAttempts())),
                json.getLong(MIN_FREE_BYTES, d.minFreeBytes()));
    }
}
