package io.strata.node;

import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.RemoteBlocks;
import io.strata.multiformats.Cid;
import io.strata.orbit.verticle.BlockFetcher;
import io.vertx.core.Future;

import java.util.Optional;

/**
 * The replicated databases' fallback for a missing entry: this node's block store, then (in a cluster) the
 * other nodes through Bitswap. A block found nowhere is reported empty, as {@link BlockFetcher} asks.
 */
final class StoreOrRemoteBlockFetcher implements BlockFetcher {

    private final BlockStoreClient blocks;
    private final RemoteBlocks remote;

    /** {@code remote} is null on a single node. */
    StoreOrRemoteBlockFetcher(BlockStoreClient blocks, RemoteBlocks remote) {
        this.blocks = blocks;
        this.remote = remote;
    }

    @Override
    public Future<Optional<byte[]>> fetch(Cid cid) {
        return blocks.get(cid).map(Optional::of).recover(localMiss -> remote == null
                ? Future.succeededFuture(Optional.empty())
                : remote.fetch(cid).map(Optional::of).otherwise(Optional.empty()));
    }
}
