package io.strata.orbit.verticle;

import io.strata.multiformats.Cid;
import io.vertx.core.Future;

import java.util.Optional;

/**
 * Fetches a block the orbit verticle lacks (a log entry, an identity, a manifest) from wherever blocks
 * come from: the node implements it with its block store and Bitswap. The verticle first asks the peer
 * that announced the heads it is joining; this is the fallback.
 */
@FunctionalInterface
public interface BlockFetcher {

    /** A fetcher that finds nothing: replication relies on the announcing peers alone. */
    BlockFetcher NONE = cid -> Future.succeededFuture(Optional.empty());

    /** The block's bytes, or empty when it cannot be found; the verticle checks them against the CID. */
    Future<Optional<byte[]>> fetch(Cid cid);
}
