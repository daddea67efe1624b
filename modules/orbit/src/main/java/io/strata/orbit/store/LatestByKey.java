package io.strata.orbit.store;

import io.strata.crdt.log.LogEntry;
import io.strata.crdt.log.OperationLog;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * For each key, the latest {@code PUT} or {@code DEL} entry by the log's total order
 * ({@link OperationLog#LAST_WRITE_WINS}): what OrbitDB's keyvalue and documents stores find first when
 * they traverse the log from its heads, kept here as a map so a read is one lookup.
 */
final class LatestByKey {

    record Latest(LogEntry entry, Operation operation) {
        boolean isPut() {
            return Operation.PUT.equals(operation.op());
        }
    }

    private final Map<Object, Latest> latest = new HashMap<>();

    /** Records {@code operation} (a PUT or DEL of {@code entry}) unless a later one for its key is known. */
    boolean offer(LogEntry entry, Operation operation) {
        Latest known = latest.get(operation.key());
        if (known != null && OperationLog.LAST_WRITE_WINS.compare(entry, known.entry()) <= 0) {
            return false;
        }
        latest.put(operation.key(), new Latest(entry, operation));
        return true;
    }

    Optional<Latest> get(Object key) {
        return Optional.ofNullable(latest.get(key));
    }

    Collection<Latest> all() {
        return latest.values();
    }
}
