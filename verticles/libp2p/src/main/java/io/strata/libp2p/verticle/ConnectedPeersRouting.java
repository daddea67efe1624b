package io.strata.libp2p.verticle;

import io.strata.bitswap.verticle.ProviderRouting;
import io.strata.multiformats.Cid;
import io.strata.multiformats.PeerId;
import io.vertx.core.Future;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Provider routing that names the libp2p peers we are connected to before whatever the wrapped routing finds,
 * so Bitswap asks its direct neighbours first, as Kubo and Helia do. Announcements go to the wrapped routing.
 */
public final class ConnectedPeersRouting implements ProviderRouting {

    private final ProviderRouting routing;
    private final Supplier<Set<PeerId>> connected;

    /** {@code connected} is read on every lookup, typically {@link Libp2pVerticle#connectedPeers()}. */
    public ConnectedPeersRouting(ProviderRouting routing, Supplier<Set<PeerId>> connected) {
        this.routing = routing;
        this.connected = connected;
    }

    @Override
    public Future<List<PeerId>> findProviders(Cid cid, int count) {
        Set<PeerId> neighbours = connected.get();
        return routing.findProviders(cid, count).otherwise(failure -> List.of()).map(found -> {
            LinkedHashSet<PeerId> providers = new LinkedHashSet<>(neighbours);
            providers.addAll(found);
            return List.copyOf(providers);
        });
    }

    @Override
    public Future<Void> provide(Cid cid) {
        return routing.provide(cid);
    }
}
