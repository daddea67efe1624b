package io.strata.libp2p.verticle;

/** A protocol served on streams the peer opens, such as Identify, Ping or Bitswap. */
public interface StreamProtocol {

    /** The multistream-select protocol id, for example {@code /ipfs/ping/1.0.0}. */
    String id();

    /** Takes over a stream the peer opened and negotiated to {@link #id()}; set its handlers before returning. */
    void serve(Libp2pStream stream);
}
