package io.strata.blockstore.verticle;

import io.strata.multiformats.Cid;
import io.vertx.core.Future;

import java.util.List;

/**
 * Where blocks missing from this node's store come from: other nodes (the node wires in Bitswap when it runs
 * in a cluster). {@link BlockReadAhead} falls back to it on a local miss.
 */
public interface RemoteBlocks {

    /**
     * The block, retrieved from other nodes, verified against its CID and stored locally. Fails with
     * {@link BlockRetrievalException} when no node delivered it within the retrieval timeout, or with
     * {@link BlockStoreClientException} (UNAVAILABLE) when the network part of the node is not running.
     */
    Future<byte[]> fetch(Cid cid);

    /** Hint: these blocks will be read soon; start retrieving those not stored locally. Returns at once. */
    void want(List<Cid> cids);
}
