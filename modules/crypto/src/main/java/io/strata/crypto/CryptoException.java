package io.strata.crypto;

/** A key that cannot be read or used; {@link #code()} is machine-readable. */
public final class CryptoException extends IllegalArgumentException {

    public enum Code {
        /** The bytes are not a well-formed key of the type they claim. */
        MALFORMED_KEY,
        /** A libp2p key type or key file format we do not implement (ECDSA, PKCS#8 secp256k1, encrypted PEM). */
        UNSUPPORTED_KEY_TYPE,
        /** A key file cannot be read, written or parsed. */
        KEY_FILE,
        /** A keystore key name that is empty, too long, reserved or not safe as a name. */
        INVALID_KEY_NAME,
        /** The keystore has no key of that name. */
        NO_SUCH_KEY,
        /** The keystore already has a key of that name. */
        KEY_EXISTS
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
