package io.strata.deals;

import java.util.Objects;

import static io.strata.deals.DealsException.Code.CLIENT_COLLATERAL_OUT_OF_BOUNDS;
import static io.strata.deals.DealsException.Code.DURATION_OUT_OF_BOUNDS;
import static io.strata.deals.DealsException.Code.INVALID_EPOCHS;
import static io.strata.deals.DealsException.Code.INVALID_PIECE_SIZE;
import static io.strata.deals.DealsException.Code.LABEL_TOO_LONG;
import static io.strata.deals.DealsException.Code.NOT_A_PIECE_CID;
import static io.strata.deals.DealsException.Code.PRICE_OUT_OF_BOUNDS;
import static io.strata.deals.DealsException.Code.PROVIDER_COLLATERAL_OUT_OF_BOUNDS;

/**
 * The checks Filecoin's market actor makes before it publishes a deal, in its order: the client's signature,
 * the label length, the piece size (a power of two, at least 128 bytes), the piece CID (v1, CommP), end after
 * start, start not yet elapsed, then duration, price, provider collateral and client collateral within the
 * {@link MarketPolicy}'s bounds. The first failed check throws.
 */
public final class DealProposalValidator {

    /** The smallest padded piece: one Fr32 quad. */
    public static final long MIN_PIECE_SIZE = 128;

    private final MarketPolicy policy;
    private final ClientAuthenticator authenticator;
    private final EpochClock clock;

    public DealProposalValidator(MarketPolicy policy, ClientAuthenticator authenticator, EpochClock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @throws DealsException with the code and reason of the first check that fails
     */
    public void validate(ClientDealProposal signed) {
        DealProposal proposal = signed.proposal();
        authenticator.authenticate(proposal.client(), proposal.toCbor(), signed.clientSignature());
        validateTerms(proposal, clock.currentEpoch());
    }

    /** Every check but the signature's, at {@code currentEpoch}. */
    public void validateTerms(DealProposal proposal, long currentEpoch) {
        if (proposal.label().length() > policy.maxLabelSize()) {
            throw new DealsException(LABEL_TOO_LONG, "deal label can be at most " + policy.maxLabelSize()
                    + " bytes, is " + proposal.label().length());
        }
        checkPieceSize(proposal.pieceSize());
        if (!PieceCid.isV1(proposal.pieceCid()) || proposal.pieceCid().multihash().digest().length != 32) {
            throw new DealsException(NOT_A_PIECE_CID, "proposal PieceCID " + proposal.pieceCid() + " is not a v1"
                    + " piece CID (fil-commitment-unsealed, sha2-256-trunc254-padded, 32-byte root)");
        }
        if (proposal.endEpoch() <= proposal.startEpoch()) {
            throw new DealsException(INVALID_EPOCHS, "proposal end epoch " + proposal.endEpoch()
                    + " is not after its start epoch " + proposal.startEpoch());
        }
        if (currentEpoch > proposal.startEpoch()) {
            throw new DealsException(INVALID_EPOCHS, "deal start epoch " + proposal.startEpoch()
                    + " has already elapsed at epoch " + currentEpoch);
        }
        if (proposal.duration() < policy.minDuration() || proposal.duration() > policy.maxDuration()) {
            throw new DealsException(DURATION_OUT_OF_BOUNDS, "deal duration " + proposal.duration()
                    + " epochs is outside [" + policy.minDuration() + ", " + policy.maxDuration() + "]");
        }
        checkBounds(proposal.storagePricePerEpoch(), TokenAmount.ZERO, policy.maxPricePerEpoch(),
                PRICE_OUT_OF_BOUNDS, "storage price per epoch");
        checkBounds(proposal.providerCollateral(), policy.minProviderCollateral(proposal.pieceSize()),
                policy.maxProviderCollateral(), PROVIDER_COLLATERAL_OUT_OF_BOUNDS, "provider collateral");
        checkBounds(proposal.clientCollateral(), TokenAmount.ZERO, policy.maxClientCollateral(),
                CLIENT_COLLATERAL_OUT_OF_BOUNDS, "client collateral");
    }

    /**
     * @throws DealsException {@code INVALID_PIECE_SIZE} unless {@code paddedSize} is a power of two of at
     *         least 128 bytes
     */
    public static void checkPieceSize(long paddedSize) {
        if (paddedSize < MIN_PIECE_SIZE) {
            throw new DealsException(INVALID_PIECE_SIZE, "padded piece size " + paddedSize
                    + " is below the minimum of " + MIN_PIECE_SIZE + " bytes");
        }
        if (Long.bitCount(paddedSize) != 1) {
            throw new DealsException(INVALID_PIECE_SIZE, "padded piece size " + paddedSize
                    + " is not a power of two");
        }
    }

    private static void checkBounds(TokenAmount amount, TokenAmount min, TokenAmount max, DealsException.Code code,
                                    String what) {
        if (amount.lessThan(min) || max.lessThan(amount)) {
            throw new DealsException(code, what + " " + amount + " is outside [" + min + ", " + max + "]");
        }
    }
}
