package io.strata.libp2p.verticle;

/** {@code /ipfs/ping/1.0.0}: every 32-byte payload the peer sends is echoed back on the same stream. */
final class PingProtocol implements StreamProtocol {

    static final String ID = "/ipfs/ping/1.0.0";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void serve(Libp2pStream stream) {
        stream.dataHandler(stream::write).endHandler(stream::close);
    }
}
