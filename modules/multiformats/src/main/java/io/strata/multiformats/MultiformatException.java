package io.strata.multiformats;

/**
 * Malformed multiformat input. {@link #code()} is machine-readable; the message says which byte or
 * character was wrong and what was expected there.
 */
public final class MultiformatException extends IllegalArgumentException {

    public enum Code {
        VARINT_TRUNCATED,
        VARINT_OVERFLOW,
        VARINT_NOT_MINIMAL,
        MULTIBASE_UNKNOWN_PREFIX,
        MULTIBASE_INVALID_CHARACTER,
        MULTIBASE_INVALID_LENGTH,
        MULTIHASH_TRUNCATED,
        MULTIHASH_UNSUPPORTED,
        MULTIHASH_LENGTH_MISMATCH,
        CID_MALFORMED,
        CID_UNSUPPORTED_VERSION,
        CID_TRAILING_BYTES,
        CODEC_UNKNOWN,
        PEER_ID_INVALID,
        MULTIADDR_INVALID,
        MULTIADDR_UNKNOWN_PROTOCOL,
        MULTIADDR_TRUNCATED
    }

    private final Code code;

    public MultiformatException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
