package io.strata.orbit;

/** A failure reading, verifying or writing OrbitDB data; {@link #code()} is machine-readable. */
public final class OrbitException extends IllegalArgumentException {

    public enum Code {
        /** An identity block is not an OrbitDB identity. */
        IDENTITY_MALFORMED,
        /** An identity's signatures do not verify, or its provider type is unknown. */
        IDENTITY_INVALID,
        /** A database or access controller manifest is not what OrbitDB writes. */
        MANIFEST_MALFORMED,
        /** A string is not an OrbitDB address {@code /orbitdb/<cid>}. */
        ADDRESS_INVALID,
        /** A document lacks the field the documents store is indexed by. */
        DOCUMENT_UNINDEXED,
        /** A document or key that was asked for is not in the store. */
        NOT_FOUND,
        /** A store snapshot is not one this store type writes, or does not belong to its log. */
        SNAPSHOT_MALFORMED,
        /** A document query condition is not one the store can evaluate (a non-scalar bound, no field). */
        QUERY_INVALID
    }

    private final Code code;

    public OrbitException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public OrbitException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
