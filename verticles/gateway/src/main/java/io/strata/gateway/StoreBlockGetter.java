package io.strata.gateway;

import io.strata.blockstore.verticle.BlockReadAhead;
import io.strata.blockstore.verticle.BlockRetrievalException;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.BlockStoreClientException;
import io.strata.blockstore.verticle.BlockStoreError;
import io.strata.blockstore.verticle.RemoteBlocks;
import io.strata.ipld.BlockGetter;
import io.strata.ipld.InlineBlocks;
import io.strata.ipld.IpldException;
import io.strata.multiformats.Cid;
import io.vertx.core.Context;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The gateway's only way to blocks: asks the node's block store and waits for the answer, so the blocking
 * readers of io.strata.ipld (path resolver, UnixFS exporter, CAR exporter) can run on a worker thread.
 *
 * <p>This is the one place that decides what a missing block means. On a single node the store is the
 * only source, so a block it lacks is {@code BLOCK_NOT_FOUND} (HTTP 404). On a clustered node a miss goes to
 * the other nodes ({@link RemoteBlocks}, Bitswap), and a block that does not arrive within
 * {@code retrievalTimeout} (or that the network gave up on) fails with {@link RetrievalTimeoutException}
 * (HTTP 504).
 */
final class StoreBlockGetter implements BlockGetter {

    private final BlockReadAhead reads;
    private final Duration retrievalTimeout;

    StoreBlockGetter(BlockStoreClient store, Duration retrievalTimeout) {
        this.reads = new BlockReadAhead(store);
        this.retrievalTimeout = retrievalTimeout;
    }

    StoreBlockGetter(BlockStoreClient store, RemoteBlocks remote, Duration retrievalTimeout) {
        this.reads = new BlockReadAhead(store, remote);
        this.retrievalTimeout = retrievalTimeout;
    }

    @Override
    public void prefetch(List<Cid> upcoming) {
        reads.prefetch(upcoming);
    }

    @Override
    public byte[] get(Cid cid) {
        if (InlineBlocks.isInline(cid)) {
            return cid.multihash().digest();
        }
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("blocks are awaited on worker threads, never on an event loop");
        }
        try {
            return reads.get(cid).toCompletionStage().toCompletableFuture()
                    .get(retrievalTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BlockRetrievalException) {
                throw new RetrievalTimeoutException(cid, retrievalTimeout);
            }
            if (e.getCause() instanceof BlockStoreClientException failure
                    && failure.error() == BlockStoreError.NOT_FOUND) {
                throw new IpldException(IpldException.Code.BLOCK_NOT_FOUND, "block " + cid + " is not available");
            }
            if (e.getCause() instanceof BlockStoreClientException failure
                    && failure.error() == BlockStoreError.UNAVAILABLE) {
                throw new GatewayException(503, "the block store is unavailable: " + failure.getMessage(), failure);
            }
            throw new IllegalStateException("block store failed to read " + cid + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new RetrievalTimeoutException(cid, retrievalTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for block " + cid, e);
        }
    }

    /** A block did not arrive in time: the content may exist but could not be retrieved now. */
    static final class RetrievalTimeoutException extends RuntimeException {
        RetrievalTimeoutException(Cid cid, Duration timeout) {
            super("block " + cid + " was not retrieved within " + timeout.toMillis() + " ms");
        }
    }
}
