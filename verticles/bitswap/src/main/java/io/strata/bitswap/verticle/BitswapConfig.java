package io.strata.bitswap.verticle;

import io.strata.bitswap.BitswapMessage;
import io.vertx.core.json.JsonObject;

/**
 * The Bitswap verticle's configuration (the {@code bitswap:} section of strata.yaml).
 *
 * @param providerTimeoutMillis how long a peer asked for a block may take before another provider is asked
 * @param retrievalTimeoutMillis how long a fetch waits for a block before it fails NOT_FOUND; also how long
 *                               a prefetch hint keeps its CIDs wanted
 * @param maxActiveWants wants one session keeps on the wire at once (the depth of the pipeline)
 * @param providersPerLookup providers asked of the routing per lookup
 * @param routingRetryMillis how often a session whose wants every provider failed asks the routing again
 * @param maxMessageBytes largest message this node sends (at most Bitswap's 4 MiB)
 * @param targetMessageBytes size at which an answer is sent and the next one begun (at most maxMessageBytes): the
 *                           peer decodes and stores one message while the next is read and sent. The default,
 *                           256 KiB, sends one default-sized block per message, which keeps every array on the
 *                           receiving side under G1's humongous threshold on a small heap (half a 1 MiB region)
 * @param libp2pTargetMessageBytes the same for peers outside the cluster, reached over libp2p (at most
 *                                 maxMessageBytes). The default, 4 MiB, is what Helia packs into one message: a
 *                                 JavaScript reader pays a timer, an event and a copy per message, so fewer,
 *                                 larger messages cost it less CPU
 * @param provideConcurrency provide announcements in flight at once; the rest wait in a buffer
 * @param tickMillis how often deadlines are checked
 * @param prefetchCacheBytes prefetched blocks kept in memory for the fetch that follows, so it does not read
 *                           back the block just written (0 turns this off)
 */
public record BitswapConfig(long providerTimeoutMillis, long retrievalTimeoutMillis, int maxActiveWants,
                            int providersPerLookup, long routingRetryMillis, int maxMessageBytes,
                            int targetMessageBytes, int libp2pTargetMessageBytes, int provideConcurrency,
                            long tickMillis, long prefetchCacheBytes) {

    public static final String PROVIDER_TIMEOUT_MILLIS = "providerTimeoutMillis";
    public static final String RETRIEVAL_TIMEOUT_MILLIS = "retrievalTimeoutMillis";
    public static final String MAX_ACTIVE_WANTS = "maxActiveWants";
    public static final String PROVIDERS_PER_LOOKUP = "providersPerLookup";
    public static final String ROUTING_RETRY_MILLIS = "routingRetryMillis";
    public static final String MAX_MESSAGE_BYTES = "maxMessageBytes";
    public static final String TARGET_MESSAGE_BYTES = "targetMessageBytes";
    public static final String LIBP2P_TARGET_MESSAGE_BYTES = "libp2pTargetMessageBytes";
    public static final String PROVIDE_CONCURRENCY = "provideConcurrency";
    public static final String TICK_MILLIS = "tickMillis";
    public static final String PREFETCH_CACHE_BYTES = "prefetchCacheBytes";

    public BitswapConfig {
        requirePositive(PROVIDER_TIMEOUT_MILLIS, providerTimeoutMillis);
        requirePositive(RETRIEVAL_TIMEOUT_MILLIS, retrievalTimeoutMillis);
        requirePositive(MAX_ACTIVE_WANTS, maxActiveWants);
        requirePositive(PROVIDERS_PER_LOOKUP, providersPerLookup);
        requirePositive(ROUTING_RETRY_MILLIS, routingRetryMillis);
        requirePositive(PROVIDE_CONCURRENCY, provideConcurrency);
        requirePositive(TICK_MILLIS, tickMillis);
        if (prefetchCacheBytes < 0) {
            throw new IllegalArgumentException("bitswap " + PREFETCH_CACHE_BYTES + " must not be negative, got "
                    + prefetchCacheBytes);
        }
        if (maxMessageBytes < BitswapMessage.MAX_BLOCK_BYTES + 1024 || maxMessageBytes > BitswapMessage.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("bitswap " + MAX_MESSAGE_BYTES + " must leave room for a 2 MiB block and be at most "
                    + BitswapMessage.MAX_MESSAGE_BYTES + ", got " + maxMessageBytes);
        }
        requireTarget(TARGET_MESSAGE_BYTES, targetMessageBytes, maxMessageBytes);
        requireTarget(LIBP2P_TARGET_MESSAGE_BYTES, libp2pTargetMessageBytes, maxMessageBytes);
    }

    public static BitswapConfig defaults() {
        return new BitswapConfig(5_000, 30_000, 256, 20, 2_000, BitswapMessage.MAX_MESSAGE_BYTES, 256 * 1024,
                BitswapMessage.MAX_MESSAGE_BYTES, 8, 100, 64L * 1024 * 1024);
    }

    /** Reads the verticle's deployment config; absent keys take the defaults. */
    public static BitswapConfig from(JsonObject json) {
        BitswapConfig d = defaults();
        return new BitswapConfig(json.getLong(PROVIDER_TIMEOUT_MILLIS, d.providerTimeoutMillis()),
                json.getLong(RETRIEVAL_TIMEOUT_MILLIS, d.retrievalTimeoutMillis()),
                json.getInteger(MAX_ACTIVE_WANTS, d.maxActiveWants()),
                json.getInteger(PROVIDERS_PER_LOOKUP, d.providersPerLookup()),
                json.getLong(ROUTING_RETRY_MILLIS, d.routingRetryMillis()),
                json.getInteger(MAX_MESSAGE_BYTES, d.maxMessageBytes()),
                json.getInteger(TARGET_MESSAGE_BYTES, d.targetMessageBytes()),
                json.getInteger(LIBP2P_TARGET_MESSAGE_BYTES, d.libp2pTargetMessageBytes()),
                json.getInteger(PROVIDE_CONCURRENCY, d.provideConcurrency()),
                json.getLong(TICK_MILLIS, d.tickMillis()),
                json.getLong(PREFETCH_CACHE_BYTES, d.prefetchCacheBytes()));
    }

    private static void requireTarget(String name, int target, int maxMessageBytes) {
        if (target <= 0 || target > maxMessageBytes) {
            throw new IllegalArgumentException("bitswap " + name + " must be positive and at most "
                    + MAX_MESSAGE_BYTES + " (" + maxMessageBytes + "), got " + target);
        }
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("bitswap " + name + " must be positive, got " + value);
        }
    }
}
