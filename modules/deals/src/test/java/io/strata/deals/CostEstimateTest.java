package io.strata.deals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CostEstimateTest {

    private static final MarketPolicy FREE_COLLATERAL = MarketPolicy.filecoin(BigInteger.ONE, BigInteger.ONE,
            TokenAmount.ZERO);

    @Test
    void paddedPieceSizeIsTheSmallestPowerOfTwoWhoseFr32CapacityHoldsThePayload() {
        assertEquals(128, CostEstimate.paddedPieceSize(0));
        assertEquals(128, CostEstimate.paddedPieceSize(65));
        assertEquals(128, CostEstimate.paddedPieceSize(127));
        assertEquals(256, CostEstimate.paddedPieceSize(128));
        assertEquals(1024, CostEstimate.paddedPieceSize(127 * 8));
        assertEquals(2048, CostEstimate.paddedPieceSize(127 * 8 + 1));
        // 50 MiB: 52428800 * 128 / 127 = 52841638.3... padded bytes, so a 64 MiB piece.
        assertEquals(64L << 20, CostEstimate.paddedPieceSize(50L << 20));
        assertEquals(32L << 30, CostEstimate.paddedPieceSize(32L * 127 << 23));
        assertEquals(64L << 30, CostEstimate.paddedPieceSize((32L * 127 << 23) + 1));
    }

    @Test
    void fiftyMebibytesForHalfAYearAtATenthOfAMicroFilPerGiB() {
        StorageAsk ask = new StorageAsk(FilecoinAddress.id(2000), TokenAmount.parseFil("0.0000001"), TokenAmount.ZERO,
                256, 1L << 35, TokenAmount.parseFil("0.01"), 0, 10, 0);
        CostEstimate estimate = CostEstimate.of(ask, FREE_COLLATERAL, 50L << 20, 180 * EpochClock.EPOCHS_PER_DAY,
                false);
        assertEquals(64L << 20, estimate.pieceSize());
        // 10^11 attoFIL * 2^26 / 2^30 = 6.25 * 10^9 per epoch; times 518400 epochs = 3.24 * 10^15 = 0.00324 FIL.
        assertEquals(TokenAmount.ofAtto(6_250_000_000L), estimate.pricePerEpoch());
        assertEquals(TokenAmount.parseFil("0.00324"), estimate.totalStorageFee());
        assertEquals(TokenAmount.parseFil("0.000625"), estimate.providerCollateral());
        assertEquals(estimate.totalStorageFee(), estimate.clientBalanceRequirement());
    }

    @Test
    void anOfferBelowTheMarketMinimumCollateralIsRefused() {
        StorageAsk ask = new StorageAsk(FilecoinAddress.id(2000), TokenAmount.ofAtto(1), TokenAmount.ZERO, 128,
                1L << 30, TokenAmount.ZERO, 0, 10, 0);
        MarketPolicy policy = MarketPolicy.filecoin(BigInteger.valueOf(1L << 30), BigInteger.ZERO,
                TokenAmount.ofFil(100));
        assertTrue(policy.minProviderCollateral(1024).attoFil().signum() > 0);
        DealsException e = assertThrows(DealsException.class, () -> CostEstimate.of(ask, policy, 1000, 10, false));
        assertEquals(DealsException.Code.ASK_NOT_MET, e.code());
        assertTrue(e.getMessage().contains("the market requires at least"), e.getMessage());
    }

    @Test
    void aPieceTheAskDoesNotTakeIsRefused() {
        StorageAsk ask = new StorageAsk(FilecoinAddress.id(2000), TokenAmount.ofAtto(1), TokenAmount.ZERO, 1024,
                1 << 20, TokenAmount.ZERO, 0, 10, 0);
        assertEquals(DealsException.Code.ASK_NOT_MET, assertThrows(DealsException.class,
                () -> CostEstimate.of(ask, FREE_COLLATERAL, 10, 10, false)).code());
        assertEquals(DealsException.Code.ASK_NOT_MET, assertThrows(DealsException.class,
                () -> CostEstimate.of(ask, FREE_COLLATERAL, 1 << 20, 10, false)).code());
        assertThrows(IllegalArgumentException.class, () -> CostEstimate.of(ask, FREE_COLLATERAL, 2000, 0, false));
    }

    @Property(tries = 300)
    void aProposalMadeFromTheEstimateMeetsTheAsk(@ForAll @LongRange(min = 0, max = 1L << 34) long payload,
                                                 @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long price,
                                                 @ForAll @IntRange(min = 1, max = 2_000_000) int duration,
                                                 @ForAll boolean verified) {
        StorageAsk ask = new StorageAsk(FilecoinAddress.id(2000), TokenAmount.ofAtto(price),
                TokenAmount.ofAtto(price / 3), 128, 1L << 35, TokenAmount.ofAtto(price * 7), 0, 10, 0);
        CostEstimate estimate = CostEstimate.of(ask, FREE_COLLATERAL, payload, duration, verified);
        BigInteger expectedPrice = BigInteger.valueOf(verified ? price / 3 : price)
                .multiply(BigInteger.valueOf(estimate.pieceSize())).shiftRight(30);
        assertEquals(expectedPrice, estimate.pricePerEpoch().attoFil());
        assertEquals(expectedPrice.multiply(BigInteger.valueOf(duration)), estimate.totalStorageFee().attoFil());
        assertTrue(PieceInfo.unpaddedCapacity(Long.numberOfTrailingZeros(estimate.pieceSize()) - 5) >= payload);
        DealProposal proposal = new DealProposal.Builder().pieceCid(DealProposalTest.PIECE)
                .pieceSize(estimate.pieceSize()).verifiedDeal(verified).client(FilecoinAddress.id(1))
                .provider(ask.provider()).startEpoch(5).endEpoch(5 + duration)
                .storagePricePerEpoch(estimate.pricePerEpoch()).providerCollateral(estimate.providerCollateral())
                .build();
        assertDoesNotThrow(() -> ask.check(proposal, 5));
        assertEquals(estimate.totalStorageFee(), proposal.totalStorageFee());
    }
}
