package io.strata.bitswap;

import io.strata.multiformats.Cid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The wants one side holds for one peer, with the changes not yet sent. A want-block is never
 * downgraded to a want-have: once a peer is asked for the block, a later want-have for the same CID
 * only raises the priority.
 */
public final class Wantlist {

    public record Want(Cid cid, int priority, WantType type, boolean sendDontHave) {
        BitswapMessage.Entry toEntry() {
            return BitswapMessage.Entry.want(cid, priority, type, sendDontHave);
        }
    }

    private final Map<Cid, Want> wants = new LinkedHashMap<>();
    private final Map<Cid, BitswapMessage.Entry> unsent = new LinkedHashMap<>();

    /** Adds or strengthens a want; true when the wantlist changed. */
    public boolean add(Cid cid, int priority, WantType type, boolean sendDontHave) {
        Want existing = wants.get(cid);
        Want merged = existing == null ? new Want(cid, priority, type, sendDontHave)
                : new Want(cid, Math.max(existing.priority(), priority),
                        existing.type() == WantType.BLOCK ? WantType.BLOCK : type,
                        existing.sendDontHave() || sendDontHave);
        if (merged.equals(existing)) {
            return false;
        }
        wants.put(cid, merged);
        unsent.put(cid, merged.toEntry());
        return true;
    }

    /**
     * Sends a held want again with the next delta, unchanged: the peer may never have received it (a message
     * lost while it left the cluster) or may have forgotten it (it restarted). True when the want is held.
     */
    public boolean resend(Cid cid) {
        Want want = wants.get(cid);
        if (want == null) {
            return false;
        }
        unsent.put(cid, want.toEntry());
        return true;
    }

    /** Removes a want; true when it was present. */
    public boolean cancel(Cid cid) {
        if (wants.remove(cid) == null) {
            return false;
        }
        unsent.put(cid, BitswapMessage.Entry.cancel(cid));
        return true;
    }

    /**
     * Forgets a want without announcing it: the peer already knows (it sent us the block, or we are the
     * receiving side and served it).
     */
    public boolean remove(Cid cid) {
        unsent.remove(cid);
        return wants.remove(cid) != null;
    }

    /** Applies a received message's wantlist: a full list replaces this one, a delta edits it. */
    public void apply(List<BitswapMessage.Entry> entries, boolean full) {
        if (full) {
            wants.clear();
        }
        for (BitswapMessage.Entry entry : entries) {
            if (entry.cancel()) {
                wants.remove(entry.cid());
            } else {
                add(entry.cid(), entry.priority(), entry.wantType(), entry.sendDontHave());
            }
        }
        unsent.clear();
    }

    public Optional<Want> get(Cid cid) {
        return Optional.ofNullable(wants.get(cid));
    }

    public boolean contains(Cid cid) {
        return wants.containsKey(cid);
    }

    public int size() {
        return wants.size();
    }

    /** Every want, most urgent first, ties in insertion order. */
    public List<Want> entries() {
        List<Want> sorted = new ArrayList<>(wants.values());
        sorted.sort(Comparator.comparingInt(Want::priority).reversed());
        return sorted;
    }

    /** The changes since the last call (adds and cancels), for a delta message; clears them. */
    public List<BitswapMessage.Entry> drainDelta() {
        List<BitswapMessage.Entry> delta = List.copyOf(unsent.values());
        unsent.clear();
        return delta;
    }

    /** The whole wantlist as entries of a full message; the pending delta is subsumed by it. */
    public List<BitswapMessage.Entry> drainFull() {
        unsent.clear();
        return entries().stream().map(Want::toEntry).toList();
    }
}
