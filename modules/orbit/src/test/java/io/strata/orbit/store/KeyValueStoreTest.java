package io.strata.orbit.store;

import io.strata.crdt.log.EntryFetcher;
import io.strata.crdt.log.LogEntry;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KeyValueStoreTest {

    private static KeyValueStore store(String writer) {
        return new KeyValueStore(Replicas.log(writer), Replicas.signer(writer));
    }

    @Test
    void putGetDelAndAll() {
        KeyValueStore store = store("a");
        store.put("x", 1L);
        store.put("y", "two");
        store.put("x", 3L);
        store.del("y");
        assertEquals(Optional.of(3L), store.get("x"));
        assertEquals(Optional.empty(), store.get("y"));
        assertEquals(Optional.empty(), store.get("never"));
        assertEquals(List.of("x"), store.all().stream().map(KeyValueStore.KeyValue::key).toList());
        assertEquals(4, store.log().size());
    }

    @Test
    void payloadIsOrbitDbsPutOperation() {
        LogEntry entry = store("a").put("k", "v");
        assertEquals(java.util.Map.of("op", "PUT", "key", "k", "value", "v"), entry.payload());
    }

    @Test
    void concurrentPutsConvergeOnTheLaterClockThenTheGreaterWriter() {
        KeyValueStore a = store("a");
        KeyValueStore b = store("b");
        a.put("k", "from a");
        b.put("k", "from b");
        a.join(b);
        b.join(a);
        assertEquals(Optional.of("from b"), a.get("k"), "equal times: the greater clock id wins");
        assertEquals(a.get("k"), b.get("k"));
        a.put("k", "a again");
        b.join(a);
        assertEquals(Optional.of("a again"), b.get("k"));
    }

    @Test
    void reopeningOverAnExistingLogRebuildsTheIndex() {
        KeyValueStore a = store("a");
        a.put("k", 1L);
        a.del("k");
        a.put("j", 2L);
        KeyValueStore reopened = new KeyValueStore(a.log(), Replicas.signer("a"));
        assertEquals(a.all(), reopened.all());
    }

    /** Three replicas write at random and exchange entries in random orders; once all have everything, they agree. */
    @Property(tries = 50)
    void replicasThatHoldTheSameEntriesAgree(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int steps) {
        Random random = new Random(seed);
        List<KeyValueStore> replicas = List.of(store("a"), store("b"), store("c"));
        for (int step = 0; step < steps; step++) {
            KeyValueStore replica = replicas.get(random.nextInt(3));
            String key = "k" + random.nextInt(4);
            switch (random.nextInt(3)) {
                case 0 -> replica.put(key, (long) random.nextInt(100));
                case 1 -> replica.del(key);
                default -> replica.join(replicas.get(random.nextInt(3)));
            }
        }
        List<KeyValueStore> order = new ArrayList<>(replicas);
        Collections.shuffle(order, random);
        for (KeyValueStore receiver : order) {
            for (KeyValueStore sender : replicas) {
                receiver.join(List.copyOf(sender.log().heads()), cid -> sender.log().get(cid).map(LogEntry::bytes));
            }
        }
        for (KeyValueStore receiver : replicas) {
            for (KeyValueStore sender : replicas) {
                receiver.join(sender.log().heads(), EntryFetcher.NONE);
            }
        }
        assertEquals(replicas.get(0).all(), replicas.get(1).all());
        assertEquals(replicas.get(0).all(), replicas.get(2).all());
        for (KeyValueStore replica : replicas) {
            assertEquals(replica.all(), new KeyValueStore(replica.log(), Replicas.signer("x")).all(),
                    "incremental index equals one rebuilt from the log");
        }
    }
}
