package io.strata.deals;

/**
 * Input that cannot be a Filecoin piece: {@link #code()} is machine-readable, the message says which value
 * was wrong and what was expected.
 */
public final class DealsException extends IllegalArgumentException {

    public enum Code {
        /** More payload bytes than {@link PieceInfo#MAX_PAYLOAD_SIZE}. */
        PAYLOAD_TOO_LARGE,
        /** A CID that is neither a v1 nor a v2 piece CID, or whose multihash is malformed. */
        NOT_A_PIECE_CID,
        /** A root, height, padding or size that no piece can have. */
        INVALID_PIECE,
        /** Fr32-padded bytes whose two padding bits after a 254-bit field element are not zero. */
        INVALID_FR32
    }

    private final Code code;

    public DealsException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
