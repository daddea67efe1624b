package io.strata.dht;

import io.strata.blockstore.verticle.BlockStoreContract;
import io.strata.kademlia.KademliaConfig;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Locale;

/**
 * The DHT verticle's configuration (the {@code dht:} section of strata.yaml). Durations are written like
 * {@code 500ms}, {@code 5s}, {@code 10m}, {@code 22h}.
 *
 * @param bucketSize          k: bucket size and replication factor (20)
 * @param alpha               concurrent queries per lookup (3)
 * @param rpcTimeout          per-RPC timeout; a peer that does not answer in time counts as failed (5s)
 * @param providerRecordTtl   how long a provider record lives after its last announcement (48h)
 * @param republishInterval   how often provided CIDs are announced again (22h)
 * @param sweepInterval       how often expired provider records are dropped (1h)
 * @param tickInterval        how often the verticle's timer compares the clock with the two intervals above
 *                            (1m); republishing and sweeping follow the injected clock, not the timer
 * @param reprovideStrategy   all, pinned or roots (all)
 * @param provideConcurrency  provides running at once for announced blocks and reprovides (8)
 * @param getValueQuorum      valid records a GET_VALUE lookup collects before it stops early (16)
 * @param initialReprovideDelay wall-clock time after start before the first reprovide sweep (1m), so a restarted
 *                            node announces what its store already holds without waiting a republish interval
 * @param reprovidePageSize   CIDs read from the block store at a time when strategy all walks it (1000)
 */
public record DhtConfig(int bucketSize, int alpha, Duration rpcTimeout, Duration providerRecordTtl,
                        Duration republishInterval, Duration sweepInterval, Duration tickInterval, ReprovideStrategy reprovideStrategy,
                        int provideConcurrency, int getValueQuorum, Duration initialReprovideDelay,
                        int reprovidePageSize) {

    public static final DhtConfig DEFAULT = new DhtConfig(20, 3, Duration.ofSeconds(5), Duration.ofHours(48),
            Duration.ofHours(22), Duration.ofHours(1), Duration.ofMinutes(1), ReprovideStrategy.ALL, 8, 16,
            Duration.ofMinutes(1), 1000);

    public DhtConfig {
        kademlia(bucketSize, alpha, providerRecordTtl, republishInterval);
        requirePositive("rpcTimeout", rpcTimeout);
        requirePositive("sweepInterval", sweepInterval);
        requirePositive("tickInterval", tickInterval);
        requirePositive("initialReprovideDelay", initialReprovideDelay);
        if (reprovidePageSize < 1 || reprovidePageSize > BlockStoreContract.MAX_KEYS_PAGE) {
            throw new IllegalArgumentException("dht reprovidePageSize must be between 1 and "
                    + BlockStoreContract.MAX_KEYS_PAGE + ", got " + reprovidePageSize);
        }
        if (provideConcurrency < 1 || getValueQuorum < 1) {
            throw new IllegalArgumentException("dht provideConcurrency and getValueQuorum must be positive, got "
                    + provideConcurrency + " and " + getValueQuorum);
        }
    }

    public KademliaConfig kademlia() {
        return kademlia(bucketSize, alpha, providerRecordTtl, republishInterval);
    }

    /** Reads the verticle's deployment config; every key is optional. */
    public static DhtConfig from(JsonObject json) {
        DhtConfig d = DEFAULT;
        return new DhtConfig(
                json.getInteger("bucketSize", d.bucketSize),
                json.getInteger("alpha", d.alpha),
                duration(json, "rpcTimeout", d.rpcTimeout),
                duration(json, "providerRecordTtl", d.providerRecordTtl),
                duration(json, "republishInterval", d.republishInterval),
                duration(json, "sweepInterval", d.sweepInterval),
                duration(json, "tickInterval", d.tickInterval),
                ReprovideStrategy.byConfigName(json.getString("reprovideStrategy", d.reprovideStrategy.configName())),
                json.getInteger("provideConcurrency", d.provideConcurrency),
                json.getInteger("getValueQuorum", d.getValueQuorum),
                duration(json, "initialReprovideDelay", d.initialReprovideDelay),
                json.getInteger("reprovidePageSize", d.reprovidePageSize));
    }

    public JsonObject toJson() {
        return new JsonObject().put("bucketSize", bucketSize).put("alpha", alpha)
                .put("rpcTimeout", rpcTimeout.toMillis() + "ms")
                .put("providerRecordTtl", providerRecordTtl.toMillis() + "ms")
                .put("republishInterval", republishInterval.toMillis() + "ms")
                .put("sweepInterval", sweepInterval.toMillis() + "ms")
                .put("tickInterval", tickInterval.toMillis() + "ms")
                .put("reprovideStrategy", reprovideStrategy.configName())
                .put("provideConcurrency", provideConcurrency).put("getValueQuorum", getValueQuorum)
                .put("initialReprovideDelay", initialReprovideDelay.toMillis() + "ms")
                .put("reprovidePageSize", reprovidePageSize);
    }

    /** Parses {@code 250ms}, {@code 5s}, {@code 10m}, {@code 22h}, {@code 2d}. */
    static Duration parseDuration(String key, String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        int unitStart = 0;
        while (unitStart < trimmed.length() && Character.isDigit(trimmed.charAt(unitStart))) {
            unitStart++;
        }
        if (unitStart == 0 || unitStart > 12) {
            throw invalidDuration(key, text);
        }
        long amount = Long.parseLong(trimmed.substring(0, unitStart));
        return switch (trimmed.substring(unitStart)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw invalidDuration(key, text);
        };
    }

    private static Duration duration(JsonObject json, String key, Duration fallback) {
        String text = json.getString(key);
        return text == null ? fallback : parseDuration(key, text);
    }

    private static IllegalArgumentException invalidDuration(String key, String text) {
        return new IllegalArgumentException("dht " + key + " must be a duration like 500ms, 5s, 10m, 22h or 2d; got '"
                + text + "'");
    }

    private static KademliaConfig kademlia(int bucketSize, int alpha, Duration ttl, Duration republish) {
        return new KademliaConfig(bucketSize, alpha, ttl, republish);
    }

    private static void requirePositive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("dht " + key + " must be positive, got " + value);
        }
    }
}
