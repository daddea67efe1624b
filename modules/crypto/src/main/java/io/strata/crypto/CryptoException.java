package io.strata.crypto;

/** A key that cannot be read or used; {@link #code()} is machine-readable. */
public final class CryptoException extends IllegalArgumentException {

    public enum Code {
        /** The bytes are not a well-formed key of the type they claim. */
        MALFORMED_KEY,
        /** A libp2p key type we do not implement (yet): RSA, Secp256k1, ECDSA. */
        UNSUPPORTED_KEY_TYPE,
        /** The identity key file cannot be read, written or parsed. */
        KEY_FILE
    }

    private final Code code;

    public CryptoException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public CryptoException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
