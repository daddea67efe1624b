package io.strata.crypto;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.strata.proto.crypto.CryptoProtos;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.util.BigIntegers;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * A secp256k1 private key: a scalar in [1, n-1], serialized by libp2p as its 32 big-endian bytes inside a
 * {@code PrivateKey} protobuf (type Secp256k1). Signatures are deterministic (RFC 6979) ECDSA over
 * SHA-256(message) with a low s, DER-encoded, as go-libp2p and js-libp2p produce them.
 */
public final class Secp256k1PrivateKey implements Libp2pPrivateKey {

    public static final int LENGTH = 32;

    private final BigInteger scalar;
    private final Secp256k1PublicKey publicKey;

    private Secp256k1PrivateKey(BigInteger scalar) {
        this.scalar = scalar;
        this.publicKey = new Secp256k1PublicKey(Secp256k1.DOMAIN.getG().multiply(scalar));
    }

    public static Secp256k1PrivateKey generate(SecureRandom random) {
        BigInteger scalar;
        do {
            scalar = BigIntegers.createRandomBigInteger(Secp256k1.ORDER.bitLength(), random);
        } while (scalar.signum() == 0 || scalar.compareTo(Secp256k1.ORDER) >= 0);
        return new Secp256k1PrivateKey(scalar);
    }

    /** The key from its 32 big-endian bytes; the scalar must lie in [1, n-1]. */
    public static Secp256k1PrivateKey fromRaw(byte[] raw) {
        if (raw.length != LENGTH) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY,
                    "a secp256k1 private key has " + LENGTH + " bytes, not " + raw.length);
        }
        BigInteger scalar = new BigInteger(1, raw);
        if (scalar.signum() == 0 || scalar.compareTo(Secp256k1.ORDER) >= 0) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "a secp256k1 private key must lie in [1, n-1]");
        }
        return new Secp256k1PrivateKey(scalar);
    }

    /** The key from a libp2p {@code PrivateKey} protobuf of type Secp256k1. */
    public static Secp256k1PrivateKey unmarshal(byte[] protobuf) {
        CryptoProtos.PrivateKey message;
        try {
            message = CryptoProtos.PrivateKey.parseFrom(protobuf);
        } catch (InvalidProtocolBufferException e) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "not a libp2p PrivateKey protobuf: " + e.getMessage(), e);
        }
        if (message.getType() != CryptoProtos.KeyType.Secp256k1) {
            throw new CryptoException(CryptoException.Code.UNSUPPORTED_KEY_TYPE,
                    "expected a Secp256k1 private key, not " + message.getType());
        }
        return fromRaw(message.getData().toByteArray());
    }

    @Override
    public KeyType type() {
        return KeyType.SECP256K1;
    }

    @Override
    public Secp256k1PublicKey publicKey() {
        return publicKey;
    }

    /** The 32 big-endian bytes of the scalar. */
    public byte[] raw() {
        return BigIntegers.asUnsignedByteArray(LENGTH, scalar);
    }

    /** The DER-encoded ECDSA signature of SHA-256({@code message}); deterministic, s in the lower half. */
    @Override
    public byte[] sign(byte[] message) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(scalar, Secp256k1.DOMAIN));
        BigInteger[] rs = signer.generateSignature(Secp256k1PublicKey.sha256(message));
        BigInteger s = rs[1].compareTo(Secp256k1.HALF_ORDER) > 0 ? Secp256k1.ORDER.subtract(rs[1]) : rs[1];
        try {
            return StandardDSAEncoding.INSTANCE.encode(Secp256k1.ORDER, rs[0], s);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of an in-range signature failed", e);
        }
    }

    /** The libp2p {@code PrivateKey} protobuf: {@code 08 02 12 20} followed by the 32-byte scalar. */
    @Override
    public byte[] marshal() {
        return CryptoProtos.PrivateKey.newBuilder()
                .setType(CryptoProtos.KeyType.Secp256k1)
                .setData(ByteString.copyFrom(raw()))
                .build()
                .toByteArray();
    }

    @Override
    public String toString() {
        return "Secp256k1PrivateKey[public " + publicKey + "]";
    }
}
