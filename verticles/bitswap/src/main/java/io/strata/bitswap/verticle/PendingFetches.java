package io.strata.bitswap.verticle;

import io.strata.multiformats.Cid;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CIDs this node is fetching, each with the callers waiting for it and a deadline of its own, plus the
 * prefetch hints that keep a CID wanted with nobody waiting yet. Time is passed in (milliseconds on any
 * monotonic clock), so expiry is tested without a clock.
 *
 * @param <W> what a waiting caller is (a Promise in the verticle)
 */
final class PendingFetches<W> {

    /** Callers whose deadline passed, and whether their CID is now wanted by nobody (so it can be cancelled). */
    record Expired<W>(Cid cid, List<W> waiters, boolean abandoned) {
    }

    private record Waiter<W>(W waiter, long deadline) {
    }

    private static final class Entry<W> {
        final List<Waiter<W>> waiters = new ArrayList<>();
        long hintDeadline = Long.MIN_VALUE;
    }

    private final Map<Cid, Entry<W>> entries = new LinkedHashMap<>();

    /** Adds a caller waiting for {@code cid} until {@code deadline}; true when the CID was not wanted before. */
    boolean await(Cid cid, W waiter, long deadline) {
        boolean isNew = !entries.containsKey(cid);
        entries.computeIfAbsent(cid, c -> new Entry<>()).waiters.add(new Waiter<>(waiter, deadline));
        return isNew;
    }

    /** Keeps {@code cid} wanted until at least {@code deadline}; true when the CID was not wanted before. */
    boolean hint(Cid cid, long deadline) {
        boolean isNew = !entries.containsKey(cid);
        Entry<W> entry = entries.computeIfAbsent(cid, c -> new Entry<>());
        entry.hintDeadline = Math.max(entry.hintDeadline, deadline);
        return isNew;
    }

    boolean contains(Cid cid) {
        return entries.containsKey(cid);
    }

    /** The block arrived: removes the CID and answers who waited for it. */
    List<W> complete(Cid cid) {
        Entry<W> entry = entries.remove(cid);
        return entry == null ? List.of() : entry.waiters.stream().map(Waiter::waiter).toList();
    }

    /**
     * Removes every caller whose deadline is at or before {@code now}, and every CID left with no caller and
     * no live hint.
     */
    List<Expired<W>> expire(long now) {
        List<Expired<W>> expired = new ArrayList<>();
        Iterator<Map.Entry<Cid, Entry<W>>> iterator = entries.entrySet().iterator();
        while (iterator.hasNext()) {
            Map.Entry<Cid, Entry<W>> next = iterator.next();
            Entry<W> entry = next.getValue();
            List<W> late = new ArrayList<>();
            entry.waiters.removeIf(waiter -> {
                if (waiter.deadline() <= now) {
                    late.add(waiter.waiter());
                    return true;
                }
                return false;
            });
            boolean abandoned = entry.waiters.isEmpty() && entry.hintDeadline <= now;
            if (abandoned) {
                iterator.remove();
            }
            if (!late.isEmpty() || abandoned) {
                expired.add(new Expired<>(next.getKey(), late, abandoned));
            }
        }
        return expired;
    }

    int size() {
        return entries.size();
    }

    Set<Cid> cids() {
        return Set.copyOf(entries.keySet());
    }
}
