package io.strata.orbit.store;

import io.strata.crdt.log.EntrySigner;
import io.strata.crdt.log.LogEntry;
import io.strata.crdt.log.OperationLog;
import io.strata.multiformats.Cid;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * OrbitDB's {@code events} database: an append-only feed of {@code ADD} entries, read newest first in the
 * log's traversal order.
 */
public final class EventsStore extends OrbitStore {

    /** One event: the entry that added it and its value. */
    public record Event(Cid cid, Object value, LogEntry entry) {
    }

    /**
     * Bounds of an iteration, as OrbitDB's {@code iterator({gt, gte, lt, lte, amount})}: {@code lt}/{@code lte}
     * start below (or at) an event, {@code gt}/{@code gte} stop above (or at) one; positions are those of the
     * newest-first traversal. With a lower bound and a limit, the {@code limit} events nearest that bound
     * are returned, as OrbitDB does. A limit below 0 means none.
     */
    public record Query(Cid gt, Cid gte, Cid lt, Cid lte, int limit) {

        public static final Query ALL = new Query(null, null, null, null, -1);

        public Query {
            if (gt != null && gte != null) {
                throw new IllegalArgumentException("give gt or gte, not both");
            }
            if (lt != null && lte != null) {
                throw new IllegalArgumentException("give lt or lte, not both");
            }
        }

        public Query withLimit(int limit) {
            return new Query(gt, gte, lt, lte, limit);
        }
    }

    public EventsStore(OperationLog log, EntrySigner signer) {
        super(log, signer);
        indexExistingEntries();
    }

    @Override
    public StoreType type() {
        return StoreType.EVENTS;
    }

    /** @param value any IPLD data model value */
    public LogEntry add(Object value) {
        return append(new Operation(Operation.ADD, null, Objects.requireNonNull(value, "value")));
    }

    public Optional<Object> get(Cid cid) {
        return log().get(cid).flatMap(Operation::of).map(Operation::value);
    }

    /** The events within {@code query}'s bounds, newest first. */
    public List<Event> iterator(Query query) {
        if (query.limit() == 0) {
            return List.of();
        }
        Cid upper = query.lt() != null ? query.lt() : query.lte();
        boolean upperInclusive = query.lte() != null;
        Cid lower = query.gt() != null ? query.gt() : query.gte();
        boolean lowerInclusive = query.gte() != null;
        boolean keepNearestLower = lower != null && query.limit() > 0;
        Deque<Event> selected = new ArrayDeque<>();
        boolean started = upper == null;
        for (LogEntry entry : (Iterable<LogEntry>) log().traverse()::iterator) {
            if (!started) {
                started = entry.cid().equals(upper);
                if (!started || !upperInclusive) {
                    continue;
                }
            }
            boolean atLower = entry.cid().equals(lower);
            if (!atLower || lowerInclusive) {
                selected.addLast(event(entry));
                if (keepNearestLower && selected.size() > query.limit()) {
                    selected.removeFirst();
                }
            }
            if (atLower || (!keepNearestLower && query.limit() > 0 && selected.size() == query.limit())) {
                break;
            }
        }
        return new ArrayList<>(selected);
    }

    /** Every event, oldest first (as OrbitDB's {@code all}). */
    public List<Event> all() {
        List<Event> events = new ArrayList<>(iterator(Query.ALL));
        Collections.reverse(events);
        return events;
    }

    private static Event event(LogEntry entry) {
        return new Event(entry.cid(), Operation.of(entry).map(Operation::value).orElse(null), entry);
    }

    /** The log itself is this store's index: events are read by traversing it, so nothing is folded or saved. */
    @Override
    protected void index(LogEntry entry) {
    }

    @Override
    protected Object indexToDataModel() {
        return null;
    }

    @Override
    protected void loadIndex(Object snapshot) {
    }
}
