package io.strata.kademlia;

import com.google.protobuf.ByteString;
import io.strata.proto.kademlia.KademliaProtos.Message;
import io.strata.proto.kademlia.KademliaProtos.Record;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The responding side of /ipfs/kad/1.0.0: turns one decoded request into its response using the
 * local routing table and stores. Transport, framing and the routing table's liveness policy stay
 * with the caller; addresses come from the caller's address book. Not thread-safe.
 */
public final class KademliaRequestHandler {

    private final KademliaRoutingTable routingTable;
    private final ProviderStore providers;
    private final ValueStore values;
    private final Function<KademliaPeer, List<byte[]>> addressBook;

    public KademliaRequestHandler(KademliaRoutingTable routingTable, ProviderStore providers,
                                  ValueStore values, Function<KademliaPeer, List<byte[]>> addressBook) {
        this.routingTable = routingTable;
        this.providers = providers;
        this.values = values;
        this.addressBook = addressBook;
    }

    /**
     * Handles a request from {@code requester}; ADD_PROVIDER has no response.
     *
     * @throws KademliaException INVALID_ARGUMENT for a request without a key or of unknown type,
     *                           INVALID_RECORD for a PUT_VALUE the validator refuses
     */
    public Optional<Message> handle(KademliaPeer requester, Message request, long nowMillis) {
        Message.Builder response = Message.newBuilder().setType(request.getType()).setKey(request.getKey());
        switch (request.getType()) {
            case PING -> {
                return Optional.of(response.build());
            }
            case FIND_NODE -> {
                addCloserPeers(response, KademliaKey.ofPeerId(requireKey(request)), requester);
                return Optional.of(response.build());
            }
            case GET_PROVIDERS -> {
                KademliaKey key = KademliaKey.ofKey(requireKey(request));
                providers.providers(key, nowMillis).forEach(p -> response.addProviderPeers(toWire(p)));
                addCloserPeers(response, key, requester);
                return Optional.of(response.build());
            }
            case ADD_PROVIDER -> {
                KademliaKey key = KademliaKey.ofKey(requireKey(request));
                // A peer may only announce itself: records naming anyone else are ignored (spec).
                request.getProviderPeersList().stream()
                        .filter(p -> p.getId().equals(ByteString.copyFrom(requester.id())))
                        .forEach(p -> providers.addProvider(key, requester, nowMillis));
                return Optional.empty();
            }
            case GET_VALUE -> {
                byte[] key = requireKey(request);
                values.get(key).ifPresent(stored -> response.setRecord(Record.newBuilder()
                        .setKey(ByteString.copyFrom(stored.key()))
                        .setValue(ByteString.copyFrom(stored.value()))
                        .setTimeReceived(Instant.ofEpochMilli(stored.receivedAtMillis()).toString())));
                addCloserPeers(response, KademliaKey.ofKey(key), requester);
                return Optional.of(response.build());
            }
            case PUT_VALUE -> {
                byte[] key = requireKey(request);
                if (!request.hasRecord() || !request.getRecord().getKey().equals(request.getKey())) {
                    throw new KademliaException(KademliaException.Code.INVALID_RECORD,
                            "PUT_VALUE needs a record whose key is the message key");
                }
                values.put(key, request.getRecord().getValue().toByteArray(), nowMillis);
                return Optional.of(request);
            }
            default -> throw new KademliaException(KademliaException.Code.INVALID_ARGUMENT,
                    "unknown message type " + request.getTypeValue());
        }
    }

    private void addCloserPeers(Message.Builder response, KademliaKey target, KademliaPeer requester) {
        int k = routingTable.bucketSize();
        routingTable.closest(target, k + 1).stream()
                .filter(peer -> !peer.equals(requester))
                .limit(k)
                .forEach(peer -> response.addCloserPeers(toWire(peer)));
    }

    private Message.Peer toWire(KademliaPeer peer) {
        Message.Peer.Builder wire = Message.Peer.newBuilder().setId(ByteString.copyFrom(peer.id()));
        addressBook.apply(peer).forEach(address -> wire.addAddrs(ByteString.copyFrom(address)));
        return wire.build();
    }

    private static byte[] requireKey(Message request) {
        if (request.getKey().isEmpty()) {
            throw new KademliaException(KademliaException.Code.INVALID_ARGUMENT,
                    request.getType() + " needs a key");
        }
        return request.getKey().toByteArray();
    }
}
