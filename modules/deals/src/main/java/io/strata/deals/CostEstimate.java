package io.strata.deals;

/**
 * What storing a payload with one provider costs, exactly: the payload becomes a piece of the smallest
 * power-of-two padded size whose Fr32 capacity (127/128 of it) holds the payload, the price per epoch is the
 * ask's for that padded size, and the fee is that price times the duration in epochs.
 *
 * @param payloadSize       payload bytes (a CAR of the DAG)
 * @param pieceSize         padded piece size
 * @param duration          deal duration in epochs
 * @param pricePerEpoch     storage price per epoch
 * @param totalStorageFee   pricePerEpoch * duration
 * @param providerCollateral the collateral the provider locks: what its ask offers for the piece
 * @param clientCollateral  the client's collateral (zero, as Filecoin clients propose)
 */
public record CostEstimate(long payloadSize, long pieceSize, long duration, TokenAmount pricePerEpoch,
                           TokenAmount totalStorageFee, TokenAmount providerCollateral,
                           TokenAmount clientCollateral) {

    /**
     * @throws DealsException {@code ASK_NOT_MET} if the ask does not take a piece of that size, or offers less
     *         collateral for it than the market's minimum (the market would refuse the deal), and
     *         {@code PAYLOAD_TOO_LARGE} for a payload no piece holds
     */
    public static CostEstimate of(StorageAsk ask, MarketPolicy policy, long payloadSize, long duration,
                                  boolean verified) {
        if (duration <= 0) {
            throw new IllegalArgumentException("a deal lasts at least one epoch; got " + duration);
        }
        long pieceSize = paddedPieceSize(payloadSize);
        if (!ask.accepts(pieceSize)) {
            throw new DealsException(DealsException.Code.ASK_NOT_MET, "a " + payloadSize + "-byte payload makes a "
                    + pieceSize + "-byte piece; " + ask.provider() + " takes pieces of " + ask.minPieceSize()
                    + " to " + ask.maxPieceSize() + " bytes");
        }
        TokenAmount price = ask.pricePerEpoch(pieceSize, verified);
        TokenAmount collateral = ask.collateral(pieceSize);
        TokenAmount minimum = policy.minProviderCollateral(pieceSize);
        if (collateral.lessThan(minimum)) {
            throw new DealsException(DealsException.Code.ASK_NOT_MET, ask.provider() + " offers " + collateral
                    + " collateral for a " + pieceSize + "-byte piece; the market requires at least " + minimum);
        }
        return new CostEstimate(payloadSize, pieceSize, duration, price, price.times(duration), collateral,
                TokenAmount.ZERO);
    }

    /** The padded size of the piece a payload of {@code payloadSize} bytes becomes. */
    public static long paddedPieceSize(long payloadSize) {
        return 32L << PieceInfo.heightForPayload(payloadSize);
    }

    /** What the client locks: its collateral plus the total fee. */
    public TokenAmount clientBalanceRequirement() {
        return clientCollateral.plus(totalStorageFee);
    }
}
