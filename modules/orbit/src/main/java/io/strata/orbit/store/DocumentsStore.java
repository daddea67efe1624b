package io.strata.orbit.store;

import io.strata.crdt.log.EntrySigner;
import io.strata.crdt.log.LogEntry;
import io.strata.crdt.log.OperationLog;
import io.strata.orbit.OrbitException;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import static io.strata.orbit.OrbitException.Code.DOCUMENT_UNINDEXED;
import static io.strata.orbit.OrbitException.Code.NOT_FOUND;

/**
 * OrbitDB's {@code documents} database: documents (data model maps) keyed by their {@code indexBy} field
 * ({@code _id} by default), written as {@code PUT {key, value: document}} and removed by {@code DEL}; the
 * latest operation per key wins, as in {@link KeyValueStore}.
 */
public final class DocumentsStore extends OrbitStore {

    public static final String DEFAULT_INDEX_BY = "_id";

    /** A live document, its key and the entry that wrote it. */
    public record Document(Object key, Map<?, ?> value, LogEntry entry) {
    }

    private final String indexBy;
    private final LatestByKey index = new LatestByKey();

    public DocumentsStore(OperationLog log, EntrySigner signer, String indexBy) {
        super(log, signer);
        this.indexBy = Objects.requireNonNull(indexBy, "indexBy");
        indexExistingEntries();
    }

    @Override
    public StoreType type() {
        return StoreType.DOCUMENTS;
    }

    public String indexBy() {
        return indexBy;
    }

    /** @throws OrbitException {@code DOCUMENT_UNINDEXED} when the document lacks its {@code indexBy} field */
    public LogEntry put(Map<String, ?> document) {
        Object key = document.get(indexBy);
        if (key == null) {
            throw new OrbitException(DOCUMENT_UNINDEXED, "the document has no field '" + indexBy + "'");
        }
        return append(new Operation(Operation.PUT, key, document));
    }

    /** @throws OrbitException {@code NOT_FOUND} when no live document has this key, as OrbitDB refuses it */
    public LogEntry del(Object key) {
        if (get(key).isEmpty()) {
            throw new OrbitException(NOT_FOUND, "no document with key '" + key + "' in the database");
        }
        return append(new Operation(Operation.DEL, key, null));
    }

    public Optional<Document> get(Object key) {
        return index.get(key).filter(LatestByKey.Latest::isPut).map(DocumentsStore::document);
    }

    /** The live documents the predicate accepts, oldest write first. */
    public List<Document> query(Predicate<Map<?, ?>> predicate) {
        return index.all().stream().filter(LatestByKey.Latest::isPut)
                .filter(latest -> predicate.test((Map<?, ?>) latest.operation().value()))
                .sorted(Comparator.comparing(LatestByKey.Latest::entry, OperationLog.LAST_WRITE_WINS))
                .map(DocumentsStore::document)
                .toList();
    }

    public List<Document> all() {
        return query(document -> true);
    }

    private static Document document(LatestByKey.Latest latest) {
        return new Document(latest.operation().key(), (Map<?, ?>) latest.operation().value(), latest.entry());
    }

    @Override
    protected void index(LogEntry entry) {
        Operation.of(entry).ifPresent(operation -> index(entry, operation));
    }

    private void index(LogEntry entry, Operation operation) {
        boolean put = Operation.PUT.equals(operation.op()) && operation.value() instanceof Map<?, ?>;
        if ((put || Operation.DEL.equals(operation.op())) && operation.key() != null) {
            index.offer(entry, operation);
        }
    }
}
