package io.strata.crypto;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.strata.proto.crypto.CryptoProtos;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * An Ed25519 private key, held as its 32-byte seed (RFC 8032). libp2p stores it as a {@code PrivateKey}
 * protobuf whose Data is the seed followed by the public key (64 bytes), which is what {@link #marshal()}
 * writes and {@link #unmarshal(byte[])} reads.
 */
public final class Ed25519PrivateKey implements Libp2pPrivateKey {

    public static final int SEED_LENGTH = Ed25519PrivateKeyParameters.KEY_SIZE;
    /** Length of the libp2p serialization's Data: seed and public key. */
    public static final int MARSHALLED_DATA_LENGTH = SEED_LENGTH + Ed25519PublicKey.LENGTH;

    private final Ed25519PrivateKeyParameters parameters;
    private final Ed25519PublicKey publicKey;

    private Ed25519PrivateKey(Ed25519PrivateKeyParameters parameters) {
        this.parameters = parameters;
        this.publicKey = Ed25519PublicKey.fromRaw(parameters.generatePublicKey().getEncoded());
    }

    public static Ed25519PrivateKey generate(SecureRandom random) {
        return new Ed25519PrivateKey(new Ed25519PrivateKeyParameters(random));
    }

    public static Ed25519PrivateKey fromSeed(byte[] seed) {
        if (seed.length != SEED_LENGTH) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY,
                    "an Ed25519 seed has " + SEED_LENGTH + " bytes, not " + seed.length);
        }
        return new Ed25519PrivateKey(new Ed25519PrivateKeyParameters(seed, 0));
    }

    /**
     * The key from a libp2p {@code PrivateKey} protobuf. The public half stored after the seed must be the
     * one the seed derives, so a damaged file is rejected instead of yielding a different identity.
     */
    public static Ed25519PrivateKey unmarshal(byte[] protobuf) {
        CryptoProtos.PrivateKey message;
        try {
            message = CryptoProtos.PrivateKey.parseFrom(protobuf);
        } catch (InvalidProtocolBufferException e) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "not a libp2p PrivateKey protobuf: " + e.getMessage(), e);
        }
        if (message.getType() != CryptoProtos.KeyType.Ed25519) {
            throw new CryptoException(CryptoException.Code.UNSUPPORTED_KEY_TYPE,
                    "only Ed25519 private keys are supported, not " + message.getType());
        }
        byte[] data = message.getData().toByteArray();
        if (data.length != MARSHALLED_DATA_LENGTH) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY,
                    "an Ed25519 PrivateKey holds " + MARSHALLED_DATA_LENGTH + " bytes (seed and public key), not " + data.length);
        }
        Ed25519PrivateKey key = fromSeed(Arrays.copyOfRange(data, 0, SEED_LENGTH));
        if (!Arrays.equals(key.publicKey.raw(), Arrays.copyOfRange(data, SEED_LENGTH, MARSHALLED_DATA_LENGTH))) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY,
                    "the public key stored with the Ed25519 seed is not the one the seed derives");
        }
        return key;
    }

    @Override
    public KeyType type() {
        return KeyType.ED25519;
    }

    @Override
    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    public byte[] seed() {
        return parameters.getEncoded();
    }

    /** The 64-byte Ed25519 signature of {@code message}; deterministic. */
    @Override
    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, parameters);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /** The libp2p {@code PrivateKey} protobuf. */
    @Override
    public byte[] marshal() {
        byte[] data = new byte[MARSHALLED_DATA_LENGTH];
        parameters.encode(data, 0);
        System.arraycopy(publicKey.raw(), 0, data, SEED_LENGTH, Ed25519PublicKey.LENGTH);
        return CryptoProtos.PrivateKey.newBuilder()
                .setType(CryptoProtos.KeyType.Ed25519)
                .setData(ByteString.copyFrom(data))
                .build()
                .toByteArray();
    }

    @Override
    public String toString() {
        return "Ed25519PrivateKey[public " + publicKey + "]";
    }
}
