package io.strata.crypto;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.strata.multiformats.PeerId;
import io.strata.proto.crypto.CryptoProtos;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.util.Arrays;
import java.util.HexFormat;

/** An Ed25519 public key: 32 bytes (RFC 8032), serialized for libp2p as a {@code PublicKey} protobuf. */
public final class Ed25519PublicKey implements Libp2pPublicKey {

    public static final int LENGTH = Ed25519PublicKeyParameters.KEY_SIZE;

    private final byte[] raw;
    private final Ed25519PublicKeyParameters parameters;

    private Ed25519PublicKey(byte[] raw) {
        this.raw = raw;
        this.parameters = new Ed25519PublicKeyParameters(raw, 0);
    }

    /** The key from its 32 raw bytes. */
    public static Ed25519PublicKey fromRaw(byte[] raw) {
        if (raw.length != LENGTH) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY,
                    "an Ed25519 public key has " + LENGTH + " bytes, not " + raw.length);
        }
        return new Ed25519PublicKey(raw.clone());
    }

    /** The key from a libp2p {@code PublicKey} protobuf. */
    public static Ed25519PublicKey unmarshal(byte[] protobuf) {
        CryptoProtos.PublicKey message;
        try {
            message = CryptoProtos.PublicKey.parseFrom(protobuf);
        } catch (InvalidProtocolBufferException e) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "not a libp2p PublicKey protobuf: " + e.getMessage(), e);
        }
        if (message.getType() != CryptoProtos.KeyType.Ed25519) {
            throw new CryptoException(CryptoException.Code.UNSUPPORTED_KEY_TYPE,
                    "only Ed25519 public keys are supported, not " + message.getType());
        }
        return fromRaw(message.getData().toByteArray());
    }

    @Override
    public KeyType type() {
        return KeyType.ED25519;
    }

    public byte[] raw() {
        return raw.clone();
    }

    /** The libp2p {@code PublicKey} protobuf: {@code 08 01 12 20} followed by the 32 key bytes. */
    @Override
    public byte[] marshal() {
        return CryptoProtos.PublicKey.newBuilder()
                .setType(CryptoProtos.KeyType.Ed25519)
                .setData(ByteString.copyFrom(raw))
                .build()
                .toByteArray();
    }

    /** True when {@code signature} is this key's Ed25519 signature of {@code message}. */
    @Override
    public boolean verify(byte[] message, byte[] signature) {
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, parameters);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    /**
     * The peer id: the serialized key (36 bytes, under the 42-byte limit of the peer-ids spec) inlined in an
     * identity multihash; prints as {@code 12D3KooW...}.
     */
    @Override
    public PeerId peerId() {
        return PeerId.fromPublicKey(marshal());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Ed25519PublicKey key && Arrays.equals(raw, key.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "Ed25519PublicKey[" + HexFormat.of().formatHex(raw) + "]";
    }
}
