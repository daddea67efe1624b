package io.strata.node;

import io.strata.bitswap.verticle.BitswapError;
import io.strata.bitswap.verticle.BitswapExchange;
import io.strata.bitswap.verticle.BitswapExchangeException;
import io.strata.blockstore.verticle.BlockRetrievalException;
import io.strata.blockstore.verticle.BlockStoreClientException;
import io.strata.blockstore.verticle.BlockStoreError;
import io.strata.blockstore.verticle.RemoteBlocks;
import io.strata.multiformats.Cid;
import io.vertx.core.Future;

import java.util.List;

/** The API's and the gateway's way to blocks on other nodes: Bitswap, with its errors in the readers' terms. */
final class BitswapRemoteBlocks implements RemoteBlocks {

    private static final System.Logger LOG = System.getLogger(BitswapRemoteBlocks.class.getName());

    private final BitswapExchange exchange;

    BitswapRemoteBlocks(BitswapExchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public Future<byte[]> fetch(Cid cid) {
        return exchange.fetch(cid).recover(failure -> {
            if (failure instanceof BitswapExchangeException bitswap && bitswap.error() == BitswapError.NOT_FOUND) {
                return Future.failedFuture(new BlockRetrievalException(cid,
                        "block " + cid + " is not stored here and no other node delivered it in time", failure));
            }
            return Future.failedFuture(new BlockStoreClientException(BlockStoreError.UNAVAILABLE,
                    "cannot retrieve " + cid + " from other nodes: " + failure.getMessage(), failure));
        });
    }

    @Override
    public void want(List<Cid> cids) {
        exchange.want(cids).onFailure(failure -> LOG.log(System.Logger.Level.DEBUG,
                "prefetch hint for " + cids.size() + " blocks failed: " + failure.getMessage()));
    }
}
