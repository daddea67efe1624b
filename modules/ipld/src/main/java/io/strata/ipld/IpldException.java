package io.strata.ipld;

/** Malformed or unsupported IPLD data; {@link #code()} is machine-readable. */
public final class IpldException extends IllegalArgumentException {

    public enum Code {
        DAGPB_MALFORMED,
        DAGPB_NOT_CANONICAL,
        DAGCBOR_MALFORMED,
        DAGCBOR_NOT_CANONICAL,
        DAGJSON_MALFORMED,
        DAGJSON_NOT_CANONICAL,
        /** A Java value handed to an encoder is outside the IPLD data model (see codec.DataModel). */
        DATA_MODEL_INVALID,
        UNIXFS_MALFORMED,
        UNIXFS_NOT_A_FILE,
        UNIXFS_NOT_A_DIRECTORY,
        UNIXFS_INVALID_NAME,
        PATH_NOT_FOUND,
        CAR_MALFORMED,
        CAR_BLOCK_MISMATCH,
        BLOCK_NOT_FOUND,
        BLOCK_TOO_LARGE,
        UNSUPPORTED
    }

    private final Code code;

    public IpldException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public IpldException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
