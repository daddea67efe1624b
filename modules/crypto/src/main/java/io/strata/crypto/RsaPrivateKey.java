package io.strata.crypto;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.strata.proto.crypto.CryptoProtos;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;

/**
 * An RSA private key as libp2p serializes it: the PKCS#1 DER RSAPrivateKey inside a {@code PrivateKey}
 * protobuf (type RSA). Signs with RSASSA-PKCS1-v1_5 and SHA-256. go-libp2p refuses keys under 2048 bits
 * and over 8192 bits; so do we.
 */
public final class RsaPrivateKey implements Libp2pPrivateKey {

    public static final int MIN_BITS = 2048;
    public static final int MAX_BITS = 8192;

    private final RSAPrivateCrtKey key;
    private final RsaPublicKey publicKey;

    private RsaPrivateKey(RSAPrivateCrtKey key) {
        this.key = key;
        try {
            this.publicKey = new RsaPublicKey((RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent())));
        } catch (GeneralSecurityException e) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "cannot derive the RSA public key: " + e.getMessage(), e);
        }
    }

    public static RsaPrivateKey generate(int bits, SecureRandom random) {
        checkBits(bits);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), random);
            return new RsaPrivateKey((RSAPrivateCrtKey) generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is unavailable", e);
        }
    }

    /** The key from a PKCS#1 DER RSAPrivateKey. */
    public static RsaPrivateKey fromPkcs1(byte[] der) {
        org.bouncycastle.asn1.pkcs.RSAPrivateKey asn1;
        try {
            asn1 = org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(der);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "not a PKCS#1 RSAPrivateKey: " + e.getMessage(), e);
        }
        checkBits(asn1.getModulus().bitLength());
        RSAPrivateCrtKey key;
        try {
            key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(
                    asn1.getModulus(), asn1.getPublicExponent(), asn1.getPrivateExponent(), asn1.getPrime1(),
                    asn1.getPrime2(), asn1.getExponent1(), asn1.getExponent2(), asn1.getCoefficient()));
        } catch (GeneralSecurityException e) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "unusable RSA private key: " + e.getMessage(), e);
        }
        if (!asn1.getPrime1().multiply(asn1.getPrime2()).equals(asn1.getModulus())) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "the RSA primes do not multiply to the modulus");
        }
        return new RsaPrivateKey(key);
    }

    public static RsaPrivateKey unmarshal(byte[] protobuf) {
        CryptoProtos.PrivateKey message;
        try {
            message = CryptoProtos.PrivateKey.parseFrom(protobuf);
        } catch (InvalidProtocolBufferException e) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "not a libp2p PrivateKey protobuf: " + e.getMessage(), e);
        }
        if (message.getType() != CryptoProtos.KeyType.RSA) {
            throw new CryptoException(CryptoException.Code.UNSUPPORTED_KEY_TYPE, "expected an RSA private key, not " + message.getType());
        }
        return fromPkcs1(message.getData().toByteArray());
    }

    static void checkBits(int bits) {
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY,
                    "RSA keys must have " + MIN_BITS + " to " + MAX_BITS + " bits, not " + bits);
        }
    }

    @Override
    public KeyType type() {
        return KeyType.RSA;
    }

    @Override
    public RsaPublicKey publicKey() {
        return publicKey;
    }

    /** The PKCS#1 DER RSAPrivateKey. */
    public byte[] pkcs1() {
        try {
            return new org.bouncycastle.asn1.pkcs.RSAPrivateKey(key.getModulus(), key.getPublicExponent(),
                    key.getPrivateExponent(), key.getPrimeP(), key.getPrimeQ(), key.getPrimeExponentP(),
                    key.getPrimeExponentQ(), key.getCrtCoefficient()).getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of an RSA key failed", e);
        }
    }

    @Override
    public byte[] sign(byte[] message) {
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA signing failed", e);
        }
    }

    @Override
    public byte[] marshal() {
        return CryptoProtos.PrivateKey.newBuilder()
                .setType(CryptoProtos.KeyType.RSA)
                .setData(ByteString.copyFrom(pkcs1()))
                .build()
                .toByteArray();
    }

    @Override
    public String toString() {
        return "RsaPrivateKey[public " + publicKey + "]";
    }
}
