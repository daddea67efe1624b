package io.strata.kademlia;

/** The one failure type of the Kademlia core; {@link #code()} is machine readable. */
public final class KademliaException extends RuntimeException {

    public enum Code {
        INVALID_KEY,
        INVALID_RECORD,
        INVALID_ARGUMENT,
        MALFORMED_MESSAGE
    }

    private final Code code;

    public KademliaException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
