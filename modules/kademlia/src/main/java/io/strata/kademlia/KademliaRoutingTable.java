package io.strata.kademlia;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The k-bucket routing table of one node: a fixed array of 256 buckets where bucket i holds peers
 * whose key shares exactly i leading bits with the local key. This equals the classic
 * split-the-bucket-containing-self tree, unrolled. Each bucket keeps at most k peers ordered from
 * least to most recently seen; a full bucket refuses newcomers, because long-lived peers are the
 * likeliest to stay (Kademlia paper, section 2.2). The caller may ping {@link #leastRecentlySeen}
 * and {@link #remove} it when it does not answer. Not thread-safe.
 */
public final class KademliaRoutingTable {

    public enum AddResult {
        ADDED,
        /** Already present: moved to the most-recently-seen end. */
        REFRESHED,
        BUCKET_FULL,
        /** The local peer is never stored in its own table. */
        SELF
    }

    private final KademliaKey self;
    private final int bucketSize;
    private final List<List<KademliaPeer>> buckets = new ArrayList<>(KademliaKey.BITS);
    private int size;

    public KademliaRoutingTable(KademliaKey self, int bucketSize) {
        if (bucketSize < 1) {
            throw new KademliaException(KademliaException.Code.INVALID_ARGUMENT,
                    "bucket size must be positive, got " + bucketSize);
        }
        this.self = self;
        this.bucketSize = bucketSize;
        for (int i = 0; i < KademliaKey.BITS; i++) {
            buckets.add(new ArrayList<>(0));
        }
    }

    public KademliaKey self() {
        return self;
    }

    public int bucketSize() {
        return bucketSize;
    }

    /** Records that the peer was seen alive: adds it, or refreshes its position in its bucket. */
    public AddResult seen(KademliaPeer peer) {
        int index = self.commonPrefixLength(peer.key());
        if (index == KademliaKey.BITS) {
            return AddResult.SELF;
        }
        List<KademliaPeer> bucket = buckets.get(index);
        if (bucket.remove(peer)) {
            bucket.add(peer);
            return AddResult.REFRESHED;
        }
        if (bucket.size() >= bucketSize) {
            return AddResult.BUCKET_FULL;
        }
        bucket.add(peer);
        size++;
        return AddResult.ADDED;
    }

    public boolean remove(KademliaPeer peer) {
        int index = self.commonPrefixLength(peer.key());
        if (index == KademliaKey.BITS) {
            return false;
        }
        boolean removed = buckets.get(index).remove(peer);
        if (removed) {
            size--;
        }
        return removed;
    }

    public boolean contains(KademliaPeer peer) {
        int index = self.commonPrefixLength(peer.key());
        return index < KademliaKey.BITS && buckets.get(index).contains(peer);
    }

    public int size() {
        return size;
    }

    /** The peers of bucket {@code index}, least recently seen first. */
    public List<KademliaPeer> bucket(int index) {
        return List.copyOf(buckets.get(index));
    }

    public Optional<KademliaPeer> leastRecentlySeen(int bucketIndex) {
        List<KademliaPeer> bucket = buckets.get(bucketIndex);
        return bucket.isEmpty() ? Optional.empty() : Optional.of(bucket.get(0));
    }

    /**
     * The n known peers closest to the key, nearest first. With c the common prefix length of key
     * and self, the peers of bucket c agree with the key on bit c and are the nearest; the peers of
     * all buckets above c differ from it first at bit c and come next; then bucket c - 1, c - 2,
     * and so on, each farther than the one before. Only one group at a time needs sorting.
     */
    public List<KademliaPeer> closest(KademliaKey key, int n) {
        Comparator<KademliaPeer> byDistance = (a, b) -> key.compareDistance(a.key(), b.key());
        List<KademliaPeer> result = new ArrayList<>(n);
        int prefix = self.commonPrefixLength(key);
        if (prefix < KademliaKey.BITS) {
            appendClosest(new ArrayList<>(buckets.get(prefix)), byDistance, result, n);
        }
        if (result.size() < n) {
            List<KademliaPeer> deeper = new ArrayList<>();
            for (int i = prefix + 1; i < KademliaKey.BITS; i++) {
                deeper.addAll(buckets.get(i));
            }
            appendClosest(deeper, byDistance, result, n);
        }
        for (int i = prefix - 1; i >= 0 && result.size() < n; i--) {
            appendClosest(new ArrayList<>(buckets.get(i)), byDistance, result, n);
        }
        return result;
    }

    private static void appendClosest(List<KademliaPeer> group, Comparator<KademliaPeer> byDistance,
                                      List<KademliaPeer> result, int n) {
        group.sort(byDistance);
        for (KademliaPeer peer : group) {
            if (result.size() == n) {
                return;
            }
            result.add(peer);
        }
    }
}
