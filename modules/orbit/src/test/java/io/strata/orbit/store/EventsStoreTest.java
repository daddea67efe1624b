package io.strata.orbit.store;

import io.strata.crdt.log.LogEntry;
import io.strata.multiformats.Cid;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EventsStoreTest {

    private EventsStore store;
    private final List<Cid> added = new ArrayList<>();

    @BeforeEach
    void tenEvents() {
        store = new EventsStore(Replicas.log("a"), Replicas.signer("a"));
        for (long i = 0; i < 10; i++) {
            LogEntry entry = store.add(i);
            added.add(entry.cid());
        }
    }

    private List<Object> values(EventsStore.Query query) {
        return store.iterator(query).stream().map(EventsStore.Event::value).toList();
    }

    @Test
    void newestFirstWithALimit() {
        assertEquals(List.of(9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L, 0L), values(EventsStore.Query.ALL));
        assertEquals(List.of(9L, 8L, 7L), values(EventsStore.Query.ALL.withLimit(3)));
        assertEquals(List.of(), values(EventsStore.Query.ALL.withLimit(0)));
        assertEquals(Optional.of(4L), store.get(added.get(4)));
        assertEquals(0L, store.all().get(0).value());
    }

    @Test
    void upperBounds() {
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L, 0L), values(new EventsStore.Query(null, null, null, added.get(5), -1)));
        assertEquals(List.of(4L, 3L), values(new EventsStore.Query(null, null, added.get(5), null, 2)));
    }

    @Test
    void lowerBoundsKeepTheEventsNearestThemUnderALimit() {
        assertEquals(List.of(9L, 8L, 7L), values(new EventsStore.Query(added.get(6), null, null, null, -1)));
        assertEquals(List.of(9L, 8L, 7L, 6L), values(new EventsStore.Query(null, added.get(6), null, null, -1)));
        assertEquals(List.of(4L, 3L), values(new EventsStore.Query(added.get(2), null, null, null, 2)));
        assertEquals(List.of(7L, 6L, 5L), values(new EventsStore.Query(null, added.get(5), added.get(8), null, 3)));
    }
}
