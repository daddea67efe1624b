package io.strata.orbit.store;

import io.strata.crdt.log.EntrySigner;
import io.strata.crdt.log.LogEntry;
import io.strata.crdt.log.OperationLog;
import io.strata.multiformats.Cid;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * OrbitDB's {@code keyvalue} database: {@code PUT} and {@code DEL} operations on string keys; the value of a
 * key is the one of its latest operation in the log's order, so concurrent writes converge to the same winner
 * everywhere.
 */
public final class KeyValueStore extends OrbitStore {

    /** A live key, its value and the CID of the entry that wrote it. */
    public record KeyValue(String key, Object value, Cid cid) {
    }

    private final LatestByKey index = new LatestByKey();

    public KeyValueStore(OperationLog log, EntrySigner signer) {
        super(log, signer);
        indexExistingEntries();
    }

    @Override
    public StoreType type() {
        return StoreType.KEYVALUE;
    }

    /** @param value any IPLD data model value (null is not a value: use {@link #del}) */
    public LogEntry put(String key, Object value) {
        return append(new Operation(Operation.PUT, Objects.requireNonNull(key, "key"),
                Objects.requireNonNull(value, "value")));
    }

    public LogEntry del(String key) {
        return append(new Operation(Operation.DEL, Objects.requireNonNull(key, "key"), null));
    }

    public Optional<Object> get(String key) {
        return index.get(key).filter(LatestByKey.Latest::isPut).map(latest -> latest.operation().value());
    }

    /** Every live key, in the order of the entries that wrote them, oldest first (as OrbitDB's {@code all}). */
    public List<KeyValue> all() {
        return index.all().stream().filter(LatestByKey.Latest::isPut)
                .sorted(LatestByKey.Latest.ORDER)
                .map(latest -> new KeyValue((String) latest.operation().key(), latest.operation().value(),
                        latest.cid()))
                .toList();
    }

    @Override
    protected Object indexToDataModel() {
        return index.toDataModel();
    }

    @Override
    protected void loadIndex(Object snapshot) {
        index.loadDataModel(snapshot);
    }

    @Override
    protected void index(LogEntry entry) {
        Operation.of(entry).ifPresent(operation -> index(entry, operation));
    }

    private void index(LogEntry entry, Operation operation) {
        if ((Operation.PUT.equals(operation.op()) || Operation.DEL.equals(operation.op()))
                && operation.key() instanceof String) {
            index.offer(entry, operation);
        }
    }
}
