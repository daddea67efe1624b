package io.strata.libp2p;

import org.bouncycastle.math.ec.rfc7748.X25519;

import java.security.SecureRandom;

/** A Curve25519 Diffie-Hellman key pair: Noise's static and ephemeral keys. */
public record X25519KeyPair(byte[] privateKey, byte[] publicKey) {

    public static final int KEY_LENGTH = 32;

    public static X25519KeyPair generate(SecureRandom random) {
        byte[] privateKey = new byte[KEY_LENGTH];
        X25519.generatePrivateKey(random, privateKey);
        return fromPrivateKey(privateKey);
    }

    public static X25519KeyPair fromPrivateKey(byte[] privateKey) {
        if (privateKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an X25519 private key has 32 bytes, not " + privateKey.length);
        }
        byte[] publicKey = new byte[KEY_LENGTH];
        X25519.generatePublicKey(privateKey, 0, publicKey, 0);
        return new X25519KeyPair(privateKey.clone(), publicKey);
    }

    /** The shared secret with {@code remotePublicKey}; a low-order remote key (all-zero result) is refused. */
    byte[] agree(byte[] remotePublicKey) {
        byte[] shared = new byte[KEY_LENGTH];
        if (!X25519.calculateAgreement(privateKey, 0, remotePublicKey, 0, shared, 0)) {
            throw new Libp2pException(Libp2pException.Code.HANDSHAKE_FAILED, "the peer's X25519 key has low order");
        }
        return shared;
    }
}
