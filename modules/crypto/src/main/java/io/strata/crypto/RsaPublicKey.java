package io.strata.crypto;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.strata.proto.crypto.CryptoProtos;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * An RSA public key as libp2p serializes it: the DER SubjectPublicKeyInfo (PKIX) inside a {@code PublicKey}
 * protobuf (type RSA). Signatures are RSASSA-PKCS1-v1_5 with SHA-256. Its peer id is a sha2-256 multihash
 * ({@code Qm...}) because the serialized key is longer than 42 bytes.
 */
public final class RsaPublicKey implements Libp2pPublicKey {

    private final RSAPublicKey key;
    private final byte[] pkix;

    RsaPublicKey(RSAPublicKey key) {
        this.key = key;
        this.pkix = key.getEncoded();
    }

    /** The key from its DER SubjectPublicKeyInfo; its modulus must have {@value RsaPrivateKey#MIN_BITS} to {@value RsaPrivateKey#MAX_BITS} bits. */
    public static RsaPublicKey fromPkix(byte[] der) {
        RSAPublicKey key;
        try {
            key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "not a DER RSA SubjectPublicKeyInfo: " + e.getMessage(), e);
        }
        RsaPrivateKey.checkBits(key.getModulus().bitLength());
        return new RsaPublicKey(key);
    }

    public static RsaPublicKey unmarshal(byte[] protobuf) {
        CryptoProtos.PublicKey message;
        try {
            message = CryptoProtos.PublicKey.parseFrom(protobuf);
        } catch (InvalidProtocolBufferException e) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "not a libp2p PublicKey protobuf: " + e.getMessage(), e);
        }
        if (message.getType() != CryptoProtos.KeyType.RSA) {
            throw new CryptoException(CryptoException.Code.UNSUPPORTED_KEY_TYPE, "expected an RSA public key, not " + message.getType());
        }
        return fromPkix(message.getData().toByteArray());
    }

    @Override
    public KeyType type() {
        return KeyType.RSA;
    }

    /** The DER SubjectPublicKeyInfo. */
    public byte[] pkix() {
        return pkix.clone();
    }

    public int bits() {
        return key.getModulus().bitLength();
    }

    @Override
    public byte[] marshal() {
        return CryptoProtos.PublicKey.newBuilder()
                .setType(CryptoProtos.KeyType.RSA)
                .setData(ByteString.copyFrom(pkix))
                .build()
                .toByteArray();
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RsaPublicKey that && Arrays.equals(pkix, that.pkix);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pkix);
    }

    @Override
    public String toString() {
        return "RsaPublicKey[" + bits() + " bits, " + peerId() + "]";
    }
}
