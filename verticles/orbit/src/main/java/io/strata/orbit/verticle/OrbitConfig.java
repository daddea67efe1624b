package io.strata.orbit.verticle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The orbit verticle's configuration ({@code orbit:} in conf/strata.yaml).
 *
 * @param directory        where its RocksDB lives (entries, identities, manifests, heads, identity keys)
 * @param syncWrites       fsync every write before acknowledging it
 * @param announceInterval how often every open database re-announces its heads to the cluster, so a replica
 *                         that missed an announcement (or was cut off) still catches up
 * @param fetchTimeout     how long a replica waits for a peer to send one missing block
 */
public record OrbitConfig(Path directory, boolean syncWrites, Duration announceInterval, Duration fetchTimeout) {

    public OrbitConfig {
        Objects.requireNonNull(directory, "directory");
        if (announceInterval.isNegative() || announceInterval.isZero()) {
            throw new IllegalArgumentException("announceInterval must be positive");
        }
        if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
            throw new IllegalArgumentException("fetchTimeout must be positive");
        }
    }

    public static OrbitConfig defaults(Path directory) {
        return new OrbitConfig(directory, true, Duration.ofSeconds(10), Duration.ofSeconds(10));
    }
}
