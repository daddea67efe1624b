package io.strata.crdt.log;

import io.strata.crdt.CrdtException;
import io.strata.ipld.IpldException;
import io.strata.ipld.codec.DagCbor;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multibase;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.MultiformatException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static io.strata.crdt.CrdtException.Code.ENTRY_CID_MISMATCH;
import static io.strata.crdt.CrdtException.Code.ENTRY_MALFORMED;

/**
 * One entry of an OrbitDB v2 operation log: the dag-cbor map
 * {@code {id, payload, next, refs, clock: {id, time}, v: 2}} plus, when signed, {@code key},
 * {@code identity} and {@code sig}. As in OrbitDB, {@code next} and {@code refs} hold CIDs as base58btc
 * strings rather than IPLD links. The entry is identified by the CIDv1 (dag-cbor, sha2-256) of its bytes;
 * fields this class does not know are kept in those bytes untouched. Immutable; equal when the CIDs are.
 */
public final class LogEntry {

    public static final long VERSION = 2;

    private static final List<String> UNSIGNED_FIELDS = List.of("id", "payload", "next", "refs", "clock", "v");

    private static final byte[] VERSION_FIELD = concat(DagCbor.encode("v"), DagCbor.encode(VERSION));
    private static final byte[] ID_KEY = DagCbor.encode("id");
    private static final byte[] NEXT_KEY = DagCbor.encode("next");
    private static final byte[] REFS_KEY = DagCbor.encode("refs");
    private static final byte[] CLOCK_KEY = DagCbor.encode("clock");
    private static final byte[] PAYLOAD_KEY = DagCbor.encode("payload");
    private static final byte[] KEY_KEY = DagCbor.encode("key");
    private static final byte[] SIG_KEY = DagCbor.encode("sig");
    private static final byte[] IDENTITY_KEY = DagCbor.encode("identity");
    private static final int CBOR_MAP = 0xa0;

    private final Cid cid;
    private final byte[] bytes;
    private final String logId;
    private final Object payload;
    private final List<Cid> next;
    private final List<Cid> refs;
    private final LamportClock clock;
    private final EntrySignature signature;
    private final Map<?, ?> fields;
    private final byte[] unsignedBytes;
    private String hash;

    private LogEntry(Map<?, ?> fields, byte[] unsignedBytes, Cid cid, byte[] bytes, String logId, Object payload,
                     List<Cid> next, List<Cid> refs, LamportClock clock, EntrySignature signature) {
        this.fields = fields;
        this.unsignedBytes = unsignedBytes;
        this.cid = cid;
        this.bytes = bytes;
        this.logId = logId;
        this.payload = payload;
        this.next = next;
        this.refs = refs;
        this.clock = clock;
        this.signature = signature;
    }

    /** An unsigned entry. */
    public static LogEntry create(String logId, Object payload, List<Cid> next, List<Cid> refs, LamportClock clock) {
        return build(logId, payload, v1(next), hashes(next), v1(refs), hashes(refs), clock, null);
    }

    /** An entry signed by {@code signer} over its unsigned bytes, as OrbitDB signs. */
    public static LogEntry create(String logId, Object payload, List<Cid> next, List<Cid> refs, LamportClock clock,
                                  EntrySigner signer) {
        return build(logId, payload, v1(next), hashes(next), v1(refs), hashes(refs), clock,
                Objects.requireNonNull(signer, "signer"));
    }

    /** An entry after entries at hand (the log's own), reusing their hashes; {@code signer} null for none. */
    static LogEntry append(String logId, Object payload, List<LogEntry> next, List<LogEntry> refs,
                           LamportClock clock, EntrySigner signer) {
        return build(logId, payload, next.stream().map(LogEntry::cid).toList(),
                next.stream().map(LogEntry::hash).toList(), refs.stream().map(LogEntry::cid).toList(),
                refs.stream().map(LogEntry::hash).toList(), clock, signer);
    }

