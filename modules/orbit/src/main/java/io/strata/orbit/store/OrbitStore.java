package io.strata.orbit.store;

import io.strata.crdt.log.EntryFetcher;
import io.strata.crdt.log.EntrySigner;
import io.strata.crdt.log.LogEntry;
import io.strata.crdt.log.OperationLog;
import io.strata.ipld.IpldException;
import io.strata.ipld.codec.DagCbor;
import io.strata.multiformats.Cid;
import io.strata.orbit.OrbitException;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.strata.orbit.OrbitException.Code.SNAPSHOT_MALFORMED;

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

    /**
     * The index as of the log's current heads, as dag-cbor bytes {@code {type, heads: [links], size, index}}:
     * what a reopened store loads instead of replaying its log (see {@link #resume}).
     */
    public byte[] snapshot() {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("type", type().manifestName());
        snapshot.put("heads", log.heads().stream().<Object>map(LogEntry::cid).toList());
        snapshot.put("size", log.size());
        snapshot.put("index", indexToDataModel());
        return DagCbor.encode(snapshot);
    }

    /**
     * Reopens, in a new store, what was persisted: the log resumes at {@code heads} (see
     * {@link OperationLog#resume}), the index is loaded from {@code snapshot} (null when none was taken) and
     * then folds in {@code newer}, the entries the log gained after that snapshot (in any order). Only those
     * are decoded; the rest of the log stays on disk until a traversal reaches it.
     *
     * @throws OrbitException {@code SNAPSHOT_MALFORMED} when the snapshot is not this store type's, or names
     *                        heads the log does not hold
     */
    public void resume(Collection<LogEntry> heads, EntryFetcher persisted, byte[] snapshot, Collection<LogEntry> newer) {
        long covered = 0;
        List<Cid> coveredHeads = List.of();
        Object index = null;
        if (snapshot != null) {
            Map<?, ?> fields;
            try {
                fields = DagCbor.decode(snapshot) instanceof Map<?, ?> map ? map : Map.of();
            } catch (IpldException e) {
                throw new OrbitException(SNAPSHOT_MALFORMED, "a snapshot is dag-cbor: " + e.getMessage(), e);
            }
            if (!type().manifestName().equals(fields.get("type")) || !(fields.get("size") instanceof Long size)
                    || size < 0 || !(fields.get("heads") instanceof List<?> listed)) {
                throw new OrbitException(SNAPSHOT_MALFORMED, "not a snapshot of a " + type().manifestName() + " store");
            }
            covered = size;
            coveredHeads = listed.stream().filter(Cid.class::isInstance).map(Cid.class::cast).toList();
            index = fields.get("index");
        }
        log.resume(heads, covered + newer.size(), persisted);
        for (Cid head : coveredHeads) {
            if (!log.has(head)) {
                throw new OrbitException(SNAPSHOT_MALFORMED, "the snapshot covers " + head + ", which the log lacks");
            }
        }
        if (index != null) {
            loadIndex(index);
        }
        newer.forEach(this::index);
    }

    /** The index as a data model value for {@link #snapshot()}. */
    protected abstract Object indexToDataModel();

    /** Loads an empty index from what {@link #indexToDataModel()} wrote. */
    protected abstract void loadIndex(Object index);

    /** Joins every entry of another replica's log. */
    public List<LogEntry> join(OrbitStore other) {
        List<LogEntry> joined = log.join(other.log);
        joined.forEach(this::index);
        return joined;
    }

    /** Folds one entry, new to this store, into the index. Entries arrive in any order. */
    protected abstract void index(LogEntry entry);
}
