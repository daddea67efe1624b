package io.strata.ipld;

import io.strata.multiformats.Cid;

import java.util.List;

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

    /**
     * A hint that these blocks will be asked for soon, in this order, so a getter whose blocks are a round
     * trip away (the event bus, Bitswap) can have them in flight before the reader needs them. Getters for
     * which a get is cheap ignore it.
     */
    default void prefetch(List<Cid> upcoming) {
    }

    /**
     * A hint about blocks the read will reach after the prefetched ones, further ahead. A getter that
     * retrieves missing blocks from other nodes may start retrieving these into local storage now, holding
     * nothing in memory for the reader, so that a long read is not limited by one round trip per prefetch
     * window. Other getters ignore it.
     */
    default void retrieveAhead(List<Cid> later) {
    }
}
