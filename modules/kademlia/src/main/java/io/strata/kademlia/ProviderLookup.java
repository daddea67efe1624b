package io.strata.kademlia;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * GET_PROVIDERS: an iterative lookup that collects the provider records peers return and stops
 * as soon as {@code wantedProviders} distinct providers are known.
 */
public final class ProviderLookup extends IterativeLookup {

    private final int wantedProviders;
    private final Set<KademliaPeer> providers = new LinkedHashSet<>();

    public ProviderLookup(KademliaPeer self, KademliaKey target, Collection<KademliaPeer> seeds,
                          KademliaConfig config, int wantedProviders) {
        super(self, target, seeds, config);
        if (wantedProviders < 1) {
            throw new KademliaException(KademliaException.Code.INVALID_ARGUMENT,
                    "wanted providers must be positive, got " + wantedProviders);
        }
        this.wantedProviders = wantedProviders;
    }

    /** A queried peer answered with the providers it stores and the peers closer to the key. */
    public void onResponse(KademliaPeer peer, Collection<KademliaPeer> closerPeers,
                           Collection<KademliaPeer> providerPeers) {
        acceptResponse(peer, closerPeers, () -> providers.addAll(providerPeers));
    }

    /** Distinct providers found so far, in discovery order. */
    public List<KademliaPeer> providers() {
        return List.copyOf(providers);
    }

    @Override
    protected boolean isSatisfied() {
        return providers.size() >= wantedProviders;
    }
}
