package io.strata.deals.verticle;

import io.strata.blockstore.verticle.BlockReadAhead;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.RemoteBlocks;
import io.strata.deals.PieceCommitment;
import io.strata.deals.PieceInfo;
import io.strata.ipld.BlockGetter;
import io.strata.ipld.InlineBlocks;
import io.strata.ipld.IpldException;
import io.strata.ipld.car.CarExporter;
import io.strata.ipld.car.DagScope;
import io.strata.multiformats.Cid;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A deal's payload: the CARv1 of a DAG (root first, depth-first, each block once), written from the node's
 * block store (falling back to other nodes when given {@link RemoteBlocks}) into a stream, so it is never
 * held whole. The blocking methods run on worker threads.
 */
final class DagPayload {

    private static final int BUFFER_BYTES = 1 << 20;

    private final BlockGetter blocks;

    DagPayload(Vertx vertx, RemoteBlocks remote) {
        BlockStoreClient client = new BlockStoreClient(vertx);
        BlockReadAhead reads = remote == null ? new BlockReadAhead(client) : new BlockReadAhead(client, remote);
        this.blocks = cid -> {
            Optional<byte[]> inline = InlineBlocks.data(cid);
            if (inline.isPresent()) {
                return inline.get();
            }
            try {
                return await(reads.get(cid), 5 * 60_000);
            } catch (RuntimeException e) {
                throw new IpldException(IpldException.Code.BLOCK_NOT_FOUND, "block " + cid + " of the payload: "
                        + e.getMessage(), e);
            }
        };
    }

    /** Writes the CAR of the DAG under {@code root} to {@code out}. */
    void write(Cid root, OutputStream out) throws IOException {
        CarExporter.export(blocks, root, DagScope.ALL, out);
    }

    /** The piece commitment of the DAG's CAR. */
    PieceInfo commit(Cid root) throws IOException {
        PieceCommitment commitment = PieceCommitment.create();
        try (OutputStream out = new BufferedOutputStream(new OutputStream() {
            @Override
            public void write(int b) {
                commitment.update(new byte[] {(byte) b});
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                commitment.update(bytes, offset, length);
            }
        }, BUFFER_BYTES)) {
            write(root, out);
        }
        return commitment.finish();
    }

    /** Waits on a worker thread for an event-bus answer. */
    static <T> T await(Future<T> future, long timeoutMillis) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + timeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
