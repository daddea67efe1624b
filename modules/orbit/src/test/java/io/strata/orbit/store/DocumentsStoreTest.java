package io.strata.orbit.store;

import io.strata.orbit.OrbitException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocumentsStoreTest {

    private static DocumentsStore store(String writer, String indexBy) {
        return new DocumentsStore(Replicas.log(writer), Replicas.signer(writer), indexBy);
    }

    @Test
    void documentsAreKeyedByTheirIndexField() {
        DocumentsStore store = store("a", DocumentsStore.DEFAULT_INDEX_BY);
        store.put(Map.of("_id", "hello", "views", 1L));
        store.put(Map.of("_id", "world", "views", 5L));
        store.put(Map.of("_id", "hello", "views", 2L));
        assertEquals(Map.of("_id", "hello", "views", 2L), store.get("hello").orElseThrow().value());
        assertEquals(List.of("world", "hello"), store.all().stream().map(DocumentsStore.Document::key).toList());
        assertEquals(List.of("world"), store.query(doc -> (Long) doc.get("views") > 2).stream()
                .map(DocumentsStore.Document::key).toList());
        store.del("world");
        assertTrue(store.get("world").isEmpty());
    }

    @Test
    void aCustomIndexFieldAndItsAbsence() {
        DocumentsStore store = store("a", "name");
        store.put(Map.of("name", "ada", "age", 36L));
        assertEquals(36L, store.get("ada").orElseThrow().value().get("age"));
        OrbitException missing = assertThrows(OrbitException.class, () -> store.put(Map.of("_id", "x")));
        assertEquals(OrbitException.Code.DOCUMENT_UNINDEXED, missing.code());
        OrbitException absent = assertThrows(OrbitException.class, () -> store.del("nobody"));
        assertEquals(OrbitException.Code.NOT_FOUND, absent.code());
    }

    @Test
    void replicasConverge() {
        DocumentsStore a = store("a", "_id");
        DocumentsStore b = store("b", "_id");
        a.put(Map.of("_id", "1", "by", "a"));
        b.put(Map.of("_id", "1", "by", "b"));
        b.put(Map.of("_id", "2", "by", "b"));
        a.join(b);
        b.join(a);
        assertEquals(a.all(), b.all());
        assertEquals(2, a.all().size());
    }
}
