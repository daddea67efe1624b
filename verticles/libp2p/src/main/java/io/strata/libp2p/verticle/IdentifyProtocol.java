package io.strata.libp2p.verticle;

import com.google.protobuf.ByteString;
import io.strata.crypto.Libp2pPublicKey;
import io.strata.libp2p.LengthPrefixedReader;
import io.strata.multiformats.Multiaddr;
import io.strata.proto.identify.IdentifyProtos.Identify;

import java.util.Collection;
import java.util.function.Supplier;

/**
 * {@code /ipfs/id/1.0.0}: whoever opens the stream receives one length-prefixed Identify message (our key,
 * listen addresses, the protocols we serve and the address we see the peer at), then the stream is closed.
 */
final class IdentifyProtocol implements StreamProtocol {

    static final String ID = "/ipfs/id/1.0.0";
    static final String PROTOCOL_VERSION = "ipfs/0.1.0";
    static final String AGENT_VERSION = "strata/0.1.0";

    private final Libp2pPublicKey publicKey;
    private final Supplier<Collection<Multiaddr>> listenAddresses;
    private final Supplier<Collection<String>> protocols;

    IdentifyProtocol(Libp2pPublicKey publicKey, Supplier<Collection<Multiaddr>> listenAddresses,
                     Supplier<Collection<String>> protocols) {
        this.publicKey = publicKey;
        this.listenAddresses = listenAddresses;
        this.protocols = protocols;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void serve(Libp2pStream stream) {
        Identify.Builder message = Identify.newBuilder()
                .setProtocolVersion(PROTOCOL_VERSION)
                .setAgentVersion(AGENT_VERSION)
                .setPublicKey(ByteString.copyFrom(publicKey.marshal()))
                .addAllProtocols(protocols.get());
        for (Multiaddr address : listenAddresses.get()) {
            message.addListenAddrs(ByteString.copyFrom(address.bytes()));
        }
        Multiaddr observed = Addresses.multiaddr(stream.connection().socket().remoteAddress());
        if (observed != null) {
            message.setObservedAddr(ByteString.copyFrom(observed.bytes()));
        }
        stream.dataHandler(ignored -> { }).endHandler(() -> { });
        stream.write(LengthPrefixedReader.frame(message.build().toByteArray()));
        stream.close();
    }
}
