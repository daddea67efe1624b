package io.strata.kademlia;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Provider records held by this node for others: which peers announced they can serve a key.
 * A record expires {@code recordTtl} after its last announcement; the current time is always a
 * parameter so that expiry is deterministic. Not thread-safe.
 */
public final class ProviderStore {

    private final long ttlMillis;
    private final Map<KademliaKey, Map<KademliaPeer, Long>> expiries = new HashMap<>();
    /** Kept up to date rather than summed, because callers read it on every announcement and RPC. */
    private int recordCount;

    public ProviderStore(Duration recordTtl) {
        if (recordTtl.isNegative() || recordTtl.isZero()) {
            throw new KademliaException(KademliaException.Code.INVALID_ARGUMENT,
                    "provider record TTL must be positive, got " + recordTtl);
        }
        this.ttlMillis = recordTtl.toMillis();
    }

    /** Adds or renews (ADD_PROVIDER) the record that {@code provider} serves {@code key}. */
    public void addProvider(KademliaKey key, KademliaPeer provider, long nowMillis) {
        if (expiries.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(provider, nowMillis + ttlMillis) == null) {
            recordCount++;
        }
    }

    /** The unexpired providers of the key, in announcement order. */
    public List<KademliaPeer> providers(KademliaKey key, long nowMillis) {
        Map<KademliaPeer, Long> records = expiries.get(key);
        if (records == null) {
            return List.of();
        }
        List<KademliaPeer> live = new ArrayList<>(records.size());
        records.forEach((peer, expiry) -> {
            if (expiry > nowMillis) {
                live.add(peer);
            }
        });
        return live;
    }

    /** Drops every expired record; returns how many were dropped. */
    public int removeExpired(long nowMillis) {
        int removed = 0;
        Iterator<Map<KademliaPeer, Long>> keys = expiries.values().iterator();
        while (keys.hasNext()) {
            Map<KademliaPeer, Long> records = keys.next();
            int before = records.size();
            records.values().removeIf(expiry -> expiry <= nowMillis);
            removed += before - records.size();
            if (records.isEmpty()) {
                keys.remove();
            }
        }
        recordCount -= removed;
        return removed;
    }

    /** Number of stored records, expired ones included until {@link #removeExpired}. */
    public int size() {
        return recordCount;
    }
}
