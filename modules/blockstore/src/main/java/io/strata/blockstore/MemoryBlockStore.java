package io.strata.blockstore;

import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multihash;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A {@link BlockStore} in a map, for tests and simulations. Bytes are copied in and out, so callers see
 * the same isolation a persistent store gives.
 */
public final class MemoryBlockStore implements BlockStore {

    private record Entry(Cid cid, byte[] data) {
    }

    /** Sorted by multihash bytes, the order RocksDB keeps, so {@link #keyPage} pages the same way. */
    private final NavigableMap<Multihash, Entry> blocks =
            new TreeMap<>(Comparator.comparing(Multihash::bytes, Arrays::compareUnsigned));
    private long totalBytes;
    private boolean closed;

    @Override
    public synchronized void put(Block block) {
        Blocks.checkOpen(closed);
        Blocks.checkSize(block);
        store(block);
    }

    @Override
    public synchronized void putAll(Collection<Block> batch) {
        Blocks.checkOpen(closed);
        Blocks.checkSizes(batch);
        batch.forEach(this::store);
    }

    private void store(Block block) {
        if (Blocks.isIdentity(block.cid())) {
            return;
        }
        Entry previous = blocks.get(block.cid().multihash());
        byte[] data = previous != null ? previous.data() : block.data().clone();
        blocks.put(block.cid().multihash(), new Entry(block.cid(), data));
        if (previous == null) {
            totalBytes += data.length;
        }
    }

    @Override
    public synchronized Optional<byte[]> get(Cid cid) {
        Blocks.checkOpen(closed);
        if (Blocks.isIdentity(cid)) {
            return Optional.of(cid.multihash().digest());
        }
        Entry entry = blocks.get(cid.multihash());
        return entry == null ? Optional.empty() : Optional.of(entry.data().clone());
    }

    @Override
    public synchronized boolean has(Cid cid) {
        Blocks.checkOpen(closed);
        return Blocks.isIdentity(cid) || blocks.containsKey(cid.multihash());
    }

    @Override
    public synchronized OptionalInt size(Cid cid) {
        Blocks.checkOpen(closed);
        if (Blocks.isIdentity(cid)) {
            return OptionalInt.of(cid.multihash().digestLength());
        }
        Entry entry = blocks.get(cid.multihash());
        return entry == null ? OptionalInt.empty() : OptionalInt.of(entry.data().length);
    }

    @Override
    public synchronized boolean delete(Cid cid) {
        Blocks.checkOpen(closed);
        return remove(cid);
    }

    @Override
    public synchronized int deleteAll(Collection<Cid> cids) {
        Blocks.checkOpen(closed);
        int removed = 0;
        for (Cid cid : cids) {
            removed += remove(cid) ? 1 : 0;
        }
        return removed;
    }

    private boolean remove(Cid cid) {
        if (Blocks.isIdentity(cid)) {
            return false;
        }
        Entry removed = blocks.remove(cid.multihash());
        if (removed == null) {
            return false;
        }
        totalBytes -= removed.data().length;
        return true;
    }

    /** A snapshot of the keys taken when called. */
    @Override
    public synchronized Stream<Cid> keys() {
        Blocks.checkOpen(closed);
        List<Cid> snapshot = new ArrayList<>(blocks.size());
        blocks.values().forEach(entry -> snapshot.add(entry.cid()));
        return snapshot.stream();
    }

    @Override
    public synchronized KeyPage keyPage(Cid after, int limit) {
        Blocks.checkOpen(closed);
        Blocks.checkPageLimit(limit);
        NavigableMap<Multihash, Entry> rest = after == null ? blocks : blocks.tailMap(after.multihash(), false);
        List<Cid> page = new ArrayList<>(Math.min(limit, rest.size()));
        for (Entry entry : rest.values()) {
            if (page.size() == limit) {
                return new KeyPage(page, true);
            }
            page.add(entry.cid());
        }
        return new KeyPage(page, false);
    }

    @Override
    public synchronized BlockStoreStat stat() {
        Blocks.checkOpen(closed);
        return new BlockStoreStat(blocks.size(), totalBytes, totalBytes);
    }

    @Override
    public synchronized void close() {
        closed = true;
        blocks.clear();
    }
}
