package io.strata.orbit.store;

import io.strata.crdt.log.LamportClock;
import io.strata.crdt.log.LogEntry;
import io.strata.crdt.log.OperationLog;
import io.strata.multiformats.Cid;
import io.strata.orbit.OrbitException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.strata.orbit.OrbitException.Code.SNAPSHOT_MALFORMED;

/**
 * For each key, the latest {@code PUT} or {@code DEL} entry by the log's total order
 * ({@link OperationLog#LAST_WRITE_WINS}: clock, then CID): what OrbitDB's keyvalue and documents stores find
 * first when they traverse the log from its heads, kept here as a map so a read is one lookup. It keeps the
 * entry's CID and clock rather than the entry, so it can be snapshotted and reloaded without the log.
 */
final class LatestByKey {

    record Latest(Cid cid, LamportClock clock, Operation operation) {
        static final Comparator<Latest> ORDER = Comparator.comparing(Latest::clock).thenComparing(Latest::cid);

        boolean isPut() {
            return Operation.PUT.equals(operation.op());
        }
    }

    private final Map<Object, Latest> latest = new HashMap<>();

    /** Records {@code operation} (a PUT or DEL of {@code entry}) unless a later one for its key is known. */
    boolean offer(LogEntry entry, Operation operation) {
        Latest offered = new Latest(entry.cid(), entry.clock(), operation);
        Latest known = latest.get(operation.key());
        if (known != null && Latest.ORDER.compare(offered, known) <= 0) {
            return false;
        }
        latest.put(operation.key(), offered);
        return true;
    }

    Optional<Latest> get(Object key) {
        return Optional.ofNullable(latest.get(key));
    }

    Collection<Latest> all() {
        return latest.values();
    }

    /** The state as a data model list of {@code [op, key, value, cid, clock id, clock time]}. */
    Object toDataModel() {
        List<Object> rows = new ArrayList<>(latest.size());
        for (Latest known : latest.values()) {
            List<Object> row = new ArrayList<>(6);
            row.add(known.operation().op());
            row.add(known.operation().key());
            row.add(known.operation().value());
            row.add(known.cid());
            row.add(known.clock().id());
            row.add(known.clock().time());
            rows.add(row);
        }
        return rows;
    }

    /** @throws OrbitException {@code SNAPSHOT_MALFORMED} unless {@code value} is what {@link #toDataModel()} writes */
    void loadDataModel(Object value) {
        if (!(value instanceof List<?> rows)) {
            throw new OrbitException(SNAPSHOT_MALFORMED, "a key index snapshot is a list");
        }
        for (Object item : rows) {
            if (!(item instanceof List<?> row) || row.size() != 6 || !(row.get(0) instanceof String op)
                    || !(row.get(3) instanceof Cid cid) || !(row.get(4) instanceof String clockId)
                    || !(row.get(5) instanceof Long time) || time < 0) {
                throw new OrbitException(SNAPSHOT_MALFORMED, "a key index row is [op, key, value, cid, clock id, time]");
            }
            latest.put(row.get(1), new Latest(cid, new LamportClock(clockId, time), new Operation(op, row.get(1),
                    row.get(2))));
        }
    }
}
