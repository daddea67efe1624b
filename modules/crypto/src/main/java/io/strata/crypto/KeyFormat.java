package io.strata.crypto;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The private key file formats of {@code ipfs key export/import --format}: {@code libp2p-protobuf-cleartext}
 * (the libp2p {@code PrivateKey} protobuf) and {@code pem-pkcs8-cleartext} (a PEM "PRIVATE KEY" block holding
 * PKCS#8). Like Kubo, PKCS#8 covers Ed25519 and RSA only; Go's x509 package has no secp256k1.
 */
public enum KeyFormat {
    LIBP2P_PROTOBUF_CLEARTEXT("libp2p-protobuf-cleartext") {
        @Override
        public byte[] encode(Libp2pPrivateKey key) {
            return key.marshal();
        }

        @Override
        public Libp2pPrivateKey decode(byte[] bytes) {
            return Libp2pPrivateKey.unmarshal(bytes);
        }
    },
    PEM_PKCS8_CLEARTEXT("pem-pkcs8-cleartext") {
        @Override
        public byte[] encode(Libp2pPrivateKey key) {
            PrivateKeyInfo info;
            try {
                if (key instanceof Ed25519PrivateKey ed25519) {
                    info = new PrivateKeyInfo(new AlgorithmIdentifier(ID_ED25519),
                            new DEROctetString(ed25519.seed()));
                } else if (key instanceof RsaPrivateKey rsa) {
                    info = new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                            org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(rsa.pkcs1()));
                } else {
                    throw new CryptoException(CryptoException.Code.UNSUPPORTED_KEY_TYPE, key.type().kuboName()
                            + " keys cannot be written as PKCS#8 (Kubo cannot either); use libp2p-protobuf-cleartext");
                }
                return pem(info.getEncoded("DER"));
            } catch (IOException e) {
                throw new IllegalStateException("DER encoding of a private key failed", e);
            }
        }

        @Override
        public Libp2pPrivateKey decode(byte[] bytes) {
            PrivateKeyInfo info;
            try {
                info = PrivateKeyInfo.getInstance(unpem(bytes));
            } catch (IllegalArgumentException | IllegalStateException e) {
                if (e instanceof CryptoException crypto) {
                    throw crypto;
                }
                throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "not a PKCS#8 PrivateKeyInfo: " + e.getMessage(), e);
            }
            ASN1ObjectIdentifier algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
            try {
                if (algorithm.equals(ID_ED25519)) {
                    return Ed25519PrivateKey.fromSeed(ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets());
                }
                if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                    return RsaPrivateKey.fromPkcs1(info.parsePrivateKey().toASN1Primitive().getEncoded("DER"));
                }
            } catch (IOException | IllegalArgumentException e) {
                if (e instanceof CryptoException crypto) {
                    throw crypto;
                }
                throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "unreadable PKCS#8 private key: " + e.getMessage(), e);
            }
            throw new CryptoException(CryptoException.Code.UNSUPPORTED_KEY_TYPE,
                    "PKCS#8 key algorithm " + algorithm + " is not supported; Ed25519 and RSA are");
        }
    };

    /** RFC 8410's id-Ed25519. */
    private static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");
    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";

    private final String kuboName;

    KeyFormat(String kuboName) {
        this.kuboName = kuboName;
    }

    /** The value of Kubo's {@code --format} option. */
    public String kuboName() {
        return kuboName;
    }

    public abstract byte[] encode(Libp2pPrivateKey key);

    public abstract Libp2pPrivateKey decode(byte[] bytes);

    public static KeyFormat byKuboName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (KeyFormat format : values()) {
            if (format.kuboName.equals(lower)) {
                return format;
            }
        }
        throw new CryptoException(CryptoException.Code.UNSUPPORTED_KEY_TYPE,
                "unknown key format '" + name + "'; expected libp2p-protobuf-cleartext or pem-pkcs8-cleartext");
    }

    private static byte[] pem(byte[] der) {
        StringBuilder text = new StringBuilder(PEM_BEGIN).append('\n');
        String base64 = Base64.getEncoder().encodeToString(der);
        for (int i = 0; i < base64.length(); i += 64) {
            text.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
        }
        return text.append(PEM_END).append('\n').toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] unpem(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.US_ASCII);
        int begin = text.indexOf(PEM_BEGIN);
        int end = text.indexOf(PEM_END);
        if (begin < 0 || end < begin) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY,
                    "not a PEM \"PRIVATE KEY\" block (encrypted keys are not supported)");
        }
        String body = text.substring(begin + PEM_BEGIN.length(), end).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "the PEM body is not base64: " + e.getMessage(), e);
        }
    }
}
