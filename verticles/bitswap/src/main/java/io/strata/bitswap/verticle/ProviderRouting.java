package io.strata.bitswap.verticle;

import io.strata.multiformats.Cid;
import io.strata.multiformats.PeerId;
import io.vertx.core.Future;

import java.util.List;

/**
 * How Bitswap finds peers that hold a block and tells the network that this node now holds one. The node
 * implements it with the DHT's client, so this module does not depend on the DHT; tests pass fakes.
 */
public interface ProviderRouting {

    /** Up to {@code count} peers that announced they provide {@code cid}; an empty list when none is known. */
    Future<List<PeerId>> findProviders(Cid cid, int count);

    /** Announces that this node provides {@code cid}. */
    Future<Void> provide(Cid cid);

    /** Routing that knows no providers and announces nothing: Bitswap then asks the cluster members only. */
    static ProviderRouting none() {
        return new ProviderRouting() {
            @Override
            public Future<List<PeerId>> findProviders(Cid cid, int count) {
                return Future.succeededFuture(List.of());
            }

            @Override
            public Future<Void> provide(Cid cid) {
                return Future.succeededFuture();
            }
        };
    }
}
