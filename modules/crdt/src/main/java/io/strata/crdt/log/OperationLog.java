package io.strata.crdt.log;

import io.strata.crdt.CrdtException;
import io.strata.multiformats.Cid;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static io.strata.crdt.CrdtException.Code.ENTRY_MISSING;
import static io.strata.crdt.CrdtException.Code.ENTRY_REFUSED;
import static io.strata.crdt.CrdtException.Code.ENTRY_WRONG_LOG;

/**
 * The Merkle-CRDT operation log behind OrbitDB-style stores: a DAG of {@link LogEntry}s linked by
 * {@code next}, whose heads are the entries no other entry follows. The log is causally closed: an entry
 * joins only together with every entry it references, fetched through an {@link EntryFetcher} when
 * missing. Hence the heads, and the traversal order, depend only on the set of entries held, never on the
 * order in which they arrived. Mutable and not thread-safe: one owner (a verticle) drives it.
 */
public final class OperationLog {

    /**
     * OrbitDB's {@code LastWriteWins} order: by clock time, then clock id. OrbitDB leaves entries with equal
     * clocks (one writer forking its log) unordered; we break that tie by CID to stay deterministic.
     */
    public static final Comparator<LogEntry> LAST_WRITE_WINS =
            Comparator.comparing(LogEntry::clock).thenComparing(LogEntry::cid);

    /** How many entries an append walks back for skip references, as OrbitDB's databases default to. */
    public static final int DEFAULT_REFERENCES_COUNT = 16;

    private final String logId;
    private final String writerId;
    private final EntryVerifier verifier;
    private final int referencesCount;
    private final Map<Cid, LogEntry> entries = new HashMap<>();
    private final Set<Cid> heads = new HashSet<>();
    private EntryFetcher persisted = EntryFetcher.NONE;
    private long size;

    /**
     * @param writerId the clock id of entries appended here (OrbitDB uses the writer's public key)
     * @param verifier admits entries, local and joined (signature and access checks)
     */
    public OperationLog(String logId, String writerId, EntryVerifier verifier) {
        this(logId, writerId, verifier, DEFAULT_REFERENCES_COUNT);
    }

    /**
     * @param referencesCount how many entries behind the heads an append walks for its refs (OrbitDB's
     *                        {@code referencesCount}; 0 for none)
     */
    public OperationLog(String logId, String writerId, EntryVerifier verifier, int referencesCount) {
        this.logId = Objects.requireNonNull(logId, "logId");
        this.writerId = Objects.requireNonNull(writerId, "writerId");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        if (referencesCount < 0) {
            throw new IllegalArgumentException("referencesCount must not be negative: " + referencesCount);
        }
        this.referencesCount = referencesCount;
    }

    public String id() {
        return logId;
    }

    /** How many entries the log holds. */
    public long size() {
        return size;
    }

    public boolean has(Cid cid) {
        return entry(cid) != null;
    }

    public Optional<LogEntry> get(Cid cid) {
        return Optional.ofNullable(entry(cid));
    }

    /**
     * An entry of this log: in memory, or reloaded from what the log's owner persisted (see {@link #resume}),
     * checked against its CID and log id, then kept in memory.
     */
    private LogEntry entry(Cid cid) {
        LogEntry known = entries.get(cid);
        if (known != null || persisted == EntryFetcher.NONE) {
            return known;
        }
        Optional<byte[]> bytes = persisted.fetch(cid);
        if (bytes.isEmpty()) {
            return null;
        }
        LogEntry loaded = LogEntry.decode(cid, bytes.get());
        checkLog(loaded);
        entries.put(cid, loaded);
        return loaded;
    }

    /** The heads, latest first. */
    public List<LogEntry> heads() {
        List<LogEntry> sorted = new ArrayList<>(heads.size());
        heads.forEach(cid -> sorted.add(entry(cid)));
        sorted.sort(LAST_WRITE_WINS.reversed());
        return sorted;
    }

