package io.strata.blockstore.verticle;

import io.strata.ipld.InlineBlocks;
import io.strata.multiformats.Cid;
import io.vertx.core.Future;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-ahead over the block store's event-bus contract, for blocking readers on worker threads: blocks
 * announced with {@link #prefetch} are requested at once, so a sequential read has its next blocks in flight
 * instead of paying one round trip per block. Callers keep their own meaning of a failed read. Safe for
 * concurrent readers.
 */
public final class BlockReadAhead {

    /** Prefetched replies kept at most, across all readers; the oldest is dropped (and refetched if needed). */
    private static final int MAX_PREFETCHED = 64;

    private final BlockStoreClient client;
    private final Map<Cid, Future<byte[]>> prefetched = new LinkedHashMap<>(MAX_PREFETCHED * 2, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Cid, Future<byte[]>> eldest) {
            return size() > MAX_PREFETCHED;
        }
    };

    public BlockReadAhead(BlockStoreClient client) {
        this.client = client;
    }

    /** The block's reply: the one already in flight when it was announced, else a new request. */
    public Future<byte[]> get(Cid cid) {
        Future<byte[]> reply;
        synchronized (prefetched) {
            reply = prefetched.remove(cid);
        }
        return reply != null ? reply : client.get(cid);
    }

    /** Requests the announced blocks now; inline (identity) CIDs carry their bytes and are skipped. */
    public void prefetch(List<Cid> upcoming) {
        synchronized (prefetched) {
            for (Cid cid : upcoming) {
                if (!prefetched.containsKey(cid) && !InlineBlocks.isInline(cid)) {
                    prefetched.put(cid, client.get(cid));
                }
            }
        }
    }
}
