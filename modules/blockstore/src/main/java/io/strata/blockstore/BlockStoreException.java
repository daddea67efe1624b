package io.strata.blockstore;

/** A block store, pin store or repository failure; {@link #code()} is machine-readable. */
public final class BlockStoreException extends RuntimeException {

    public enum Code {
        /** A block larger than {@link BlockStore#MAX_BLOCK_SIZE}. */
        BLOCK_TOO_LARGE,
        NOT_FOUND,
        /** Another process (or another open store in this one) holds the repository's lock. */
        REPO_LOCKED,
        /** The directory holds something that is not a Strata repository of a version we read. */
        REPO_INCOMPATIBLE,
        /** The store was closed. */
        CLOSED,
        IO,
        /** Stored bytes do not match their key, or a stored record cannot be parsed. */
        CORRUPT,
        NOT_PINNED,
        /** A pin operation that contradicts an existing pin (for example a direct pin on a recursive one). */
        PIN_CONFLICT
    }

    private final Code code;

    public BlockStoreException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public BlockStoreException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
