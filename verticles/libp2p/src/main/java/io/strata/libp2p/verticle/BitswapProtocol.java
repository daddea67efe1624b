package io.strata.libp2p.verticle;

import io.strata.bitswap.BitswapMessage;
import io.strata.bitswap.verticle.BitswapContract;
import io.strata.libp2p.LengthPrefixedReader;
import io.strata.libp2p.Libp2pException;
import io.strata.multiformats.PeerId;
import io.strata.multiformats.Varint;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Carries Bitswap between the node's Bitswap verticle and libp2p peers without either side knowing the other.
 * Inbound: every length-prefixed message on a {@code /ipfs/bitswap/1.2.0} stream goes to the verticle's
 * node-addressed endpoint ({@code strata.bitswap.<self>}) with the libp2p peer as sender, exactly as a cluster
 * member's message would. Outbound: while a peer is connected, a local consumer on {@code strata.bitswap.<peer>}
 * takes what the verticle sends that peer and writes it to one long-lived stream to it. Streams the peer opens
 * are read for as long as it keeps them open, so one stream per message (Helia) and one stream for all (Kubo)
 * both work.
 */
final class BitswapProtocol implements StreamProtocol {

    static final String ID = "/ipfs/bitswap/1.2.0";
    /** A message may carry 4 MiB; a little room for the fields around it. */
    static final int MAX_MESSAGE = BitswapMessage.MAX_MESSAGE_BYTES + 64 * 1024;
    private static final System.Logger LOG = System.getLogger(BitswapProtocol.class.getName());

    private final Vertx vertx;
    private final PeerId self;
    private final Function<PeerId, Connection> connections;
    private final Map<PeerId, MessageConsumer<Buffer>> proxies = new HashMap<>();

    BitswapProtocol(Vertx vertx, PeerId self, Function<PeerId, Connection> connections) {
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
        DeliveryOptions from = new DeliveryOptions().addHeader(BitswapContract.FROM_HEADER, stream.remotePeer().toBase58());
        stream.dataHandler(bytes -> {
            try {
                for (byte[] message : reader.read(bytes)) {
                    vertx.eventBus().send(BitswapContract.peerAddress(self), Buffer.buffer(message), from);
                }
            } catch (Libp2pException e) {
                LOG.log(System.Logger.Level.DEBUG, "resetting a Bitswap stream from " + stream.remotePeer() + ": " + e.getMessage());
                stream.reset();
            }
        }).endHandler(stream::close);
    }

    /** Starts relaying the Bitswap verticle's messages for {@code peer} to it. */
    void connected(PeerId peer) {
        proxies.computeIfAbsent(peer, p -> vertx.eventBus().<Buffer>localConsumer(BitswapContract.peerAddress(p),
                message -> relay(p, message.body())));
    }

    void disconnected(PeerId peer) {
        MessageConsumer<Buffer> proxy = proxies.remove(peer);
        if (proxy != null) {
            proxy.unregister();
        }
    }

    private void relay(PeerId peer, Buffer message) {
        Connection connection = connections.apply(peer);
        if (connection == null) {
            return;
        }
        byte[] body = message.getBytes();
        connection.bitswapStream(ID).onComplete(opened -> {
            if (opened.succeeded()) {
                // Prefix and body share Yamux frames without being copied into one array first.
                opened.result().write(Varint.encode(body.length));
                opened.result().write(body);
            } else {
                LOG.log(System.Logger.Level.DEBUG, "no Bitswap stream to " + peer + ": " + opened.cause().getMessage());
            }
        });
    }
}
