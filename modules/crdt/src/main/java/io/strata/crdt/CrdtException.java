package io.strata.crdt;

/** A CRDT or operation-log failure; {@link #code()} is machine-readable. */
public final class CrdtException extends IllegalArgumentException {

    public enum Code {
        /** Serialized state does not have the shape this CRDT writes. */
        STATE_MALFORMED,
        /** A log entry's bytes are not an OrbitDB v2 entry. */
        ENTRY_MALFORMED,
        /** A log entry's bytes do not hash to the CID they were fetched under. */
        ENTRY_CID_MISMATCH,
        /** A log entry belongs to another log (its {@code id} differs). */
        ENTRY_WRONG_LOG,
        /** The log's verifier refused an entry (signature or write access). */
        ENTRY_REFUSED,
        /** An entry's causal predecessor could neither be found nor fetched. */
        ENTRY_MISSING,
        /** A received clock reading is further ahead of the local physical clock than allowed. */
        CLOCK_DRIFT,
        /** A counter or clock would leave the range of a signed 64-bit integer. */
        OVERFLOW
    }

    private final Code code;

    public CrdtException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public CrdtException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
