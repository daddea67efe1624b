package io.strata.libp2p;

/**
 * One step of a Noise handshake: bytes to send, the secure session once the handshake is complete (null
 * before) and the bytes that followed the last handshake message, which already belong to the session.
 */
public record NoiseStep(byte[] outbound, NoiseSession session, byte[] remainder) {

    public boolean done() {
        return session != null;
    }
}
