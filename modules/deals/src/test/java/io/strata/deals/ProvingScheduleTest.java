package io.strata.deals;

import io.strata.crypto.Ed25519PrivateKey;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProvingScheduleTest {

    private static final byte[] PAYLOAD = StorageProofTest.payload(4000, 1);
    private static final PieceInfo PIECE = PieceCommitment.of(PAYLOAD);
    private static final ProvingSchedule SCHEDULE = new ProvingSchedule(100, 10);

    /** A deal that starts at epoch 60, activated at epoch 50. */
    private static Deal activeDeal(long endEpoch) {
        FilecoinAddress client = FilecoinAddress.id(1000);
        DealProposal proposal = new DealProposal.Builder().pieceCid(PIECE.toV1()).pieceSize(PIECE.paddedSize())
                .client(client).provider(FilecoinAddress.id(2000)).startEpoch(60).endEpoch(endEpoch).build();
        return Deal.proposed(ClientDealProposal.sign(proposal,
                        new Ed25519ClientKey(client, Ed25519PrivateKey.fromSeed(new byte[32]))), 0)
                .apply(new DealEvent.Accepted(), 10).apply(new DealEvent.TransferStarted(), 20)
                .apply(new DealEvent.TransferCompleted(PIECE.toV1()), 30).apply(new DealEvent.Sealed(), 50);
    }

    private static StorageProof answer(Deal deal, long period, byte[] payload) throws IOException {
        return PieceProver.prove(challenge(deal, period), new ByteArrayInputStream(payload));
    }

    private static ProofChallenge challenge(Deal deal, long period) {
        return ProofChallenge.derive(PIECE, ProofChallenge.seedFor(deal.proposalCid(), period, new byte[16]), 5);
    }

    @Test
    void periodsOpenEveryPeriodFromActivationUntilTheEnd() {
        Deal deal = activeDeal(50 + 350);
        assertEquals(4, SCHEDULE.periodCount(deal));
        assertEquals(50, SCHEDULE.challengeEpoch(deal, 0));
        assertEquals(360, SCHEDULE.deadline(deal, 3));
        assertEquals(-1, SCHEDULE.openPeriod(deal, 49));
        assertEquals(0, SCHEDULE.openPeriod(deal, 149));
        assertEquals(1, SCHEDULE.openPeriod(deal, 150));
        assertEquals(3, SCHEDULE.openPeriod(deal, 10_000));
    }

    @Test
    void honestAnswersEveryPeriodRunTheDealToExpiry() throws IOException {
        long end = 50 + 180 * EpochClock.EPOCHS_PER_DAY;
        Deal deal = activeDeal(end);
        ProvingSchedule daily = ProvingSchedule.DAILY;
        long periods = daily.periodCount(deal);
        assertEquals(180, periods);
        for (long period = 0; period < periods; period++) {
            long epoch = daily.challengeEpoch(deal, period) + 7;
            deal = daily.advance(deal, epoch);
            deal = daily.settle(deal, period, challenge(deal, period), answer(deal, period, PAYLOAD), epoch);
            assertEquals(DealState.ACTIVE, deal.state(), "period " + period);
        }
        assertEquals(DealState.ACTIVE, daily.advance(deal, end - 1).state());
        assertEquals(DealState.EXPIRED, daily.advance(deal, end).state());
    }

    @Test
    void aPassedDeadlineSlashes() throws IOException {
        Deal deal = activeDeal(1000);
        deal = SCHEDULE.settle(deal, 0, challenge(deal, 0), answer(deal, 0, PAYLOAD), 55);
        assertEquals(DealState.ACTIVE, SCHEDULE.advance(deal, 160).state());
        Deal missed = SCHEDULE.advance(deal, 161);
        assertEquals(DealState.SLASHED, missed.state());
        assertEquals(161, missed.slashEpoch());
        Deal late = SCHEDULE.settle(deal, 1, challenge(deal, 1), answer(deal, 1, PAYLOAD), 161);
        assertEquals(DealState.SLASHED, late.state());
        assertEquals(DealEvent.ProofMissed.class, late.history().get(late.history().size() - 1).event().getClass());
    }

    @Test
    void aCorruptedCopyIsSlashedAtItsNextProof() throws IOException {
        Deal deal = activeDeal(1000);
        deal = SCHEDULE.settle(deal, 0, challenge(deal, 0), answer(deal, 0, PAYLOAD), 55);
        byte[] corrupted = PAYLOAD.clone();
        for (int i = 0; i < corrupted.length; i += 97) {
            corrupted[i] ^= 1;
        }
        Deal slashed = SCHEDULE.settle(deal, 1, challenge(deal, 1), answer(deal, 1, corrupted), 152);
        assertEquals(DealState.SLASHED, slashed.state());
    }

    @Test
    void unopenedOrUnactivatedPeriodsCannotBeSettled() throws IOException {
        Deal deal = activeDeal(1000);
        StorageProof proof = answer(deal, 2, PAYLOAD);
        assertEquals(DealsException.Code.ILLEGAL_TRANSITION, assertThrows(DealsException.class,
                () -> SCHEDULE.settle(deal, 2, challenge(deal, 2), proof, 149)).code());
        Deal proposed = Deal.proposed(deal.proposal(), 0);
        assertEquals(DealsException.Code.ILLEGAL_TRANSITION, assertThrows(DealsException.class,
                () -> SCHEDULE.periodCount(proposed)).code());
        assertThrows(IllegalArgumentException.class, () -> new ProvingSchedule(10, 11));
    }
}
