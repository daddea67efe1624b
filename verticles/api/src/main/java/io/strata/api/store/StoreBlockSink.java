package io.strata.api.store;

import io.strata.api.rpc.RpcCall;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.ipld.Block;
import io.strata.ipld.BlockSink;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link BlockSink} for worker threads that sends blocks to the block store in batches with
 * {@link BlockStoreClient#putAll}. One batch may be in flight while the next fills, so hashing and
 * storing overlap; {@link #flush()} waits until everything accepted is stored. Not thread-safe.
 */
public final class StoreBlockSink implements BlockSink {

    private static final int MAX_BATCH_BLOCKS = 256;
    private static final long MAX_BATCH_BYTES = 8L * 1024 * 1024;

    private final BlockStoreClient client;
    private List<Block> pending = new ArrayList<>();
    private long pendingBytes;
    private Future<Void> inFlight = Future.succeededFuture();
    private long blocksStored;

    public StoreBlockSink(BlockStoreClient client) {
        this.client = client;
    }

    @Override
    public void put(Block block) {
        pending.add(block);
        pendingBytes += block.size();
        if (pending.size() >= MAX_BATCH_BLOCKS || pendingBytes >= MAX_BATCH_BYTES) {
            send();
        }
    }

    @Override
    public void flush() {
        send();
        RpcCall.await(inFlight);
    }

    public long blocksStored() {
        return blocksStored;
    }

    private void send() {
        RpcCall.await(inFlight);
        if (pending.isEmpty()) {
            return;
        }
        List<Block> batch = pending;
        pending = new ArrayList<>();
        pendingBytes = 0;
        blocksStored += batch.size();
        inFlight = client.putAll(batch);
    }
}
