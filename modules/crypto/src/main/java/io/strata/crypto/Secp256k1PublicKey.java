package io.strata.crypto;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.strata.multiformats.PeerId;
import io.strata.proto.crypto.CryptoProtos;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.math.ec.ECPoint;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A secp256k1 public key as libp2p serializes it: the 33-byte compressed SEC1 point inside a {@code PublicKey}
 * protobuf (type Secp256k1). Signatures are ECDSA over the SHA-256 digest of the message, DER-encoded.
 */
public final class Secp256k1PublicKey implements Libp2pPublicKey {

    /** Length of the compressed point: a 0x02 or 0x03 prefix and the 32-byte x coordinate. */
    public static final int COMPRESSED_LENGTH = 33;
    /** Length of the uncompressed point (0x04, x, y), which libp2p also reads. */
    public static final int UNCOMPRESSED_LENGTH = 65;

    private final ECPoint point;
    private final byte[] compressed;

    Secp256k1PublicKey(ECPoint point) {
        this.point = point.normalize();
        this.compressed = this.point.getEncoded(true);
    }

    /** The key from a SEC1 point: 33 bytes compressed or 65 bytes uncompressed; it must lie on the curve. */
    public static Secp256k1PublicKey fromRaw(byte[] raw) {
        if (raw.length != COMPRESSED_LENGTH && raw.length != UNCOMPRESSED_LENGTH) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "a secp256k1 public key has " + COMPRESSED_LENGTH
                    + " (compressed) or " + UNCOMPRESSED_LENGTH + " (uncompressed) bytes, not " + raw.length);
        }
        ECPoint point;
        try {
            point = Secp256k1.DOMAIN.getCurve().decodePoint(raw);
        } catch (IllegalArgumentException e) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "not a point on secp256k1: " + e.getMessage(), e);
        }
        if (point.isInfinity() || !point.isValid()) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "not a valid secp256k1 public key point");
        }
        return new Secp256k1PublicKey(point);
    }

    /** The key from a libp2p {@code PublicKey} protobuf of type Secp256k1. */
    public static Secp256k1PublicKey unmarshal(byte[] protobuf) {
        CryptoProtos.PublicKey message;
        try {
            message = CryptoProtos.PublicKey.parseFrom(protobuf);
        } catch (InvalidProtocolBufferException e) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "not a libp2p PublicKey protobuf: " + e.getMessage(), e);
        }
        if (message.getType() != CryptoProtos.KeyType.Secp256k1) {
            throw new CryptoException(CryptoException.Code.UNSUPPORTED_KEY_TYPE,
                    "expected a Secp256k1 public key, not " + message.getType());
        }
        return fromRaw(message.getData().toByteArray());
    }

    @Override
    public KeyType type() {
        return KeyType.SECP256K1;
    }

    /** The 33-byte compressed point. */
    public byte[] raw() {
        return compressed.clone();
    }

    /** The 65-byte uncompressed point (0x04, x, y). */
    public byte[] uncompressed() {
        return point.getEncoded(false);
    }

    /** The libp2p {@code PublicKey} protobuf: {@code 08 02 12 21} followed by the compressed point. */
    @Override
    public byte[] marshal() {
        return CryptoProtos.PublicKey.newBuilder()
                .setType(CryptoProtos.KeyType.Secp256k1)
                .setData(ByteString.copyFrom(compressed))
                .build()
                .toByteArray();
    }

    /**
     * True when {@code signature} is a DER-encoded ECDSA signature by this key of SHA-256({@code message}).
     * Both halves of s are accepted, as go-libp2p does; strict DER is required.
     */
    @Override
    public boolean verify(byte[] message, byte[] signature) {
        BigInteger[] rs;
        try {
            rs = StandardDSAEncoding.INSTANCE.decode(Secp256k1.ORDER, signature);
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(point, Secp256k1.DOMAIN));
        return verifier.verifySignature(sha256(message), rs[0], rs[1]);
    }

    /** The peer id: the 37-byte serialized key inlined in an identity multihash; prints as {@code 16Uiu2...}. */
    @Override
    public PeerId peerId() {
        return PeerId.fromPublicKey(marshal());
    }

    static byte[] sha256(byte[] message) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(message, 0, message.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secp256k1PublicKey key && Arrays.equals(compressed, key.compressed);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(compressed);
    }

    @Override
    public String toString() {
        return "Secp256k1PublicKey[" + HexFormat.of().formatHex(compressed) + "]";
    }
}
