package io.strata.orbit.verticle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The orbit verticle's configuration ({@code orbit:} in conf/strata.yaml).
 *
 * @param directory        where its RocksDB lives (entries, identities, manifests, heads, identity keys)
 * @param syncWrites       fsync writes before acknowledging them: a request is answered only once the batch
 *                         holding its entry is on disk (requests that arrive together share one batch and
 *                         one fsync); off, a crash of the machine (not of the process) may lose the last
 *                         acknowledged writes
 * @param announceInterval how often every open database re-announces its heads to the cluster, so a replica
 *                         that missed an announcement (or was cut off) still catches up
 * @param fetchTimeout     how long a replica waits for a peer to send one missing block
 * @param snapshotEvery    after how many new entries a database's index is snapshotted (a log of more than
 *                         four times as many waits for a quarter of its size), so that a database reopened
 *                         after a crash decodes at most that many entries instead of its whole log; a clean
 *                         shutdown snapshots every database
 */
public record OrbitConfig(Path directory, boolean syncWrites, Duration announceInterval, Duration fetchTimeout,
                          int snapshotEvery) {

    public OrbitConfig {
        Objects.requireNonNull(directory, "directory");
        if (announceInterval.isNegative() || announceInterval.isZero()) {
            throw new IllegalArgumentException("announceInterval must be positive");
        }
        if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
            throw new IllegalArgumentException("fetchTimeout must be positive");
        }
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("snapshotEvery must be at least 1");
        }
    }

    public static OrbitConfig defaults(Path directory) {
        return new OrbitConfig(directory, true, Duration.ofSeconds(10), Duration.ofSeconds(10), 1_000);
    }
}
