package io.strata.deals;

import java.math.BigInteger;
import java.util.Objects;

import static io.strata.deals.DealsException.Code.ASK_NOT_MET;
import static io.strata.deals.DealsException.Code.WRONG_PROVIDER;

/**
 * A storage provider's terms, as Filecoin's StorageAsk: prices per GiB of padded piece per epoch (one for
 * verified deals), the piece sizes it takes, and its validity; plus the collateral per GiB the provider
 * offers to lock. A deal's price per epoch for a piece of padded size {@code s} is
 * {@code floor(price * s / 2^30)}, as Filecoin's providers compute the least price they accept.
 *
 * @param provider                    the provider's address
 * @param pricePerGiBPerEpoch         attoFIL per GiB per epoch for ordinary deals
 * @param verifiedPricePerGiBPerEpoch attoFIL per GiB per epoch for verified deals
 * @param minPieceSize                smallest padded piece taken, a power of two of at least 128 bytes
 * @param maxPieceSize                largest padded piece taken, a power of two, at least {@code minPieceSize}
 * @param collateralPerGiB            the provider collateral offered per GiB of padded piece
 * @param timestamp                   epoch the ask was made
 * @param expiry                      last epoch the ask holds
 * @param seqNo                       increases with every new ask of the provider
 */
public record StorageAsk(FilecoinAddress provider, TokenAmount pricePerGiBPerEpoch,
                         TokenAmount verifiedPricePerGiBPerEpoch, long minPieceSize, long maxPieceSize,
                         TokenAmount collateralPerGiB, long timestamp, long expiry, long seqNo) {

    public static final long GIB = 1L << 30;

    public StorageAsk {
        Objects.requireNonNull(provider, "provider");
        requireNonNegative(pricePerGiBPerEpoch, "pricePerGiBPerEpoch");
        requireNonNegative(verifiedPricePerGiBPerEpoch, "verifiedPricePerGiBPerEpoch");
        requireNonNegative(collateralPerGiB, "collateralPerGiB");
        DealProposalValidator.checkPieceSize(minPieceSize);
        DealProposalValidator.checkPieceSize(maxPieceSize);
        if (maxPieceSize < minPieceSize) {
            throw new IllegalArgumentException("maxPieceSize " + maxPieceSize + " is below minPieceSize " + minPieceSize);
        }
        if (expiry < timestamp || seqNo < 0) {
            throw new IllegalArgumentException("an ask expires at or after its timestamp and has a non-negative"
                    + " sequence number; got timestamp " + timestamp + ", expiry " + expiry + ", seqNo " + seqNo);
        }
    }

    /** The least price per epoch the provider takes for a piece of {@code pieceSize} padded bytes. */
    public TokenAmount pricePerEpoch(long pieceSize, boolean verified) {
        return perGiB(verified ? verifiedPricePerGiBPerEpoch : pricePerGiBPerEpoch, pieceSize);
    }

    /** The provider collateral the ask offers for a piece of {@code pieceSize} padded bytes. */
    public TokenAmount collateral(long pieceSize) {
        return perGiB(collateralPerGiB, pieceSize);
    }

    public boolean accepts(long pieceSize) {
        return pieceSize >= minPieceSize && pieceSize <= maxPieceSize;
    }

    public boolean isValidAt(long epoch) {
        return epoch >= timestamp && epoch <= expiry;
    }

    /**
     * The provider's own checks of a proposal against this ask, in go-fil-markets' order after the market's:
     * addressed to this provider, ask still valid, collateral within what the ask offers, price at least the
     * asking price, piece size within bounds.
     *
     * @throws DealsException {@code WRONG_PROVIDER} or {@code ASK_NOT_MET} with the numbers compared
     */
    public void check(DealProposal proposal, long currentEpoch) {
        if (!proposal.provider().equals(provider)) {
            throw new DealsException(WRONG_PROVIDER, "the proposal is for provider " + proposal.provider()
                    + "; this is " + provider);
        }
        if (!isValidAt(currentEpoch)) {
            throw new DealsException(ASK_NOT_MET, "the ask of " + provider + " holds from epoch " + timestamp
                    + " to " + expiry + "; it is epoch " + currentEpoch);
        }
        TokenAmount offered = collateral(proposal.pieceSize());
        if (offered.lessThan(proposal.providerCollateral())) {
            throw new DealsException(ASK_NOT_MET, "proposed provider collateral above what the ask offers: "
                    + proposal.providerCollateral() + " > " + offered);
        }
        TokenAmount minPrice = pricePerEpoch(proposal.pieceSize(), proposal.verifiedDeal());
        if (proposal.storagePricePerEpoch().lessThan(minPrice)) {
            throw new DealsException(ASK_NOT_MET, "storage price per epoch less than asking price: "
                    + proposal.storagePricePerEpoch() + " < " + minPrice);
        }
        if (proposal.pieceSize() < minPieceSize) {
            throw new DealsException(ASK_NOT_MET, "piece size less than minimum required size: "
                    + proposal.pieceSize() + " < " + minPieceSize);
        }
        if (proposal.pieceSize() > maxPieceSize) {
            throw new DealsException(ASK_NOT_MET, "piece size more than maximum allowed size: "
                    + proposal.pieceSize() + " > " + maxPieceSize);
        }
    }

    private static TokenAmount perGiB(TokenAmount amount, long pieceSize) {
        return TokenAmount.ofAtto(amount.attoFil().multiply(BigInteger.valueOf(pieceSize))
                .divide(BigInteger.valueOf(GIB)));
    }

    private static void requireNonNegative(TokenAmount amount, String name) {
        Objects.requireNonNull(amount, name);
        if (amount.isNegative()) {
            throw new IllegalArgumentException(name + " is negative: " + amount);
        }
    }
}