    /** This writer's clock: the latest head time (0 for an empty log). */
    public LamportClock clock() {
        long time = 0;
        for (Cid head : heads) {
            time = Math.max(time, entry(head).clock().time());
        }
        return new LamportClock(writerId, time);
    }

    /** Appends an unsigned entry after the current heads. */
    public LogEntry append(Object payload) {
        List<LogEntry> currentHeads = heads();
        return admitAppended(LogEntry.append(logId, payload, currentHeads, references(currentHeads),
                clock().tick(), null));
    }

    /** Appends an entry signed by {@code signer} after the current heads. */
    public LogEntry append(Object payload, EntrySigner signer) {
        List<LogEntry> currentHeads = heads();
        return admitAppended(LogEntry.append(logId, payload, currentHeads, references(currentHeads),
                clock().tick(), Objects.requireNonNull(signer, "signer")));
    }

    private LogEntry admitAppended(LogEntry entry) {
        if (!verifier.acceptsOwn(entry)) {
            throw new CrdtException(ENTRY_REFUSED, "writer " + writerId + " may not append to log " + logId);
        }
        entries.put(entry.cid(), entry);
        size++;
        heads.clear();
        heads.add(entry.cid());
        return entry;
    }

    /**
     * OrbitDB's skip references, as its {@code getReferences} computes them in @orbitdb/core 3: walk
     * {@code referencesCount + heads} entries from the heads in traversal order and keep those after the
     * first {@code heads}, so a replica can fetch that many predecessors in parallel instead of one
     * {@code next} at a time. (OrbitDB's code reads as if it skipped one entry more, but its traversal pops
     * the first head off the array it is given, so the skip is the number of heads; checked against its
     * appended entries in the interop tests.)
     */
    private List<LogEntry> references(List<LogEntry> currentHeads) {
        if (referencesCount == 0) {
            return List.of();
        }
        List<LogEntry> walked = traverse(currentHeads).limit((long) referencesCount + currentHeads.size()).toList();
        int skipped = currentHeads.size();
        return walked.size() <= skipped ? List.of() : walked.subList(skipped, walked.size());
    }

    /** Joins everything another log holds. */
    public List<LogEntry> join(OperationLog other) {
        return join(other.traverse().toList(), EntryFetcher.NONE);
    }

    /**
     * Joins {@code received} and, through {@code fetcher}, every entry they reference that this log lacks.
     * All or nothing: on failure the log is unchanged.
     *
     * @return the entries that were new here, in {@link #LAST_WRITE_WINS} order
     * @throws CrdtException {@code ENTRY_WRONG_LOG}, {@code ENTRY_REFUSED}, {@code ENTRY_MISSING}, or the
     *                       decoding errors of {@link LogEntry#decode(Cid, byte[])} for fetched entries
     */
    public List<LogEntry> join(Collection<LogEntry> received, EntryFetcher fetcher) {
        return join(received, fetcher, true);
    }

    /**
     * Resumes, in an empty log, what this log's owner persisted before (a reopened store): its heads and
     * size, with every other entry left on disk and read through {@code persisted} only when a traversal, a
     * join or a lookup reaches it (checked against its CID and log id, not verified again: it was admitted
     * when it was first joined). So reopening decodes the heads, not the whole log. {@code persisted} must
     * answer only for entries of this log (the log treats what it answers as held).
     */
    public void resume(Collection<LogEntry> persistedHeads, long persistedSize, EntryFetcher persisted) {
        if (size != 0 || !entries.isEmpty()) {
            throw new IllegalStateException("only an empty log resumes a persisted one");
        }
        if (persistedSize < persistedHeads.size()) {
            throw new IllegalArgumentException("a log of " + persistedSize + " entries cannot have "
                    + persistedHeads.size() + " heads");
        }
        persistedHeads.forEach(this::checkLog);
        this.persisted = Objects.requireNonNull(persisted, "persisted");
        persistedHeads.forEach(head -> {
            entries.put(head.cid(), head);
            heads.add(head.cid());
        });
        this.size = persistedSize;
    }

