package io.strata.deals;

/**
 * Input that cannot be a Filecoin piece, a valid deal or a legal step of one: {@link #code()} is
 * machine-readable, the message says which value was wrong and what was expected.
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
        INVALID_FR32,
        /** Bytes that are not a Filecoin address, or an address of a protocol we do not handle. */
        INVALID_ADDRESS,
        /** Bytes that are not a Filecoin big integer (token amount) in its canonical form. */
        INVALID_TOKEN_AMOUNT,
        /** A serialized deal proposal, signed proposal, ask or proof that does not decode. */
        MALFORMED,
        /** A signature missing, of an unsupported type, not made by the client's key, or a client unknown. */
        INVALID_SIGNATURE,
        /** A deal label longer than the market allows (256 bytes). */
        LABEL_TOO_LONG,
        /** A padded piece size that is not a power of two of at least 128 bytes. */
        INVALID_PIECE_SIZE,
        /** End epoch not after start epoch, or a start epoch already elapsed. */
        INVALID_EPOCHS,
        /** A duration outside the market's bounds. */
        DURATION_OUT_OF_BOUNDS,
        /** A storage price per epoch outside the market's bounds. */
        PRICE_OUT_OF_BOUNDS,
        /** A provider collateral outside the market's bounds. */
        PROVIDER_COLLATERAL_OUT_OF_BOUNDS,
        /** A client collateral outside the market's bounds. */
        CLIENT_COLLATERAL_OUT_OF_BOUNDS,
        /** A proposal that the provider's ask does not cover: piece too small or large, price or collateral low. */
        ASK_NOT_MET,
        /** A proposal addressed to another provider. */
        WRONG_PROVIDER,
        /** An event that the deal's current state does not allow. */
        ILLEGAL_TRANSITION,
        /** A proof challenge that cannot be made: no leaves to challenge, too many challenges. */
        INVALID_CHALLENGE
    }

    private final Code code;

    public DealsException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public DealsException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
