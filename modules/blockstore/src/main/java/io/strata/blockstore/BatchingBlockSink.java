package io.strata.blockstore;

import io.strata.ipld.Block;
import io.strata.ipld.BlockSink;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects blocks and writes them with {@link BlockStore#putAll} once {@code maxBlocks} blocks or
 * {@code maxBytes} bytes are pending, so an import costs one synced write per batch instead of one per
 * block. Nothing is durable before {@link #flush()} (or the automatic write of a full batch) returns.
 * Not thread-safe: one producer per sink.
 */
public final class BatchingBlockSink implements BlockSink {

    private final BlockStore store;
    private final int maxBlocks;
    private final long maxBytes;
    private final List<Block> pending = new ArrayList<>();
    private long pendingBytes;

    public BatchingBlockSink(BlockStore store, int maxBlocks, long maxBytes) {
        if (maxBlocks < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("batch limits must be positive, got " + maxBlocks
                    + " blocks and " + maxBytes + " bytes");
        }
        this.store = store;
        this.maxBlocks = maxBlocks;
        this.maxBytes = maxBytes;
    }

    @Override
    public void put(Block block) {
        Blocks.checkSize(block);
        pending.add(block);
        pendingBytes += block.size();
        if (pending.size() >= maxBlocks || pendingBytes >= maxBytes) {
            flush();
        }
    }

    @Override
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        store.putAll(pending);
        pending.clear();
        pendingBytes = 0;
    }
}
