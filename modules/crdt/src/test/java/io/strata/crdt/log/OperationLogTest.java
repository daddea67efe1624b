package io.strata.crdt.log;

import io.strata.crdt.CrdtException;
import io.strata.ipld.codec.DagCbor;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multibase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperationLogTest {

    private static OperationLog log(String writer) {
        return new OperationLog("log-1", writer, entry -> true);
    }

    @Test
    void appendFollowsTheHeadsAndTicksTheClock() {
        OperationLog log = log("w");
        LogEntry first = log.append("one");
        LogEntry second = log.append("two");
        assertEquals(List.of(), first.next());
        assertEquals(new LamportClock("w", 1), first.clock());
        assertEquals(List.of(first.cid()), second.next());
        assertEquals(new LamportClock("w", 2), second.clock());
        assertEquals(List.of(second), log.heads());
        assertEquals(List.of(first, second), log.values());
        assertEquals(Optional.of(first), log.get(first.cid()));
    }

    @Test
    void refsListTheEntriesBehindTheHeadsAsOrbitDbDoes() {
        OperationLog log = new OperationLog("log-1", "w", entry -> true, 16);
        List<LogEntry> appended = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            appended.add(log.append((long) i));
        }
        LogEntry latest = log.append("latest");
        assertEquals(List.of(appended.get(19).cid()), latest.next());
        List<Cid> expected = new ArrayList<>();
        for (int i = 18; i >= 3; i--) {
            expected.add(appended.get(i).cid());
        }
        assertEquals(expected, latest.refs(), "the 16 entries walked past the one head");
        assertEquals(List.of(), new OperationLog("log-1", "w", entry -> true, 0).append("x").refs());
    }

    @Test
    void joiningDivergentLogsGivesTwoHeadsThatTheNextAppendFollows() {
        OperationLog a = log("a");
        OperationLog b = log("b");
        LogEntry shared = a.append("shared");
        b.join(a);
        LogEntry onA = a.append("on a");
        LogEntry onB1 = b.append("on b");
        LogEntry onB2 = b.append("on b again");
        a.join(b);
        assertEquals(List.of(onB2, onA), a.heads());
        LogEntry merge = a.append("merge");
        assertEquals(List.of(onB2.cid(), onA.cid()), merge.next());
        assertEquals(4, merge.clock().time());
        assertEquals(List.of(shared, onA, onB1, onB2, merge), a.values());
    }

    @Test
    void concurrentEntriesWithEqualTimesAreOrderedByClockId() {
        OperationLog a = log("a");
        OperationLog b = log("b");
        LogEntry fromA = a.append("x");
        LogEntry fromB = b.append("y");
        a.join(b);
        assertEquals(List.of(fromB, fromA), a.traverse().toList());
    }

    @Test
    void missingPredecessorsAreFetchedByCid() {
        OperationLog source = log("w");
        Map<Cid, byte[]> blocks = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            LogEntry entry = source.append((long) i);
            blocks.put(entry.cid(), entry.bytes());
        }
        OperationLog replica = log("r");
        List<Cid> fetched = new ArrayList<>();
        List<LogEntry> added = replica.join(source.heads(), cid -> {
            fetched.add(cid);
            return Optional.ofNullable(blocks.get(cid));
        });
        assertEquals(5, added.size());
        assertEquals(4, fetched.size());
        assertEquals(source.values(), replica.values());
    }

    @Test
    void anUnfetchableEntryLeavesTheLogUnchanged() {
        OperationLog source = log("w");
        source.append("a");
        source.append("b");
        OperationLog replica = log("r");
        CrdtException error = assertThrows(CrdtException.class,
                () -> replica.join(source.heads(), EntryFetcher.NONE));
        assertEquals(CrdtException.Code.ENTRY_MISSING, error.code());
        assertEquals(0, replica.size());
        assertEquals(List.of(), replica.heads());
    }

    @Test
    void fetchedBytesMustHashToTheRequestedCid() {
        OperationLog source = log("w");
        LogEntry first = source.append("a");
        source.append("b");
        byte[] other = log("x").append("impostor").bytes();
        CrdtException error = assertThrows(CrdtException.class,
                () -> log("r").join(source.heads(), cid -> Optional.of(other)));
        assertEquals(CrdtException.Code.ENTRY_CID_MISMATCH, error.code());
        assertTrue(error.getMessage().contains(first.cid().toString()));
    }

    @Test
    void entriesOfAnotherLogOrRefusedByTheVerifierDoNotJoin() {
        LogEntry foreign = new OperationLog("log-2", "w", entry -> true).append("a");
        CrdtException wrongLog = assertThrows(CrdtException.class,
                () -> log("r").join(List.of(foreign), EntryFetcher.NONE));
        assertEquals(CrdtException.Code.ENTRY_WRONG_LOG, wrongLog.code());

        LogEntry fromMallory = new OperationLog("log-1", "mallory", entry -> true).append("a");
        OperationLog guarded = new OperationLog("log-1", "r", entry -> !entry.clock().id().equals("mallory"));
        CrdtException refused = assertThrows(CrdtException.class,
                () -> guarded.join(List.of(fromMallory), EntryFetcher.NONE));
        assertEquals(CrdtException.Code.ENTRY_REFUSED, refused.code());
        assertFalse(guarded.has(fromMallory.cid()));
    }

    @Test
    void entriesHaveTheOrbitDbV2Shape() {
        OperationLog log = log("w");
        LogEntry first = log.append(Map.of("op", "PUT", "key", "k", "value", 1L));
        LogEntry second = log.append("x");
        Map<?, ?> fields = (Map<?, ?>) DagCbor.decode(second.bytes());
        assertEquals(List.of("v", "id", "next", "refs", "clock", "payload"), List.copyOf(fields.keySet()),
                "dag-cbor orders keys by length, then bytewise");
        assertEquals("log-1", fields.get("id"));
        assertEquals(2L, fields.get("v"));
        assertEquals(Map.of("id", "w", "time", 2L), fields.get("clock"));
        assertEquals(List.of(first.cid().toString(Multibase.BASE58BTC)), fields.get("next"));
        assertTrue(((String) ((List<?>) fields.get("next")).get(0)).startsWith("zdpu"),
                "OrbitDB writes dag-cbor CIDv1 as base58btc strings");
        assertEquals(Cid.of(io.strata.multiformats.Multicodec.DAG_CBOR, io.strata.multiformats.Multicodec.SHA2_256,
                second.bytes()), second.cid());
    }

    @Test
    void signedEntriesCarryKeyIdentityAndSignatureOverTheUnsignedBytes() {
        List<byte[]> signed = new ArrayList<>();
        EntrySigner signer = bytes -> {
            signed.add(bytes);
            return new EntrySignature("02abcd", "zdpuIdentity", "3045sig");
        };
        LogEntry entry = log("w").append("payload", signer);
        assertEquals(Optional.of(new EntrySignature("02abcd", "zdpuIdentity", "3045sig")), entry.signature());
        assertArrayEquals(signed.get(0), entry.unsignedBytes());
        Map<?, ?> fields = (Map<?, ?>) DagCbor.decode(entry.bytes());
        assertEquals("3045sig", fields.get("sig"));
        assertEquals(entry.signature(), LogEntry.decode(entry.bytes()).signature());
        assertTrue(log("w").append("payload").signature().isEmpty());
    }

    @Test
    void malformedEntriesAreRejected() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", "log-1");
        fields.put("payload", "x");
        fields.put("next", List.of());
        fields.put("refs", List.of());
        fields.put("clock", Map.of("id", "w", "time", 1L));
        fields.put("v", 1L);
        assertMalformed(DagCbor.encode(fields));
        fields.put("v", 2L);
        fields.put("next", List.of("not a cid"));
        assertMalformed(DagCbor.encode(fields));
        fields.put("next", List.of());
        fields.put("clock", Map.of("id", "w"));
        assertMalformed(DagCbor.encode(fields));
        fields.put("clock", Map.of("id", "w", "time", 1L));
        fields.put("sig", "only a signature");
        assertMalformed(DagCbor.encode(fields));
        assertMalformed(new byte[] {(byte) 0xa1});
    }

    private static void assertMalformed(byte[] bytes) {
        CrdtException error = assertThrows(CrdtException.class, () -> LogEntry.decode(bytes));
        assertEquals(CrdtException.Code.ENTRY_MALFORMED, error.code());
    }

    @Test
    void aResumedLogReadsPersistedEntriesOnlyWhenReachedAndChecksTheirCidsAndLog() {
        OperationLog written = log("w");
        for (int i = 0; i < 200; i++) {
            written.append("entry " + i);
        }
        Map<Cid, byte[]> persisted = new java.util.HashMap<>();
        written.values().forEach(entry -> persisted.put(entry.cid(), entry.bytes()));
        List<Cid> read = new ArrayList<>();
        EntryFetcher counting = cid -> {
            read.add(cid);
            return Optional.ofNullable(persisted.get(cid));
        };

        List<LogEntry> verified = new ArrayList<>();
        OperationLog reopened = new OperationLog("log-1", "w", entry -> verified.add(entry));
        reopened.resume(written.heads(), written.size(), counting);
        assertEquals(written.heads(), reopened.heads());
        assertEquals(200, reopened.size());
        assertEquals(List.of(), read, "resuming reads nothing beyond the heads");

        LogEntry appended = reopened.append("after reopening");
        assertEquals(written.append("after reopening").cid(), appended.cid(), "the same refs as the original log");
        assertTrue(read.size() <= 2 * (OperationLog.DEFAULT_REFERENCES_COUNT + 1),
                "an append reads the entries its refs walk reaches, not the log: " + read.size());
        assertEquals(201, reopened.size());
        assertEquals(written.values(), reopened.values());
        assertEquals(List.of(appended), verified, "persisted entries are not verified again");

        Cid first = written.values().get(0).cid();
        persisted.put(first, written.values().get(1).bytes());
        OperationLog corrupt = new OperationLog("log-1", "w", entry -> false);
        corrupt.resume(written.heads(), written.size(), cid -> Optional.ofNullable(persisted.get(cid)));
        assertEquals(CrdtException.Code.ENTRY_CID_MISMATCH,
                assertThrows(CrdtException.class, corrupt::values).code());
        assertEquals(CrdtException.Code.ENTRY_WRONG_LOG, assertThrows(CrdtException.class,
                () -> new OperationLog("log-2", "w", entry -> true).resume(written.heads(), 201, cid -> Optional.empty()))
                .code());
    }
}
