package io.strata.orbit.store;

import io.strata.crdt.log.EntryFetcher;
import io.strata.crdt.log.EntrySigner;
import io.strata.crdt.log.LogEntry;
import io.strata.crdt.log.OperationLog;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A database over an {@link OperationLog}: operations are appended as signed entries and folded into an
 * index, kept up to date entry by entry as the log grows by appends or joins, so reads never walk the log.
 * The index depends only on the set of entries held (ties resolved by the log's total order), so replicas
 * holding the same entries answer alike. Mutable and not thread-safe, like the log it owns.
 */
public abstract sealed class OrbitStore permits EventsStore, KeyValueStore, DocumentsStore, CounterStore {

    private final OperationLog log;
    private final EntrySigner signer;

    protected OrbitStore(OperationLog log, EntrySigner signer) {
        this.log = Objects.requireNonNull(log, "log");
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    /** Indexes what the log already holds; each subclass calls it once its own index is initialised. */
    protected final void indexExistingEntries() {
        log.values().forEach(this::index);
    }

    public abstract StoreType type();

    public OperationLog log() {
        return log;
    }

    protected final LogEntry append(Operation operation) {
        LogEntry entry = log.append(operation.toPayload(), signer);
        index(entry);
        return entry;
    }

    /**
     * Joins entries received from a replica (and what they reference, through {@code fetcher}) and indexes
     * those that were new.
     *
     * @return the new entries, oldest first
     */
    public List<LogEntry> join(Collection<LogEntry> received, EntryFetcher fetcher) {
        List<LogEntry> joined = log.join(received, fetcher);
        joined.forEach(this::index);
        return joined;
    }

    /** Reloads what this store persisted (see {@link OperationLog#restore}) and indexes it. */
    public List<LogEntry> restore(Collection<LogEntry> persistedHeads, EntryFetcher persisted) {
        List<LogEntry> restored = log.restore(persistedHeads, persisted);
        restored.forEach(this::index);
        return restored;
    }

    /** Joins every entry of another replica's log. */
    public List<LogEntry> join(OrbitStore other) {
        List<LogEntry> joined = log.join(other.log);
        joined.forEach(this::index);
        return joined;
    }

    /** Folds one entry, new to this store, into the index. Entries arrive in any order. */
    protected abstract void index(LogEntry entry);
}
