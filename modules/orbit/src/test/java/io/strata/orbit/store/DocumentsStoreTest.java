package io.strata.orbit.store;

import io.strata.orbit.OrbitException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Property(tries = 60)
    void indexedQueriesAnswerAsScansDo(@ForAll long seed) {
        Random random = new Random(seed);
        List<String> fields = List.of("group", "name", "score");
        DocumentsStore indexedA = new DocumentsStore(Replicas.log("a"), Replicas.signer("a"), "_id", fields);
        DocumentsStore indexedB = new DocumentsStore(Replicas.log("b"), Replicas.signer("b"), "_id", fields);
        for (int i = 0; i < 120; i++) {
            DocumentsStore writer = random.nextBoolean() ? indexedA : indexedB;
            String id = "d" + random.nextInt(30);
            if (random.nextInt(6) == 0 && writer.get(id).isPresent()) {
                writer.del(id);
            } else {
                writer.put(randomDocument(random, id));
            }
            if (random.nextInt(15) == 0) {
                indexedA.join(indexedB);
            }
        }
        indexedA.join(indexedB);
        DocumentsStore scanned = new DocumentsStore(indexedA.log(), Replicas.signer("c"), "_id");
        for (int i = 0; i < 30; i++) {
            List<DocumentCondition> where = new ArrayList<>();
            for (int c = 1 + random.nextInt(2); c > 0; c--) {
                where.add(randomCondition(random));
            }
            List<DocumentsStore.Document> expected = scanned.query(document -> where.stream()
                    .allMatch(condition -> condition.matches(document)));
            assertEquals(expected, indexedA.query(where), where.toString());
            assertEquals(expected, scanned.query(where), where.toString());
        }
    }

    private static Map<String, Object> randomDocument(Random random, String id) {
        Map<String, Object> document = new HashMap<>();
        document.put("_id", id);
        if (random.nextInt(5) > 0) {
            document.put("group", (long) random.nextInt(6));
        }
        document.put("name", List.of("ada", "bob", "cy", "Dee").get(random.nextInt(4)));
        document.put("score", random.nextBoolean() ? (Object) (long) random.nextInt(10) : random.nextInt(20) / 2.0);
        if (random.nextInt(8) == 0) {
            document.put("group", List.of(1L));
        }
        return document;
    }

    private static DocumentCondition randomCondition(Random random) {
        Object value = switch (random.nextInt(3)) {
            case 0 -> (Object) (long) random.nextInt(7);
            case 1 -> List.of("ada", "bob", "c", "Dee", "zed").get(random.nextInt(5));
            default -> random.nextInt(20) / 2.0;
        };
        String field = List.of("group", "name", "score", "unindexed").get(random.nextInt(4));
        if (random.nextBoolean()) {
            return DocumentCondition.equal(field, value);
        }
        Object other = random.nextBoolean() ? (Object) (long) random.nextInt(7) : random.nextInt(20) / 2.0;
        return switch (random.nextInt(4)) {
            case 0 -> DocumentCondition.range(field, value, null, null, null);
            case 1 -> DocumentCondition.range(field, null, value, null, null);
            case 2 -> DocumentCondition.range(field, null, null, value, null);
            default -> DocumentCondition.range(field, null, other, null, value);
        };
    }

    @Test
    void conditionsCompareScalarsOnly() {
        assertEquals(OrbitException.Code.QUERY_INVALID, assertThrows(OrbitException.class,
                () -> DocumentCondition.equal("tags", List.of("a"))).code());
        assertEquals(OrbitException.Code.QUERY_INVALID, assertThrows(OrbitException.class,
                () -> DocumentCondition.range("n", 1L, 2L, null, null)).code());
        assertTrue(DocumentCondition.equal("n", 2L).matches(Map.of("n", 2.0)), "numbers compare by value");
        assertFalse(DocumentCondition.range("n", null, null, 3L, null).matches(Map.of("n", "1")),
                "strings sort after numbers");
        assertFalse(DocumentCondition.equal("n", 1L).matches(Map.of("m", 1L)));
    }
}
