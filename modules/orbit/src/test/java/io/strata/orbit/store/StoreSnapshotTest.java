package io.strata.orbit.store;

import io.strata.crdt.log.EntryFetcher;
import io.strata.crdt.log.LogEntry;
import io.strata.multiformats.Cid;
import io.strata.orbit.OrbitException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A store reopened from a snapshot of its index, its heads and the entries it gained since that snapshot
 * answers as the original does, having decoded only those entries: the rest of its log is read only when a
 * traversal reaches it.
 */
class StoreSnapshotTest {

    /** What a node keeps on disk for one store: every entry, counting the reads a reopened store makes. */
    private static final class Disk implements EntryFetcher {
        final Map<Cid, byte[]> blocks = new HashMap<>();
        final List<Cid> read = new ArrayList<>();

        void keep(OrbitStore store) {
            store.log().traverse().forEach(entry -> blocks.put(entry.cid(), entry.bytes()));
        }

        @Override
        public Optional<byte[]> fetch(Cid cid) {
            read.add(cid);
            return Optional.ofNullable(blocks.get(cid));
        }
    }

    /** Entries of {@code store} that {@code snapshotHeads} do not reach, as a journal would list them. */
    private static List<LogEntry> newerThan(OrbitStore store, List<LogEntry> snapshotHeads) {
        Set<LogEntry> covered = Set.copyOf(store.log().traverse(snapshotHeads).toList());
        return store.log().traverse().filter(entry -> !covered.contains(entry)).toList();
    }

    /** Reopens {@code original} as a node would; only the snapshot's heads may be read, to check them. */
    private static <S extends OrbitStore> S reopen(S original, byte[] snapshot, List<LogEntry> snapshotHeads,
                                                   List<LogEntry> newer, Disk disk, Function<String, S> fresh) {
        disk.keep(original);
        S reopened = fresh.apply("a");
        reopened.resume(original.log().heads(), disk, snapshot, newer);
        assertEquals(snapshotHeads.stream().map(LogEntry::cid).toList(), disk.read,
                "resuming reads nothing from disk but the snapshot's heads");
        assertEquals(original.log().size(), reopened.log().size());
        return reopened;
    }

    @Test
    void keyValueResumesFromItsSnapshotAndTheNewerEntriesOnly() {
        KeyValueStore original = new KeyValueStore(Replicas.log("a"), Replicas.signer("a"));
        KeyValueStore other = new KeyValueStore(Replicas.log("b"), Replicas.signer("b"));
        for (int i = 0; i < 300; i++) {
            original.put("k" + (i % 40), (long) i);
            other.put("k" + (i % 25), "b" + i);
        }
        original.del("k3");
        byte[] snapshot = original.snapshot();
        List<LogEntry> snapshotHeads = original.log().heads();
        original.join(other);
        original.put("k1", "after the snapshot");
        original.del("k2");
        List<LogEntry> newer = newerThan(original, snapshotHeads);
        assertEquals(302, newer.size());

        Disk disk = new Disk();
        KeyValueStore reopened = reopen(original, snapshot, snapshotHeads, newer, disk,
                writer -> new KeyValueStore(Replicas.log(writer), Replicas.signer(writer)));
        assertEquals(original.all(), reopened.all());
        assertEquals(Optional.of("after the snapshot"), reopened.get("k1"));
        assertEquals(Optional.empty(), reopened.get("k3"));

        assertEquals(original.put("k9", "both").cid(), reopened.put("k9", "both").cid(),
                "the reopened log appends the very entry the original does");
        assertEquals(original.log().values(), reopened.log().values());
    }

    @Test
    void documentsRebuildTheirFieldIndexesFromTheSnapshot() {
        DocumentsStore original = new DocumentsStore(Replicas.log("a"), Replicas.signer("a"), "_id", List.of("group"));
        for (int i = 0; i < 200; i++) {
            original.put(Map.of("_id", "d" + (i % 70), "group", (long) (i % 7), "n", (long) i));
        }
        byte[] snapshot = original.snapshot();
        List<LogEntry> snapshotHeads = original.log().heads();
        original.del("d5");
        original.put(Map.of("_id", "d6", "group", 100L));
        List<LogEntry> newer = newerThan(original, snapshotHeads);

        DocumentsStore reopened = reopen(original, snapshot, snapshotHeads, newer, new Disk(), writer ->
                new DocumentsStore(Replicas.log(writer), Replicas.signer(writer), "_id", List.of("group")));
        assertEquals(original.all(), reopened.all());
        for (long group : List.of(0L, 5L, 100L)) {
            List<DocumentCondition> where = List.of(DocumentCondition.equal("group", group));
            assertEquals(original.query(where), reopened.query(where));
        }
        List<DocumentCondition> range = List.of(DocumentCondition.range("group", 2L, null, null, 4L));
        assertEquals(original.query(range), reopened.query(range));
        assertEquals(List.of(), reopened.query(List.of(DocumentCondition.equal("_id", "d5"))));
    }

    @Test
    void aCounterResumesItsTotalsWithoutCountingAnEntryTwice() {
        CounterStore original = new CounterStore(Replicas.log("a"), Replicas.signer("a"));
        for (int i = 1; i <= 50; i++) {
            original.increment(i);
        }
        byte[] snapshot = original.snapshot();
        List<LogEntry> snapshotHeads = original.log().heads();
        original.decrement(25);
        List<LogEntry> newer = newerThan(original, snapshotHeads);

        CounterStore reopened = reopen(original, snapshot, snapshotHeads, newer, new Disk(),
                writer -> new CounterStore(Replicas.log(writer), Replicas.signer(writer)));
        assertEquals(1275 - 25, reopened.value());
        assertEquals(original.state(), reopened.state());
    }

    @Test
    void aSnapshotOfAnotherTypeOrOfHeadsTheLogLacksIsRefused() {
        KeyValueStore keyValue = new KeyValueStore(Replicas.log("a"), Replicas.signer("a"));
        keyValue.put("k", 1L);
        CounterStore counter = new CounterStore(Replicas.log("a"), Replicas.signer("a"));
        counter.increment(1);
        OrbitException wrongType = assertThrows(OrbitException.class, () -> new CounterStore(Replicas.log("a"),
                Replicas.signer("a")).resume(counter.log().heads(), new Disk(), keyValue.snapshot(), List.of()));
        assertEquals(OrbitException.Code.SNAPSHOT_MALFORMED, wrongType.code());

        KeyValueStore unrelated = new KeyValueStore(Replicas.log("b"), Replicas.signer("b"));
        unrelated.put("elsewhere", 2L);
        OrbitException foreignHeads = assertThrows(OrbitException.class, () -> new KeyValueStore(Replicas.log("a"),
                Replicas.signer("a")).resume(keyValue.log().heads(), new Disk(), unrelated.snapshot(), List.of()));
        assertEquals(OrbitException.Code.SNAPSHOT_MALFORMED, foreignHeads.code());
    }
}
