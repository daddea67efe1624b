package io.strata.orbit.store;

import io.strata.crdt.CrdtException;
import io.strata.crdt.PNCounter;
import io.strata.crdt.log.EntrySigner;
import io.strata.crdt.log.LogEntry;
import io.strata.crdt.log.OperationLog;
import io.strata.orbit.OrbitException;

/**
 * A counter database (our addition to OrbitDB's types): {@code INC} and {@code DEC} entries with a positive
 * amount, folded into a PN-counter per writer (the entry's clock id), so its value is the sum of every
 * increment minus every decrement the log holds, whatever order they arrived in.
 */
public final class CounterStore extends OrbitStore {

    private PNCounter counter = PNCounter.empty();

    public CounterStore(OperationLog log, EntrySigner signer) {
        super(log, signer);
        indexExistingEntries();
    }

    @Override
    public StoreType type() {
        return StoreType.COUNTER;
    }

    public LogEntry increment(long amount) {
        return append(new Operation(Operation.INC, null, positive(amount)));
    }

    public LogEntry decrement(long amount) {
        return append(new Operation(Operation.DEC, null, positive(amount)));
    }

    private static long positive(long amount) {
        if (amount <= 0) {
            throw new IllegalArgumentException("a counter moves by a positive amount, got " + amount);
        }
        return amount;
    }

    public long value() {
        return counter.value();
    }

    /** The state as a PN-counter of per-writer totals. */
    public PNCounter state() {
        return counter;
    }

    @Override
    protected Object indexToDataModel() {
        return counter.toDataModel();
    }

    @Override
    protected void loadIndex(Object snapshot) {
        try {
            counter = PNCounter.fromDataModel(snapshot);
        } catch (CrdtException e) {
            throw new OrbitException(OrbitException.Code.SNAPSHOT_MALFORMED, "not a counter snapshot: " + e.getMessage(), e);
        }
    }

    @Override
    protected void index(LogEntry entry) {
        Operation.of(entry).ifPresent(operation -> index(entry, operation));
    }

    private void index(LogEntry entry, Operation operation) {
        if (!(operation.value() instanceof Long amount) || amount <= 0) {
            return;
        }
        String writer = entry.clock().id();
        if (Operation.INC.equals(operation.op())) {
            counter = counter.increment(writer, amount).state();
        } else if (Operation.DEC.equals(operation.op())) {
            counter = counter.decrement(writer, amount).state();
        }
    }
}
