package io.strata.blockstore.verticle;

import io.vertx.core.Future;

/**
 * A shared hold on this node's GC lock, taken with {@link BlockStoreClient#holdGc()}: while it is held no
 * garbage collection runs, so blocks put for an add are not swept before the add pins them. Release it
 * when the pin (or root) is recorded, also on failure; releasing twice is harmless.
 */
public final class GcHold {

    private final BlockStoreClient client;
    private final long id;

    GcHold(BlockStoreClient client, long id) {
        this.client = client;
        this.id = id;
    }

    long id() {
        return id;
    }

    public Future<Void> release() {
        return client.releaseGcHold(this);
    }
}
