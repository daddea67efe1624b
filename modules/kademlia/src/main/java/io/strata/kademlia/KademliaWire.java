package io.strata.kademlia;

import com.google.protobuf.InvalidProtocolBufferException;
import io.strata.proto.kademlia.KademliaProtos.Message;

import java.util.ArrayList;
import java.util.List;

/** Decoding of /ipfs/kad/1.0.0 messages (without their varint length prefix) into core types. */
public final class KademliaWire {

    private KademliaWire() {
    }

    /** @throws KademliaException MALFORMED_MESSAGE when the bytes are not a Message */
    public static Message parse(byte[] bytes) {
        try {
            return Message.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new KademliaException(KademliaException.Code.MALFORMED_MESSAGE,
                    "not a Kademlia message: " + e.getMessage());
        }
    }

    /** The peers of closerPeers or providerPeers; an entry without an id is malformed. */
    public static List<KademliaPeer> peers(List<Message.Peer> wirePeers) {
        List<KademliaPeer> peers = new ArrayList<>(wirePeers.size());
        for (Message.Peer wire : wirePeers) {
            if (wire.getId().isEmpty()) {
                throw new KademliaException(KademliaException.Code.MALFORMED_MESSAGE, "peer entry without an id");
            }
            peers.add(KademliaPeer.of(wire.getId().toByteArray()));
        }
        return peers;
    }
}
