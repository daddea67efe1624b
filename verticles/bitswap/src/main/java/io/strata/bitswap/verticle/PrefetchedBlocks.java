package io.strata.bitswap.verticle;

import io.strata.multiformats.Cid;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Blocks that arrived for a prefetch hint with nobody waiting yet, kept (up to a byte budget, oldest dropped
 * first) so the fetch that follows is answered without reading back the block just written. Each block is
 * handed out once: a reader asks for a block once, and the store still has it.
 */
final class PrefetchedBlocks {

    private final long capacityBytes;
    private final Map<Cid, byte[]> blocks = new LinkedHashMap<>();
    private long bytes;

    PrefetchedBlocks(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    void put(Cid cid, byte[] data) {
        if (data.length > capacityBytes) {
            return;
        }
        byte[] previous = blocks.put(cid, data);
        if (previous != null) {
            bytes -= previous.length;
        }
        bytes += data.length;
        Iterator<byte[]> oldest = blocks.values().iterator();
        while (bytes > capacityBytes) {
            bytes -= oldest.next().length;
            oldest.remove();
        }
    }

    /** The block, removed from the cache; null when it is not (or no longer) here. */
    byte[] take(Cid cid) {
        byte[] data = blocks.remove(cid);
        if (data != null) {
            bytes -= data.length;
        }
        return data;
    }

    long bytes() {
        return bytes;
    }
}
