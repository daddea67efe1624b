package io.strata.pinning;

/** A pinning request or stored pin that cannot be honoured; {@link #code()} says why. */
public final class PinningException extends IllegalArgumentException {

    /** Machine-readable reasons, mapped to HTTP statuses by the API layer. */
    public enum Code {
        INVALID_REPLICATION,
        INVALID_CONSTRAINT,
        INSUFFICIENT_PEERS,
        MALFORMED_RECORD
    }

    private final Code code;

    public PinningException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
