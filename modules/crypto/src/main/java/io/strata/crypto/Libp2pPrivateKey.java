package io.strata.crypto;

import com.google.protobuf.InvalidProtocolBufferException;
import io.strata.proto.crypto.CryptoProtos;

import java.security.SecureRandom;

/** A libp2p private key of any supported type. */
public sealed interface Libp2pPrivateKey permits Ed25519PrivateKey, Secp256k1PrivateKey, RsaPrivateKey {

    KeyType type();

    Libp2pPublicKey publicKey();

    /** The signature of {@code message} in this key type's libp2p scheme. */
    byte[] sign(byte[] message);

    /** The libp2p {@code PrivateKey} protobuf (Kubo's libp2p-protobuf-cleartext export format). */
    byte[] marshal();

    /** Reads a libp2p {@code PrivateKey} protobuf of any supported type. */
    static Libp2pPrivateKey unmarshal(byte[] protobuf) {
        CryptoProtos.PrivateKey message;
        try {
            message = CryptoProtos.PrivateKey.parseFrom(protobuf);
        } catch (InvalidProtocolBufferException e) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "not a libp2p PrivateKey protobuf: " + e.getMessage(), e);
        }
        return switch (KeyType.of(message.getType())) {
            case ED25519 -> Ed25519PrivateKey.unmarshal(protobuf);
            case SECP256K1 -> Secp256k1PrivateKey.unmarshal(protobuf);
            case RSA -> RsaPrivateKey.unmarshal(protobuf);
        };
    }

    /**
     * A new key of {@code type}; {@code rsaBits} is used for RSA only (Kubo's default is 2048) and must lie in
     * [{@value RsaPrivateKey#MIN_BITS}, {@value RsaPrivateKey#MAX_BITS}].
     */
    static Libp2pPrivateKey generate(KeyType type, int rsaBits, SecureRandom random) {
        return switch (type) {
            case ED25519 -> Ed25519PrivateKey.generate(random);
            case SECP256K1 -> Secp256k1PrivateKey.generate(random);
            case RSA -> RsaPrivateKey.generate(rsaBits, random);
        };
    }
}
