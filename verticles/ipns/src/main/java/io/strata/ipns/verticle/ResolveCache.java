package io.strata.ipns.verticle;

import io.strata.ipns.IpnsName;
import io.strata.ipns.IpnsRecord;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Records recently resolved, each kept until its TTL runs out or its validity ends, whichever comes first, as
 * the IPNS spec asks of resolvers; least recently used entries go first when the cache is full. Not thread-safe:
 * the verticle uses it from its event loop only.
 */
final class ResolveCache {

    private record Entry(IpnsRecord record, Instant expires) {
    }

    private final LinkedHashMap<IpnsName, Entry> entries;

    ResolveCache(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<IpnsName, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    Optional<IpnsRecord> get(IpnsName name, Instant now) {
        Entry entry = entries.get(name);
        if (entry == null) {
            return Optional.empty();
        }
        if (!now.isBefore(entry.expires())) {
            entries.remove(name);
            return Optional.empty();
        }
        return Optional.of(entry.record());
    }

    /** Keeps {@code record} until its TTL or its validity ends; one that has already ended is not kept. */
    void put(IpnsName name, IpnsRecord record, Instant now) {
        Instant byTtl = record.ttlNanos() < 0 ? Instant.MAX : now.plus(record.ttl());
        Instant expires = byTtl.isBefore(record.validity()) ? byTtl : record.validity();
        if (expires.isAfter(now)) {
            entries.put(name, new Entry(record, expires));
        }
    }

    void remove(IpnsName name) {
        entries.remove(name);
    }
}
