package io.strata.api.store;

import io.strata.api.rpc.RpcCall;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.BlockStoreClientException;
import io.strata.blockstore.verticle.BlockStoreError;
import io.strata.ipld.BlockGetter;
import io.strata.ipld.InlineBlocks;
import io.strata.ipld.IpldException;
import io.strata.multiformats.Cid;
import io.vertx.core.Future;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The block store client as the IPLD readers' {@link BlockGetter}, for worker threads: each get waits for
 * the event-bus reply. Blocks announced with {@link #prefetch} are requested at once, so a sequential read
 * has its next blocks in flight instead of paying one round trip per block. A missing block is reported
 * with Kubo's offline wording. Safe for concurrent readers.
 */
public final class StoreBlockGetter implements BlockGetter {

    /** Prefetched replies kept at most, across all readers; the oldest is dropped (and refetched if needed). */
    private static final int MAX_PREFETCHED = 64;

    private final BlockStoreClient client;
    private final Map<Cid, Future<byte[]>> prefetched = new LinkedHashMap<>(MAX_PREFETCHED * 2, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Cid, Future<byte[]>> eldest) {
            return size() > MAX_PREFETCHED;
        }
    };

    public StoreBlockGetter(BlockStoreClient client) {
        this.client = client;
    }

    @Override
    public byte[] get(Cid cid) {
        Optional<byte[]> inline = InlineBlocks.data(cid);
        if (inline.isPresent()) {
            return inline.get();
        }
        Future<byte[]> reply;
        synchronized (prefetched) {
            reply = prefetched.remove(cid);
        }
        try {
            return RpcCall.await(reply != null ? reply : client.get(cid));
        } catch (BlockStoreClientException e) {
            if (e.error() == BlockStoreError.NOT_FOUND) {
                throw new IpldException(IpldException.Code.BLOCK_NOT_FOUND, notFoundMessage(cid), e);
            }
            throw e;
        }
    }

    @Override
    public void prefetch(List<Cid> upcoming) {
        synchronized (prefetched) {
            for (Cid cid : upcoming) {
                if (!prefetched.containsKey(cid) && !InlineBlocks.isInline(cid)) {
                    prefetched.put(cid, client.get(cid));
                }
            }
        }
    }

    public static String notFoundMessage(Cid cid) {
        return "block was not found locally (offline): ipld: could not find " + cid;
    }
}
