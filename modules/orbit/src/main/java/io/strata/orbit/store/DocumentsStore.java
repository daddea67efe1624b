package io.strata.orbit.store;

import io.strata.crdt.log.EntrySigner;
import io.strata.crdt.log.LogEntry;
import io.strata.crdt.log.OperationLog;
import io.strata.multiformats.Cid;
import io.strata.orbit.OrbitException;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static io.strata.orbit.OrbitException.Code.DOCUMENT_UNINDEXED;
import static io.strata.orbit.OrbitException.Code.NOT_FOUND;

/**
 * OrbitDB's {@code documents} database: documents (data model maps) keyed by their {@code indexBy} field
 * ({@code _id} by default), written as {@code PUT {key, value: document}} and removed by {@code DEL}; the
 * latest operation per key wins, as in {@link KeyValueStore}. Fields declared indexed when the store is
 * opened get a {@link FieldIndex}, so a query with a condition on one of them reads only the matching
 * documents; other queries scan every live document.
 */
public final class DocumentsStore extends OrbitStore {

    public static final String DEFAULT_INDEX_BY = "_id";

    /** A live document, its key and the CID of the entry that wrote it. */
    public record Document(Object key, Map<?, ?> value, Cid cid) {
    }

    private static final Comparator<LatestByKey.Latest> OLDEST_FIRST = LatestByKey.Latest.ORDER;

    private final String indexBy;
    private final LatestByKey index = new LatestByKey();
    private final Map<String, FieldIndex> fieldIndexes = new LinkedHashMap<>();

    public DocumentsStore(OperationLog log, EntrySigner signer, String indexBy) {
        this(log, signer, indexBy, Set.of());
    }

    /** @param indexedFields top-level fields to index for {@link #query(List)} */
    public DocumentsStore(OperationLog log, EntrySigner signer, String indexBy, Collection<String> indexedFields) {
        super(log, signer);
        this.indexBy = Objects.requireNonNull(indexBy, "indexBy");
        indexedFields.stream().sorted().forEach(field -> fieldIndexes.put(field, new FieldIndex(field)));
        indexExistingEntries();
    }

    @Override
    public StoreType type() {
        return StoreType.DOCUMENTS;
    }

    public String indexBy() {
        return indexBy;
    }

    /** The fields with a {@link FieldIndex}, sorted. */
    public List<String> indexedFields() {
        return List.copyOf(fieldIndexes.keySet());
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

    /** The live documents the predicate accepts, oldest write first; reads every live document. */
    public List<Document> query(Predicate<Map<?, ?>> predicate) {
        return live(index.all().stream(), predicate);
    }

    /**
     * The live documents meeting every condition, oldest write first. When a condition is on an indexed
     * field, only the documents its index lists are read (the one listing fewest when several are).
     */
    public List<Document> query(List<DocumentCondition> conditions) {
        Predicate<Map<?, ?>> all = document -> conditions.stream().allMatch(condition -> condition.matches(document));
        Set<Object> candidates = null;
        for (DocumentCondition condition : conditions) {
            FieldIndex fieldIndex = fieldIndexes.get(condition.field());
            if (fieldIndex != null) {
                Set<Object> keys = fieldIndex.keys(condition);
                if (candidates == null || keys.size() < candidates.size()) {
                    candidates = keys;
                }
            }
        }
        if (candidates == null) {
            return query(all);
        }
        return live(candidates.stream().map(index::get).flatMap(Optional::stream), all);
    }

    private List<Document> live(Stream<LatestByKey.Latest> latest, Predicate<Map<?, ?>> predicate) {
        return latest.filter(LatestByKey.Latest::isPut)
                .filter(known -> predicate.test((Map<?, ?>) known.operation().value()))
                .sorted(OLDEST_FIRST)
                .map(DocumentsStore::document)
                .toList();
    }

    public List<Document> all() {
        return query(document -> true);
    }

    private static Document document(LatestByKey.Latest latest) {
        return new Document(latest.operation().key(), (Map<?, ?>) latest.operation().value(), latest.cid());
    }

    @Override
    protected void index(LogEntry entry) {
        Operation.of(entry).ifPresent(operation -> index(entry, operation));
    }

    private void index(LogEntry entry, Operation operation) {
        boolean put = Operation.PUT.equals(operation.op()) && operation.value() instanceof Map<?, ?>;
        if ((put || Operation.DEL.equals(operation.op())) && operation.key() != null) {
            Optional<LatestByKey.Latest> before = index.get(operation.key());
            if (index.offer(entry, operation)) {
                before.ifPresent(this::unindexFields);
                index.get(operation.key()).ifPresent(this::indexFields);
            }
        }
    }

    private void indexFields(LatestByKey.Latest latest) {
        if (latest.isPut()) {
            Map<?, ?> document = (Map<?, ?>) latest.operation().value();
            fieldIndexes.values().forEach(field -> field.add(latest.operation().key(), document.get(field.field())));
        }
    }

    private void unindexFields(LatestByKey.Latest latest) {
        if (latest.isPut()) {
            Map<?, ?> document = (Map<?, ?>) latest.operation().value();
            fieldIndexes.values().forEach(field -> field.remove(latest.operation().key(), document.get(field.field())));
        }
    }

    @Override
    protected Object indexToDataModel() {
        return index.toDataModel();
    }

    /** Loads the documents; their field indexes are rebuilt from them in memory, not replayed from the log. */
    @Override
    protected void loadIndex(Object snapshot) {
        index.loadDataModel(snapshot);
        index.all().forEach(this::indexFields);
    }
}
