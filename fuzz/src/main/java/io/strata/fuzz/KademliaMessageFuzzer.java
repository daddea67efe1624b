package io.strata.fuzz;

import io.strata.kademlia.KademliaException;
import io.strata.kademlia.KademliaWire;
import io.strata.proto.kademlia.KademliaProtos.Message;

/** One Kademlia RPC from a peer, with the peer lists a lookup reads out of it: those or a {@link KademliaException}. */
public final class KademliaMessageFuzzer {

    private KademliaMessageFuzzer() {
    }

    public static void fuzzerTestOneInput(byte[] input) {
        try {
            Message message = KademliaWire.parse(input);
            KademliaWire.peers(message.getCloserPeersList());
            KademliaWire.peers(message.getProviderPeersList());
        } catch (KademliaException expected) {
            // the documented outcome for malformed messages
        }
    }
}