    /**
     * Encodes the entry field by field, in dag-cbor's canonical key order ({@code v, id, key, sig, next,
     * refs, clock, payload, identity}: by length, then bytewise), so the unsigned fields after {@code id} are
     * encoded once and shared by the signed and unsigned bytes; the result is the canonical encoding of the
     * whole map, as a generic encoder would write it.
     */
    private static LogEntry build(String logId, Object payload, List<Cid> next, List<String> nextHashes,
                                  List<Cid> refs, List<String> refHashes, LamportClock clock, EntrySigner signer) {
        byte[] payloadBytes = DagCbor.encode(Objects.requireNonNull(payload, "payload"));
        byte[] id = DagCbor.encode(Objects.requireNonNull(logId, "logId"));
        byte[] linked = concat(NEXT_KEY, DagCbor.encode(nextHashes), REFS_KEY, DagCbor.encode(refHashes),
                CLOCK_KEY, DagCbor.encode(Map.of("id", clock.id(), "time", clock.time())), PAYLOAD_KEY, payloadBytes);
        byte[] unsigned = concat(new byte[] {(byte) (CBOR_MAP | 6)}, VERSION_FIELD, ID_KEY, id, linked);
        EntrySignature signature = null;
        byte[] bytes = unsigned;
        if (signer != null) {
            signature = signer.sign(unsigned.clone());
            bytes = concat(new byte[] {(byte) (CBOR_MAP | 9)}, VERSION_FIELD, ID_KEY, id,
                    KEY_KEY, DagCbor.encode(signature.key()), SIG_KEY, DagCbor.encode(signature.sig()), linked,
                    IDENTITY_KEY, DagCbor.encode(signature.identity()));
        }
        return new LogEntry(null, unsigned, Cid.of(Multicodec.DAG_CBOR, Multicodec.SHA2_256, bytes), bytes, logId,
                DagCbor.decode(payloadBytes), next, refs, clock, signature);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] joined = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, offset, part.length);
            offset += part.length;
        }
        return joined;
    }

    private static List<Cid> v1(List<Cid> cids) {
        return cids.stream().map(Cid::toV1).toList();
    }

    private static List<String> hashes(List<Cid> cids) {
        return cids.stream().map(cid -> cid.toV1().toString(Multibase.BASE58BTC)).toList();
    }

    /** Decodes an entry fetched under {@code expected}, checking that the bytes hash to it. */
    public static LogEntry decode(Cid expected, byte[] bytes) {
        LogEntry entry = decode(bytes);
        if (!entry.cid.equals(expected)) {
            throw new CrdtException(ENTRY_CID_MISMATCH, "entry bytes hash to " + entry.cid + ", not " + expected);
        }
        return entry;
    }

    /**
     * @throws CrdtException {@code ENTRY_MALFORMED} unless {@code bytes} are strict dag-cbor of an OrbitDB v2 entry
     */
    public static LogEntry decode(byte[] bytes) {
        Object decoded;
        try {
            decoded = DagCbor.decode(bytes);
        } catch (IpldException e) {
            throw new CrdtException(ENTRY_MALFORMED, "entry is not strict dag-cbor: " + e.getMessage(), e);
        }
        if (!(decoded instanceof Map<?, ?> map)) {
            throw new CrdtException(ENTRY_MALFORMED, "an entry is a dag-cbor map");
        }
        if (!Long.valueOf(VERSION).equals(map.get("v"))) {
            throw new CrdtException(ENTRY_MALFORMED, "only version 2 entries are supported, got v=" + map.get("v"));
        }
        String logId = string(map, "id");
        Object payload = map.get("payload");
        if (payload == null) {
            throw new CrdtException(ENTRY_MALFORMED, "entry has no payload");
        }
        LamportClock clock = clock(map.get("clock"));
        EntrySignature signature = null;
        if (map.containsKey("key") || map.containsKey("identity") || map.containsKey("sig")) {
            signature = new EntrySignature(string(map, "key"), string(map, "identity"), string(map, "sig"));
        }
        byte[] copy = bytes.clone();
        return new LogEntry(map, null, Cid.of(Multicodec.DAG_CBOR, Multicodec.SHA2_256, copy), copy, logId, payload,
                cids(map, "next"), cids(map, "refs"), clock, signature);
    }

    private static String string(Map<?, ?> map, String field) {
        if (map.get(field) instanceof String value) {
            return value;
        }
        throw new CrdtException(ENTRY_MALFORMED, "entry field '" + field + "' must be a string, got " + map.get(field));
    }

    private static LamportClock clock(Object value) {
        if (value instanceof Map<?, ?> clock && clock.get("id") instanceof String id
                && clock.get("time") instanceof Long time && time >= 0) {
            return new LamportClock(id, time);
        }
        throw new CrdtException(ENTRY_MALFORMED, "entry clock must be {id: string, time: integer >= 0}, got " + value);
    }

    private static List<Cid> cids(Map<?, ?> map, String field) {
        if (!(map.get(field) instanceof List<?> list)) {
            throw new CrdtException(ENTRY_MALFORMED, "entry field '" + field + "' must be a list of CID strings");
        }
        List<Cid> cids = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String text)) {
                throw new CrdtException(ENTRY_MALFORMED, "entry field '" + field + "' holds a non-string " + item);
            }
            try {
                cids.add(Cid.parse(text).toV1());
            } catch (MultiformatException e) {
                throw new CrdtException(ENTRY_MALFORMED, "entry field '" + field + "' holds an invalid CID " + text, e);
            }
        }
        return List.copyOf(cids);
    }

    public Cid cid() {
        return cid;
    }

    /** The CID in base58btc, as OrbitDB names entries (and as {@code next} and {@code refs} hold them). */
    public String hash() {
        String known = hash;
        if (known == null) {
            known = cid.toString(Multibase.BASE58BTC);
            hash = known;
        }
        return known;
    }

    /** The dag-cbor bytes the CID names (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The {@code id} field: the log this entry belongs to. */
    public String logId() {
        return logId;
    }

    /** The payload as an IPLD data model value. */
    public Object payload() {
        return payload;
    }

    /** The log's heads when this entry was appended: its direct causal predecessors. */
    public List<Cid> next() {
        return next;
    }

    /** Skip references to older entries, for faster traversal and fetching. */
    public List<Cid> refs() {
        return refs;
    }

    public LamportClock clock() {
        return clock;
    }

    public Optional<EntrySignature> signature() {
        return Optional.ofNullable(signature);
    }

    /** The dag-cbor encoding of {@code {id, payload, next, refs, clock, v}}: what the signature covers. */
    public byte[] unsignedBytes() {
        if (unsignedBytes != null) {
            return unsignedBytes.clone();
        }
        Map<String, Object> unsigned = new LinkedHashMap<>();
        for (String field : UNSIGNED_FIELDS) {
            unsigned.put(field, fields.get(field));
        }
        return DagCbor.encode(unsigned);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogEntry entry && cid.equals(entry.cid);
    }

    @Override
    public int hashCode() {
        return cid.hashCode();
    }

    @Override
    public String toString() {
        return "LogEntry{" + cid + ", clock=" + clock.id() + "@" + clock.time() + ", next=" + next.size() + "}";
    }
}
