package io.strata.api.store;

import io.strata.api.rpc.RpcCall;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.ipld.Block;
import io.strata.ipld.BlockSink;
import io.strata.ipld.unixfs.LeafArrayPool;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link BlockSink} for worker threads that sends blocks to the block store in batches with
 * {@link BlockStoreClient#putAll}. One batch may be in flight while the next fills, so hashing and
 * storing overlap; {@link #flush()} waits until everything accepted is stored. Not thread-safe.
 *
 * <p>With a {@link LeafArrayPool}, the arrays of a batch go back to the pool once the store acknowledged it:
 * the block store copies block bytes into its pack file before replying and keeps no reference to them
 * (the payload passes by reference on the local event bus). A failed or timed-out batch keeps its arrays,
 * since the store may still be reading them.
 */
public final class StoreBlockSink implements BlockSink {

    private static final int MAX_BATCH_BLOCKS = 256;
    private static final long MAX_BATCH_BYTES = 8L * 1024 * 1024;

    private final BlockStoreClient client;
    private final LeafArrayPool leafArrays;
    private List<Block> pending = new ArrayList<>();
    private long pendingBytes;
    private Future<Void> inFlight = Future.succeededFuture();
    private List<Block> inFlightBlocks = List.of();
    private long blocksStored;

    public StoreBlockSink(BlockStoreClient client) {
        this(client, null);
    }

    /** @param leafArrays where the arrays of stored blocks go back to; null to leave them to the GC */
    public StoreBlockSink(BlockStoreClient client, LeafArrayPool leafArrays) {
        this.client = client;
        this.leafArrays = leafArrays;
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
        awaitInFlight();
    }

    public long blocksStored() {
        return blocksStored;
    }

    private void send() {
        awaitInFlight();
        if (pending.isEmpty()) {
            return;
        }
        List<Block> batch = pending;
        pending = new ArrayList<>();
        pendingBytes = 0;
        blocksStored += batch.size();
        inFlightBlocks = batch;
        inFlight = client.putAll(batch);
    }

    private void awaitInFlight() {
        RpcCall.await(inFlight);
        if (leafArrays != null) {
            for (Block block : inFlightBlocks) {
                leafArrays.release(block.data());
            }
        }
        inFlightBlocks = List.of();
    }
}
