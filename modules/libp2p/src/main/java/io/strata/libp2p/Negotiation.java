package io.strata.libp2p;

/**
 * One step of a multistream-select negotiation: bytes to send to the peer, the protocol agreed on (null while
 * still negotiating) and, once agreed, the bytes the peer already sent for that protocol.
 */
public record Negotiation(byte[] outbound, String protocol, byte[] remainder) {

    public boolean done() {
        return protocol != null;
    }
}
