package io.strata.libp2p.verticle;

import com.google.protobuf.InvalidProtocolBufferException;
import io.strata.dht.DhtContract;
import io.strata.libp2p.LengthPrefixedReader;
import io.strata.libp2p.Libp2pException;
import io.strata.multiformats.PeerId;
import io.strata.proto.kademlia.KademliaProtos;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Carries {@code /ipfs/kad/1.0.0} between libp2p peers and the node's DHT verticle, as {@link BitswapProtocol}
 * does for Bitswap. Server side: each length-prefixed request on a stream the peer opened is asked of the
 * DHT's node-addressed endpoint ({@code strata.dht.<self>}) with the peer as sender, and the answer (none for
 * ADD_PROVIDER) is written back, in order. Client side: while a peer is connected, a local consumer on
 * {@code strata.dht.<peer>} turns each of the DHT's requests into a fresh stream to the peer carrying the
 * request and, unless it is ADD_PROVIDER, reading the single response.
 */
final class KademliaProtocol implements StreamProtocol {

    static final String ID = "/ipfs/kad/1.0.0";
    /** Kademlia messages are small; records and provider lists stay far below this. */
    static final int MAX_MESSAGE = 1 << 20;
    private static final long RPC_TIMEOUT_MILLIS = 10_000;
    private static final System.Logger LOG = System.getLogger(KademliaProtocol.class.getName());

    private final Vertx vertx;
    private final PeerId self;
    private final Function<PeerId, Connection> connections;
    private final Map<PeerId, MessageConsumer<Buffer>> proxies = new HashMap<>();

    KademliaProtocol(Vertx vertx, PeerId self, Function<PeerId, Connection> connections) {
        this.vertx = vertx;
        this.self = self;
        this.connections = connections;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void serve(Libp2pStream stream) {
        LengthPrefixedReader reader = new LengthPrefixedReader(MAX_MESSAGE);
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(RPC_TIMEOUT_MILLIS)
                .addHeader(DhtContract.FROM_HEADER, stream.remotePeer().toBase58());
        Future<?>[] previous = {Future.succeededFuture()};
        stream.dataHandler(bytes -> {
            List<byte[]> requests;
            try {
                requests = reader.read(bytes);
            } catch (Libp2pException e) {
                stream.reset();
                return;
            }
            for (byte[] request : requests) {
                Future<Message<Buffer>> answered = vertx.eventBus().request(DhtContract.peerAddress(self), Buffer.buffer(request), options);
                previous[0] = previous[0].transform(ignored -> answered.andThen(reply -> {
                    if (reply.failed()) {
                        LOG.log(System.Logger.Level.DEBUG, "DHT request from " + stream.remotePeer() + " failed: " + reply.cause().getMessage());
                        stream.reset();
                    } else if (reply.result().body().length() > 0) {
                        stream.write(LengthPrefixedReader.frame(reply.result().body().getBytes()));
                    }
                }));
            }
        }).endHandler(() -> previous[0].onComplete(ignored -> stream.close()));
    }

    void connected(PeerId peer) {
        proxies.computeIfAbsent(peer, p -> vertx.eventBus().<Buffer>localConsumer(DhtContract.peerAddress(p),
                message -> ask(p, message)));
    }

    void disconnected(PeerId peer) {
        MessageConsumer<Buffer> proxy = proxies.remove(peer);
        if (proxy != null) {
            proxy.unregister();
        }
    }

    private void ask(PeerId peer, Message<Buffer> message) {
        byte[] request = message.body().getBytes();
        boolean expectsResponse;
        try {
            expectsResponse = KademliaProtos.Message.parseFrom(request).getType() != KademliaProtos.Message.MessageType.ADD_PROVIDER;
        } catch (InvalidProtocolBufferException e) {
            message.fail(400, "not a Kademlia message: " + e.getMessage());
            return;
        }
        Connection connection = connections.apply(peer);
        if (connection == null) {
            message.fail(503, "not connected to " + peer);
            return;
        }
        connection.openStream(ID).compose(stream -> {
            stream.write(LengthPrefixedReader.frame(request));
            if (!expectsResponse) {
                stream.close();
                return Future.succeededFuture(new byte[0]);
            }
            Promise<byte[]> response = Promise.promise();
            LengthPrefixedReader reader = new LengthPrefixedReader(MAX_MESSAGE);
            long timer = vertx.setTimer(RPC_TIMEOUT_MILLIS, id -> {
                response.tryFail(peer + " did not answer a DHT request in time");
                stream.reset();
            });
            stream.dataHandler(bytes -> {
                try {
                    List<byte[]> messages = reader.read(bytes);
                    if (!messages.isEmpty() && response.tryComplete(messages.get(0))) {
                        vertx.cancelTimer(timer);
                        stream.close();
                    }
                } catch (Libp2pException e) {
                    response.tryFail(e);
                    stream.reset();
                }
            }).endHandler(() -> response.tryFail(peer + " closed the DHT stream without answering"))
                    .resetHandler(() -> response.tryFail(peer + " reset the DHT stream"));
            return response.future();
        }).onComplete(done -> {
            if (done.succeeded()) {
                message.reply(Buffer.buffer(done.result()));
            } else {
                message.fail(503, "DHT request to " + peer + " failed: " + done.cause().getMessage());
            }
        });
    }
}
