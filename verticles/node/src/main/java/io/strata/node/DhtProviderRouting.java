package io.strata.node;

import io.strata.bitswap.verticle.ProviderRouting;
import io.strata.cluster.PeerInfo;
import io.strata.dht.DhtClient;
import io.strata.multiformats.Cid;
import io.strata.multiformats.PeerId;
import io.vertx.core.Future;

import java.util.List;

/**
 * Bitswap's provider routing over the node's DHT. Lookups go to the DHT. Announcements are left to the DHT
 * itself: it already provides every block the store adds (Bitswap's fetched blocks included) under its
 * {@code all} reprovide strategy, and deliberately not under {@code pinned} or {@code roots}, as Kubo does;
 * announcing here as well would double every provide.
 */
final class DhtProviderRouting implements ProviderRouting {

    private final DhtClient dht;

    DhtProviderRouting(DhtClient dht) {
        this.dht = dht;
    }

    @Override
    public Future<List<PeerId>> findProviders(Cid cid, int count) {
        return dht.findProviders(cid, count).map(peers -> peers.stream().map(PeerInfo::peerId).toList());
    }

    @Override
    public Future<Void> provide(Cid cid) {
        return Future.succeededFuture();
    }
}
