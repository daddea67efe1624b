package io.strata.pinning.verticle;

import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.strata.multiformats.Cid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The cluster pin set ordered by creation time, newest first, so a page of the Pinning Service API's
 * {@code GET /pins} reads the pins it lists (and those its filters skip), not the whole set. Hazelcast maps
 * offer no ordered scan with a limit, so the order lives in a tree of time slots kept in two maps:
 *
 * <ul>
 *   <li>leaves: one entry per {@value #LEAF_BITS}-bit slot of creation time (64 ms) that holds pins, listing
 *       them as {@code <createdMillis> <cid>};</li>
 *   <li>links: {@code root} lists the non-empty top slots ({@value #TOP_BITS} bits, about 18.6 hours), a top
 *       slot lists its non-empty middle slots ({@value #MIDDLE_BITS} bits, about 65 s) and a middle slot its
 *       leaves, each as a sorted {@code long[]}: at most 1024 children per slot.</li>
 * </ul>
 *
 * A page walks the slots from {@code before} downwards and reads leaves in growing groups until the caller has
 * enough. Links are only ever added, so concurrent adds and removes need no coordination: a link to a leaf
 * that has emptied costs one read of a missing entry. Entries are added before the pin is stored and removed
 * after it is gone, so every stored pin is listed; no two entries share a creation time ({@link #claim}); an entry whose pin is absent or was created at another time
 * is skipped by the caller. Every method blocks on the network: call it from a worker.
 */
final class PinTimeIndex {

    static final int LEAF_BITS = 6;
    static final int MIDDLE_BITS = 16;
    static final int TOP_BITS = 26;
    private static final String ROOT = "root";
    private static final int MAX_LEAF_GROUP = 64;
    private static final int MAX_REMEMBERED_LINKS = 100_000;

    private final IMap<String, long[]> links;
    private final IMap<String, String[]> leaves;
    /** Links this node has already made sure of: links are never removed, so each is written once per node. */
    private final Set<String> knownLinks = ConcurrentHashMap.newKeySet();

    /** One pin in the index: its creation time and CID. */
    record Entry(long createdMillis, Cid cid) {
        static final Comparator<Entry> NEWEST_FIRST = Comparator.comparingLong(Entry::createdMillis)
                .thenComparing(entry -> entry.cid().toString()).reversed();

        String encode() {
            return createdMillis + " " + cid;
        }

        static Entry decode(String text) {
            int space = text.indexOf(' ');
            return new Entry(Long.parseLong(text.substring(0, space)), Cid.parse(text.substring(space + 1)));
        }
    }

    PinTimeIndex(HazelcastInstance hazelcast) {
        hazelcast.getConfig().addMapConfig(new MapConfig(PinningContract.TIME_LINKS_MAP).setBackupCount(1));
        hazelcast.getConfig().addMapConfig(new MapConfig(PinningContract.TIME_LEAVES_MAP).setBackupCount(1));
        this.links = hazelcast.getMap(PinningContract.TIME_LINKS_MAP);
        this.leaves = hazelcast.getMap(PinningContract.TIME_LEAVES_MAP);
    }

    /**
     * Adds {@code cid} at the first creation time from {@code createdMillis} on that no other pin holds, and
     * answers that time: the spec pages by {@code created} and needs each value to be unique, cluster-wide.
     * The check and the claim are one entry processor on the leaf that holds every pin of that millisecond.
     */
    long claim(Cid cid, long createdMillis) {
        for (long created = createdMillis; ; created++) {
            long leaf = created >> LEAF_BITS;
            link(ROOT, created >> TOP_BITS);
            link(topKey(created >> TOP_BITS), created >> MIDDLE_BITS);
            link(middleKey(created >> MIDDLE_BITS), leaf);
            if (leaves.executeOnKey(leafKey(leaf), new ClaimInLeaf(new Entry(created, cid).encode()))) {
                return created;
            }
        }
    }

    void remove(Cid cid, long createdMillis) {
        leaves.executeOnKey(leafKey(createdMillis >> LEAF_BITS),
                new RemoveFromLeaf(new Entry(createdMillis, cid).encode()));
    }

    /**
     * Hands {@code visitor} the entries created after {@code afterMillis} and before {@code beforeMillis}
     * (both exclusive), newest first, in groups (each sorted, each older than the previous), until it answers
     * false or the index is exhausted.
     */
    void walk(long beforeMillis, long afterMillis, Predicate<List<Entry>> visitor) {
        if (beforeMillis - 1 <= afterMillis) {
            return;
        }
        long newest = beforeMillis - 1;
        long oldest = afterMillis + 1;
        LeafWalk walk = new LeafWalk(newest, oldest, visitor);
        for (long top : descending(links.get(ROOT), oldest >> TOP_BITS, newest >> TOP_BITS)) {
            for (long middle : descending(links.get(topKey(top)), oldest >> MIDDLE_BITS, newest >> MIDDLE_BITS)) {
                for (long leaf : descending(links.get(middleKey(middle)), oldest >> LEAF_BITS, newest >> LEAF_BITS)) {
                    if (!walk.offer(leaf)) {
                        return;
                    }
                }
            }
        }
        walk.finish();
    }

    /** Reads leaves in groups that double while the visitor wants more, so a small page reads few leaves. */
    private final class LeafWalk {
        private final long newest;
        private final long oldest;
        private final Predicate<List<Entry>> visitor;
        private final List<Long> group = new ArrayList<>();
        private int groupSize = 1;
        private boolean stopped;

        LeafWalk(long newest, long oldest, Predicate<List<Entry>> visitor) {
            this.newest = newest;
            this.oldest = oldest;
            this.visitor = visitor;
        }

        boolean offer(long leaf) {
            group.add(leaf);
            if (group.size() >= groupSize) {
                flush();
                groupSize = Math.min(MAX_LEAF_GROUP, groupSize * 2);
            }
            return !stopped;
        }

        void finish() {
            if (!stopped && !group.isEmpty()) {
                flush();
            }
        }

        private void flush() {
            Set<String> keys = new LinkedHashSet<>();
            group.forEach(leaf -> keys.add(leafKey(leaf)));
            group.clear();
            Map<String, String[]> found = leaves.getAll(keys);
            List<Entry> entries = new ArrayList<>();
            for (String[] leaf : found.values()) {
                for (String text : leaf) {
                    Entry entry = Entry.decode(text);
                    if (entry.createdMillis() >= oldest && entry.createdMillis() <= newest) {
                        entries.add(entry);
                    }
                }
            }
            entries.sort(Entry.NEWEST_FIRST);
            if (!entries.isEmpty() && !visitor.test(entries)) {
                stopped = true;
            }
        }
    }

    private void link(String parent, long child) {
        String link = parent + ">" + child;
        if (knownLinks.contains(link)) {
            return;
        }
        links.executeOnKey(parent, new AddLink(child));
        if (knownLinks.size() >= MAX_REMEMBERED_LINKS) {
            knownLinks.clear();
        }
        knownLinks.add(link);
    }

    /** The children of a slot within {@code [low, high]}, newest first. */
    private static long[] descending(long[] children, long low, long high) {
        if (children == null) {
            return new long[0];
        }
        return Arrays.stream(children).filter(child -> child >= low && child <= high)
                .map(child -> -child).sorted().map(child -> -child).toArray();
    }

    private static String topKey(long top) {
        return "t:" + top;
    }

    private static String middleKey(long middle) {
        return "m:" + middle;
    }

    private static String leafKey(long leaf) {
        return "l:" + leaf;
    }

    /** Adds a child slot to a sorted {@code long[]} of links, on the partition that owns it. */
    private record AddLink(long child) implements EntryProcessor<String, long[], Void> {
        @Override
        public Void process(Map.Entry<String, long[]> entry) {
            long[] children = entry.getValue() == null ? new long[0] : entry.getValue();
            int at = Arrays.binarySearch(children, child);
            if (at < 0) {
                int insert = -at - 1;
                long[] grown = new long[children.length + 1];
                System.arraycopy(children, 0, grown, 0, insert);
                grown[insert] = child;
                System.arraycopy(children, insert, grown, insert + 1, children.length - insert);
                entry.setValue(grown);
            }
            return null;
        }
    }

    /** Adds an entry to its leaf unless another pin holds its creation time; answers whether it did. */
    private record ClaimInLeaf(String encoded) implements EntryProcessor<String, String[], Boolean> {
        @Override
        public Boolean process(Map.Entry<String, String[]> entry) {
            String[] held = entry.getValue() == null ? new String[0] : entry.getValue();
            String time = encoded.substring(0, encoded.indexOf(' ') + 1);
            for (String text : held) {
                if (text.startsWith(time)) {
                    return false;
                }
            }
            String[] grown = Arrays.copyOf(held, held.length + 1);
            grown[held.length] = encoded;
            entry.setValue(grown);
            return true;
        }
    }

    /** Removes an entry from its leaf, and the leaf once it is empty. */
    private record RemoveFromLeaf(String encoded) implements EntryProcessor<String, String[], Void> {
        @Override
        public Void process(Map.Entry<String, String[]> entry) {
            String[] held = entry.getValue();
            if (held == null) {
                return null;
            }
            String[] kept = Arrays.stream(held).filter(text -> !text.equals(encoded)).toArray(String[]::new);
            if (kept.length != held.length) {
                entry.setValue(kept.length == 0 ? null : kept);
            }
            return null;
        }
    }
}