    private List<LogEntry> join(Collection<LogEntry> received, EntryFetcher fetcher, boolean verify) {
        Map<Cid, LogEntry> offered = new HashMap<>();
        received.forEach(entry -> offered.put(entry.cid(), entry));
        Map<Cid, LogEntry> added = new LinkedHashMap<>();
        Deque<LogEntry> work = new ArrayDeque<>(received);
        while (!work.isEmpty()) {
            LogEntry entry = work.pop();
            if (added.containsKey(entry.cid()) || has(entry.cid())) {
                continue;
            }
            admit(entry, verify);
            added.put(entry.cid(), entry);
            for (List<Cid> links : List.of(entry.next(), entry.refs())) {
                for (Cid link : links) {
                    if (!added.containsKey(link) && !has(link)) {
                        work.push(offered.containsKey(link) ? offered.get(link) : fetch(link, entry, fetcher));
                    }
                }
            }
        }
        entries.putAll(added);
        size += added.size();
        heads.addAll(added.keySet());
        added.values().forEach(entry -> entry.next().forEach(heads::remove));
        List<LogEntry> joined = new ArrayList<>(added.values());
        joined.sort(LAST_WRITE_WINS);
        return joined;
    }

    private void checkLog(LogEntry entry) {
        if (!entry.logId().equals(logId)) {
            throw new CrdtException(ENTRY_WRONG_LOG, "entry " + entry.cid() + " belongs to log '" + entry.logId()
                    + "', not '" + logId + "'");
        }
    }

    private void admit(LogEntry entry, boolean verify) {
        checkLog(entry);
        if (verify && !verifier.accepts(entry)) {
            throw new CrdtException(ENTRY_REFUSED, "entry " + entry.cid() + " by " + entry.clock().id()
                    + " was refused by the log's verifier");
        }
    }

    private static LogEntry fetch(Cid cid, LogEntry referrer, EntryFetcher fetcher) {
        byte[] bytes = fetcher.fetch(cid).orElseThrow(() -> new CrdtException(ENTRY_MISSING,
                "entry " + cid + " referenced by " + referrer.cid() + " is neither here nor fetchable"));
        return LogEntry.decode(cid, bytes);
    }

    /**
     * Every entry from the heads back to the roots, latest first: OrbitDB's traversal, which always takes
     * the greatest entry (by {@link #LAST_WRITE_WINS}) among those reached but not yet visited. Lazy.
     */
    public Stream<LogEntry> traverse() {
        return traverse(heads());
    }

    /** The entries reachable from {@code start} (entries of this log), latest first. */
    public Stream<LogEntry> traverse(Collection<LogEntry> start) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(new Traversal(start),
                Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL), false);
    }

    /** Every entry, oldest first (OrbitDB's {@code values()}). */
    public List<LogEntry> values() {
        List<LogEntry> values = new ArrayList<>(traverse().toList());
        Collections.reverse(values);
        return values;
    }

    /** Each entry enters the queue once, when first reached; the queue always yields the greatest. */
    private final class Traversal implements Iterator<LogEntry> {
        private final PriorityQueue<LogEntry> queued = new PriorityQueue<>(LAST_WRITE_WINS.reversed());
        private final Set<Cid> reached = new HashSet<>();

        Traversal(Collection<LogEntry> start) {
            start.forEach(this::reach);
        }

        private void reach(LogEntry entry) {
            if (reached.add(entry.cid())) {
                queued.add(entry);
            }
        }

        @Override
        public boolean hasNext() {
            return !queued.isEmpty();
        }

        @Override
        public LogEntry next() {
            LogEntry entry = queued.poll();
            if (entry == null) {
                throw new NoSuchElementException();
            }
            reachLinks(entry.next());
            reachLinks(entry.refs());
            return entry;
        }

        private void reachLinks(List<Cid> links) {
            for (Cid link : links) {
                if (!reached.contains(link)) {
                    LogEntry linked = entry(link);
                    if (linked != null) {
                        reached.add(link);
                        queued.add(linked);
                    }
                }
            }
        }
    }
}
