package io.strata.ipld;

import io.strata.multiformats.Cid;

/**
 * Where readers (the UnixFS exporter, CAR export, path resolution) get blocks from. Identity-hashed CIDs
 * are resolved by the caller from the CID itself and never reach a getter.
 */
public interface BlockGetter {

    /**
     * The block's bytes.
     *
     * @throws IpldException with code {@code BLOCK_NOT_FOUND} when the block is not available
     */
    byte[] get(Cid cid);
}
