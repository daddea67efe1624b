package io.strata.api.store;

import io.strata.api.rpc.RpcCall;
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

import java.util.List;
import java.util.Optional;

/**
 * The block store client as the IPLD readers' {@link BlockGetter}, for worker threads: each get waits for
 * the event-bus reply, with announced blocks already in flight ({@link BlockReadAhead}). On a clustered node
 * a block the store lacks is retrieved from other nodes ({@link RemoteBlocks}). A block found nowhere is
 * {@code BLOCK_NOT_FOUND}: with Kubo's offline wording on a single node, naming the retrieval otherwise.
 * Safe for concurrent readers.
 */
public final class StoreBlockGetter implements BlockGetter {

    private final BlockReadAhead reads;

    public StoreBlockGetter(BlockStoreClient client) {
        this.reads = new BlockReadAhead(client);
    }

    /** Falls back to {@code remote} for blocks the local store lacks. */
    public StoreBlockGetter(BlockStoreClient client, RemoteBlocks remote) {
        this.reads = new BlockReadAhead(client, remote);
    }

    @Override
    public byte[] get(Cid cid) {
        Optional<byte[]> inline = InlineBlocks.data(cid);
        if (inline.isPresent()) {
            return inline.get();
        }
        try {
            return RpcCall.await(reads.get(cid));
        } catch (BlockStoreClientException e) {
            if (e.error() == BlockStoreError.NOT_FOUND) {
                throw new IpldException(IpldException.Code.BLOCK_NOT_FOUND, notFoundMessage(cid), e);
            }
            throw e;
        } catch (BlockRetrievalException e) {
            throw new IpldException(IpldException.Code.BLOCK_NOT_FOUND, e.getMessage(), e);
        }
    }

    @Override
    public void prefetch(List<Cid> upcoming) {
        reads.prefetch(upcoming);
    }

    public static String notFoundMessage(Cid cid) {
        return "block was not found locally (offline): ipld: could not find " + cid;
    }
}
