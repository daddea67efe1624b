package io.strata.crypto;

import com.google.protobuf.InvalidProtocolBufferException;
import io.strata.multiformats.PeerId;
import io.strata.proto.crypto.CryptoProtos;

/** A libp2p public key of any supported type: it verifies signatures and names a peer. */
public sealed interface Libp2pPublicKey permits Ed25519PublicKey, Secp256k1PublicKey, RsaPublicKey {

    KeyType type();

    /** The libp2p {@code PublicKey} protobuf. */
    byte[] marshal();

    /** True when {@code signature} is this key's signature of {@code message}, in its type's libp2p scheme. */
    boolean verify(byte[] message, byte[] signature);

    /** The multihash of {@link #marshal()}: identity when it is at most 42 bytes, sha2-256 otherwise. */
    default PeerId peerId() {
        return PeerId.fromPublicKey(marshal());
    }

    /** Reads a libp2p {@code PublicKey} protobuf of any supported type. */
    static Libp2pPublicKey unmarshal(byte[] protobuf) {
        CryptoProtos.PublicKey message;
        try {
            message = CryptoProtos.PublicKey.parseFrom(protobuf);
        } catch (InvalidProtocolBufferException e) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "not a libp2p PublicKey protobuf: " + e.getMessage(), e);
        }
        return switch (KeyType.of(message.getType())) {
            case ED25519 -> Ed25519PublicKey.unmarshal(protobuf);
            case SECP256K1 -> Secp256k1PublicKey.unmarshal(protobuf);
            case RSA -> RsaPublicKey.unmarshal(protobuf);
        };
    }
}
