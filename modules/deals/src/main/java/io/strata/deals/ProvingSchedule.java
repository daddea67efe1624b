package io.strata.deals;

/**
 * When an active deal must prove its piece. Period p of a deal activated at epoch a opens at
 * {@code a + p * periodEpochs} with a challenge; the answer is due by {@code answerWindowEpochs} later. Periods
 * open until the deal's end epoch. A deal that let a deadline pass unanswered is slashed; an answer after the
 * deadline counts as missed.
 *
 * @param periodEpochs       epochs between challenges (Filecoin proves every 24 hours: 2880 epochs)
 * @param answerWindowEpochs epochs a provider has to answer, at most {@code periodEpochs}
 */
public record ProvingSchedule(long periodEpochs, long answerWindowEpochs) {

    public static final ProvingSchedule DAILY = new ProvingSchedule(EpochClock.EPOCHS_PER_DAY,
            EpochClock.EPOCHS_PER_HOUR);

    public ProvingSchedule {
        if (periodEpochs < 1 || answerWindowEpochs < 0 || answerWindowEpochs > periodEpochs) {
            throw new IllegalArgumentException("a proving period is at least one epoch and the answer window"
                    + " between 0 and the period; got " + periodEpochs + " and " + answerWindowEpochs);
        }
    }

    public long challengeEpoch(Deal deal, long period) {
        return requireActivated(deal) + period * periodEpochs;
    }

    public long deadline(Deal deal, long period) {
        return challengeEpoch(deal, period) + answerWindowEpochs;
    }

    /** The number of periods the deal proves: those opening before its end epoch. */
    public long periodCount(Deal deal) {
        long span = deal.proposal().proposal().endEpoch() - requireActivated(deal);
        return Math.max(0, -Math.floorDiv(-span, periodEpochs));
    }

    /** The latest period opened at {@code epoch}, or -1 if none has (or the deal is not active). */
    public long openPeriod(Deal deal, long epoch) {
        if (deal.activationEpoch() < 0 || epoch < deal.activationEpoch()) {
            return -1;
        }
        return Math.min(periodCount(deal) - 1, Math.floorDiv(epoch - deal.activationEpoch(), periodEpochs));
    }

    /**
     * The deal at {@code epoch}: slashed if the first unproven period's deadline has passed, else expired if
     * its end epoch has come, else as it was (with its last update moved to {@code epoch}).
     */
    public Deal advance(Deal deal, long epoch) {
        if (deal.state() == DealState.ACTIVE) {
            long next = deal.lastProvenPeriod() + 1;
            if (next < periodCount(deal) && deadline(deal, next) < epoch) {
                return deal.apply(new DealEvent.ProofMissed(next), epoch);
            }
        }
        return deal.apply(new DealEvent.EpochReached(), epoch);
    }

    /**
     * Settles the answer to period {@code period}'s challenge received at {@code epoch}: missed if late,
     * else accepted or rejected by the {@link StorageProofVerifier}.
     *
     * @throws DealsException {@code ILLEGAL_TRANSITION} if that period has not opened or is already proven
     */
    public Deal settle(Deal deal, long period, ProofChallenge challenge, StorageProof proof, long epoch) {
        if (period < 0 || period > openPeriod(deal, epoch)) {
            throw new DealsException(DealsException.Code.ILLEGAL_TRANSITION, "period " + period + " of deal "
                    + deal.proposalCid() + " is not open at epoch " + epoch);
        }
        if (epoch > deadline(deal, period)) {
            return deal.apply(new DealEvent.ProofMissed(period), epoch);
        }
        return StorageProofVerifier.settle(deal, period, challenge, proof, epoch);
    }

    private static long requireActivated(Deal deal) {
        if (deal.activationEpoch() < 0) {
            throw new DealsException(DealsException.Code.ILLEGAL_TRANSITION, "deal " + deal.proposalCid()
                    + " was never activated; it has no proving periods");
        }
        return deal.activationEpoch();
    }
}
