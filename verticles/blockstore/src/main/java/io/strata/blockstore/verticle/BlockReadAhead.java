package io.strata.blockstore.verticle;

import io.strata.ipld.InlineBlocks;
import io.strata.multiformats.Cid;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Read-ahead over the block store's event-bus contract, for blocking readers on worker threads: blocks
 * announced with {@link #prefetch} are requested at once, so a sequential read has its next blocks in flight
 * instead of paying one round trip per block. With {@link RemoteBlocks} (a clustered node), a block the store
 * lacks is retrieved from other nodes, and announced blocks are wanted from them ahead of the reader. Reads
 * fail with {@link BlockStoreClientException} or, for a remote retrieval that timed out,
 * {@link BlockRetrievalException}; callers keep their own meaning of a failed read. Safe for concurrent
 * readers.
 */
public final class BlockReadAhead {

    /** Prefetched replies kept at most, across all readers; the oldest is dropped (and refetched if needed). */
    private static final int MAX_PREFETCHED = 64;

    private final BlockStoreClient client;
    private final RemoteBlocks remote;
    private final Map<Cid, Future<byte[]>> prefetched = new LinkedHashMap<>(MAX_PREFETCHED * 2, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Cid, Future<byte[]>> eldest) {
            return size() > MAX_PREFETCHED;
        }
    };

    /** Reads from the local store only: a block it lacks fails NOT_FOUND. */
    public BlockReadAhead(BlockStoreClient client) {
        this.client = Objects.requireNonNull(client, "client");
        this.remote = null;
    }

    /** Reads from the local store, and from {@code remote} what the store lacks. */
    public BlockReadAhead(BlockStoreClient client, RemoteBlocks remote) {
        this.client = Objects.requireNonNull(client, "client");
        this.remote = Objects.requireNonNull(remote, "remote");
    }

    /** The block's reply: the one already in flight when it was announced, else a new request. */
    public Future<byte[]> get(Cid cid) {
        Future<byte[]> reply;
        synchronized (prefetched) {
            reply = prefetched.remove(cid);
        }
        return reply != null ? reply : read(cid);
    }

    /** Requests the announced blocks now; inline (identity) CIDs carry their bytes and are skipped. */
    public void prefetch(List<Cid> upcoming) {
        List<Cid> requested = new ArrayList<>(upcoming.size());
        synchronized (prefetched) {
            for (Cid cid : upcoming) {
                if (!prefetched.containsKey(cid) && !InlineBlocks.isInline(cid)) {
                    requested.add(cid);
                }
            }
        }
        if (requested.isEmpty()) {
            return;
        }
        if (remote != null) {
            // one hint for the whole batch, so the network wants them together rather than one by one
            remote.want(requested);
        }
        synchronized (prefetched) {
            for (Cid cid : requested) {
                prefetched.putIfAbsent(cid, read(cid));
            }
        }
    }

    /**
     * Blocks the read reaches after the prefetched ones: with a remote source they are wanted from other
     * nodes now (into the local store, nothing kept here); without one, nothing happens.
     */
    public void retrieveAhead(List<Cid> later) {
        if (remote == null) {
            return;
        }
        List<Cid> wanted = later.stream().filter(cid -> !InlineBlocks.isInline(cid)).toList();
        if (!wanted.isEmpty()) {
            remote.want(wanted);
        }
    }

    private Future<byte[]> read(Cid cid) {
        Future<byte[]> local = client.get(cid);
        if (remote == null) {
            return local;
        }
        return local.recover(failure -> failure instanceof BlockStoreClientException miss && miss.error() == BlockStoreError.NOT_FOUND
                ? remote.fetch(cid) : Future.failedFuture(failure));
    }
}
