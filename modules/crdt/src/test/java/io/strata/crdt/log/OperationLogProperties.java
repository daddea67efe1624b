package io.strata.crdt.log;

import io.strata.ipld.codec.DagCbor;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multibase;
import io.strata.multiformats.Multicodec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class OperationLogProperties {

    private static final List<String> WRITERS = List.of("writer-a", "writer-b", "writer-c");

    /** Three writers append and now and then join one another's logs; the result is every entry written. */
    private static Map<Cid, LogEntry> randomHistory(Random random, List<OperationLog> logs) {
        WRITERS.forEach(writer -> logs.add(new OperationLog("log", writer, entry -> true, 1 + random.nextInt(16))));
        Map<Cid, LogEntry> written = new LinkedHashMap<>();
        int steps = 1 + random.nextInt(40);
        for (int step = 0; step < steps; step++) {
            OperationLog log = logs.get(random.nextInt(logs.size()));
            if (random.nextInt(4) == 0) {
                log.join(logs.get(random.nextInt(logs.size())));
            } else {
                LogEntry entry = log.append(Map.of("op", "PUT", "value", (long) step));
                written.put(entry.cid(), entry);
            }
        }
        return written;
    }

    private static EntryFetcher fetcherOver(Map<Cid, LogEntry> entries) {
        return cid -> Optional.ofNullable(entries.get(cid)).map(LogEntry::bytes);
    }

    /** Joins the entries in shuffled batches with duplicates, fetching what a batch lacks. */
    private static OperationLog joinShuffled(Map<Cid, LogEntry> all, Random random) {
        List<LogEntry> deliveries = new ArrayList<>(all.values());
        all.values().stream().filter(entry -> random.nextBoolean()).forEach(deliveries::add);
        Collections.shuffle(deliveries, random);
        OperationLog log = new OperationLog("log", "observer", entry -> true);
        int from = 0;
        while (from < deliveries.size()) {
            int to = Math.min(deliveries.size(), from + 1 + random.nextInt(5));
            log.join(deliveries.subList(from, to), fetcherOver(all));
            from = to;
        }
        return log;
    }

    private static List<Cid> cids(List<LogEntry> entries) {
        return entries.stream().map(LogEntry::cid).toList();
    }

    @Property(tries = 300)
    void joiningTheSameEntriesInAnyOrderGivesTheSameHeadsAndTraversal(@ForAll long seed) {
        Random random = new Random(seed);
        List<OperationLog> writers = new ArrayList<>();
        Map<Cid, LogEntry> all = randomHistory(random, writers);

        OperationLog first = joinShuffled(all, random);
        OperationLog second = joinShuffled(all, random);
        OperationLog fromHeadsOnly = new OperationLog("log", "observer", entry -> true);
        for (OperationLog writer : writers) {
            fromHeadsOnly.join(writer.heads(), fetcherOver(all));
        }
        OperationLog merged = new OperationLog("log", "observer", entry -> true);
        writers.forEach(merged::join);

        for (OperationLog log : List.of(second, fromHeadsOnly, merged)) {
            assertEquals(all.size(), log.size());
            assertEquals(cids(first.heads()), cids(log.heads()));
            assertEquals(cids(first.traverse().toList()), cids(log.traverse().toList()));
            assertEquals(cids(first.values()), cids(log.values()));
        }
    }

    @Property(tries = 300)
    void headsAreTheEntriesNoneFollowsAndTraversalIsLatestFirst(@ForAll long seed) {
        Random random = new Random(seed);
        Map<Cid, LogEntry> all = randomHistory(random, new ArrayList<>());
        OperationLog log = joinShuffled(all, random);

        Set<Cid> followed = new HashSet<>();
        all.values().forEach(entry -> followed.addAll(entry.next()));
        Set<Cid> expectedHeads = new HashSet<>(all.keySet());
        expectedHeads.removeAll(followed);
        assertEquals(expectedHeads, new HashSet<>(cids(log.heads())));

        List<LogEntry> latestFirst = new ArrayList<>(all.values());
        latestFirst.sort(OperationLog.LAST_WRITE_WINS.reversed());
        assertEquals(cids(latestFirst), cids(log.traverse().toList()));
    }

    @Property(tries = 200)
    void entriesRoundTripThroughTheirBytes(@ForAll long seed) {
        Random random = new Random(seed);
        for (LogEntry entry : randomHistory(random, new ArrayList<>()).values()) {
            LogEntry decoded = LogEntry.decode(entry.cid(), entry.bytes());
            assertEquals(entry, decoded);
            assertEquals(entry.next(), decoded.next());
            assertEquals(entry.refs(), decoded.refs());
            assertEquals(entry.clock(), decoded.clock());
            assertArrayEquals(entry.unsignedBytes(), decoded.unsignedBytes());
        }
    }

    @Property(tries = 200)
    void entriesEncodeAsTheGenericEncoderWritesTheirMap(@ForAll long seed) {
        Random random = new Random(seed);
        List<Cid> next = new ArrayList<>();
        List<Cid> refs = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            next.add(Cid.of(Multicodec.DAG_CBOR, Multicodec.SHA2_256,
                    new byte[] {(byte) random.nextInt()}));
        }
        for (int i = random.nextInt(20); i > 0; i--) {
            refs.add(Cid.of(Multicodec.RAW, Multicodec.SHA2_256,
                    new byte[] {(byte) random.nextInt(), (byte) i}));
        }
        Map<String, Object> payload = new HashMap<>();
        payload.put("op", "PUT");
        payload.put("key", "k" + random.nextInt(1000));
        payload.put("value", random.nextBoolean() ? null : (Object) random.nextLong());
        LamportClock clock = new LamportClock("writer-" + random.nextInt(5), random.nextInt(Integer.MAX_VALUE));
        EntrySignature signature = new EntrySignature("02" + Long.toHexString(random.nextLong()),
                "zdpu" + random.nextInt(), "3045" + Long.toHexString(random.nextLong()));
        String logId = "/orbitdb/log-" + random.nextInt(100);

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", logId);
        fields.put("payload", payload);
        fields.put("next", next.stream().map(cid -> cid.toString(Multibase.BASE58BTC)).toList());
        fields.put("refs", refs.stream().map(cid -> cid.toString(Multibase.BASE58BTC)).toList());
        fields.put("clock", Map.of("id", clock.id(), "time", clock.time()));
        fields.put("v", LogEntry.VERSION);
        byte[] unsigned = DagCbor.encode(fields);
        assertArrayEquals(unsigned, LogEntry.create(logId, payload, next, refs, clock).bytes());

        fields.put("key", signature.key());
        fields.put("sig", signature.sig());
        fields.put("identity", signature.identity());
        List<byte[]> signed = new ArrayList<>();
        LogEntry entry = LogEntry.create(logId, payload, next, refs, clock, bytes -> {
            signed.add(bytes);
            return signature;
        });
        assertArrayEquals(DagCbor.encode(fields), entry.bytes());
        assertArrayEquals(unsigned, signed.get(0));
        assertArrayEquals(unsigned, entry.unsignedBytes());
    }
}
