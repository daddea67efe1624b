package io.strata.bitswap;

import io.strata.multiformats.PeerId;

/**
 * How the engines reach other peers. The event bus and libp2p streams implement it; the engines never
 * know which one carries their messages.
 */
@FunctionalInterface
public interface BitswapNetwork {

    void send(PeerId peer, BitswapMessage message);
}
