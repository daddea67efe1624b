package io.strata.crypto;

import io.strata.proto.crypto.CryptoProtos;

import java.util.Locale;

/** The libp2p key types Strata implements, with their protobuf enum values and Kubo's names for them. */
public enum KeyType {
    RSA(CryptoProtos.KeyType.RSA, "rsa"),
    ED25519(CryptoProtos.KeyType.Ed25519, "ed25519"),
    SECP256K1(CryptoProtos.KeyType.Secp256k1, "secp256k1");

    private final CryptoProtos.KeyType protobuf;
    private final String kuboName;

    KeyType(CryptoProtos.KeyType protobuf, String kuboName) {
        this.protobuf = protobuf;
        this.kuboName = kuboName;
    }

    public CryptoProtos.KeyType protobuf() {
        return protobuf;
    }

    /** The name {@code ipfs key gen --type} takes. */
    public String kuboName() {
        return kuboName;
    }

    public static KeyType of(CryptoProtos.KeyType protobuf) {
        for (KeyType type : values()) {
            if (type.protobuf == protobuf) {
                return type;
            }
        }
        throw new CryptoException(CryptoException.Code.UNSUPPORTED_KEY_TYPE, "libp2p key type " + protobuf + " is not supported");
    }

    /** The type named as {@code ipfs key gen --type} names it (case-insensitive). */
    public static KeyType byKuboName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (KeyType type : values()) {
            if (type.kuboName.equals(lower)) {
                return type;
            }
        }
        throw new CryptoException(CryptoException.Code.UNSUPPORTED_KEY_TYPE,
                "unknown key type '" + name + "'; expected rsa, ed25519 or secp256k1");
    }
}
