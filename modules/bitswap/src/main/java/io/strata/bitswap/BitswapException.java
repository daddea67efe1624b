package io.strata.bitswap;

/**
 * A Bitswap message or block that cannot be accepted. {@link #code()} is machine-readable; the message
 * says which part of the input was wrong.
 */
public final class BitswapException extends RuntimeException {

    public enum Code {
        MESSAGE_TOO_LARGE,
        BLOCK_TOO_LARGE,
        MALFORMED_MESSAGE,
        MALFORMED_CID,
        MALFORMED_PREFIX,
        UNSUPPORTED_HASH,
        BLOCK_HASH_MISMATCH
    }

    private final Code code;

    public BitswapException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public BitswapException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
