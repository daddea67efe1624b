package io.strata.blockstore.verticle;

import io.strata.multiformats.Cid;

/** A block missing locally was not delivered by any other node within the retrieval timeout. */
public final class BlockRetrievalException extends RuntimeException {

    private final Cid cid;

    public BlockRetrievalException(Cid cid, String message, Throwable cause) {
        super(message, cause);
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
