package io.strata.libp2p.verticle;

/**
 * How long to wait before dialing a bootstrap peer again: {@code initialMillis} after the first failure (or
 * after a connection drops), doubling with each further failure, never more than {@code maxMillis}.
 */
public record BootstrapBackoff(long initialMillis, long maxMillis) {

    public static final BootstrapBackoff DEFAULT = new BootstrapBackoff(1_000, 60_000);

    public BootstrapBackoff {
        if (initialMillis <= 0) {
            throw new IllegalArgumentException("libp2p bootstrap backoff must be positive, got " + initialMillis);
        }
        if (maxMillis < initialMillis) {
            throw new IllegalArgumentException("libp2p bootstrap backoff maximum " + maxMillis
                    + " is below its initial " + initialMillis);
        }
    }

    /** The wait before the next dial after {@code failures} dials in a row failed (0: the connection dropped). */
    public long delayMillis(int failures) {
        if (failures < 0) {
            throw new IllegalArgumentException("failures must not be negative, got " + failures);
        }
        long delay = initialMillis;
        for (int i = 0; i < failures; i++) {
            if (delay > maxMillis / 2) {
                return maxMillis;
            }
            delay *= 2;
        }
        return delay;
    }
}
