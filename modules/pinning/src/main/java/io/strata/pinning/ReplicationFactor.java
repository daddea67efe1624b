package io.strata.pinning;

/**
 * How many nodes must ({@code min}) and may ({@code max}) hold a pin; {@value #EVERY_NODE} means every
 * eligible node. {@code min == -1} forces {@code max == -1}, as in IPFS Cluster.
 */
public record ReplicationFactor(int min, int max) {

    public static final int EVERY_NODE = -1;

    public ReplicationFactor {
        if (min < EVERY_NODE || min == 0 || max < EVERY_NODE || max == 0) {
            throw new PinningException(PinningException.Code.INVALID_REPLICATION,
                    "replication factors must be -1 or at least 1, got min " + min + " max " + max);
        }
        if (min == EVERY_NODE && max != EVERY_NODE) {
            throw new PinningException(PinningException.Code.INVALID_REPLICATION,
                    "replication min -1 (every node) requires max -1, got max " + max);
        }
        if (max != EVERY_NODE && min > max) {
            throw new PinningException(PinningException.Code.INVALID_REPLICATION,
                    "replication min " + min + " exceeds max " + max);
        }
    }

    public static ReplicationFactor everyNode() {
        return new ReplicationFactor(EVERY_NODE, EVERY_NODE);
    }

    /** The number of copies that must exist when {@code eligibleNodes} nodes could hold one. */
    public int effectiveMin(int eligibleNodes) {
        return min == EVERY_NODE ? eligibleNodes : min;
    }

    /**
     * The number of copies that may exist when {@code eligibleNodes} nodes could hold one; never below the
     * minimum, so a shrinking cluster does not turn required copies into surplus.
     */
    public int effectiveMax(int eligibleNodes) {
        return max == EVERY_NODE ? Math.max(eligibleNodes, effectiveMin(eligibleNodes)) : max;
    }
}
