package io.strata.deals;

import io.strata.multiformats.Cid;

import java.util.Objects;

/** What can happen to a deal; {@link Deal#apply} decides whether it may happen now and what follows. */
public sealed interface DealEvent {

    /** The provider accepted the proposal (its checks and the market's passed). */
    record Accepted() implements DealEvent {
    }

    /** The provider refused the proposal. */
    record Rejected(String reason) implements DealEvent {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The client began sending the piece's data. */
    record TransferStarted() implements DealEvent {
    }

    /**
     * The provider has the data and computed its piece CID: if it is not the proposal's, the deal fails.
     */
    record TransferCompleted(Cid computedPieceCid) implements DealEvent {
        public TransferCompleted {
            Objects.requireNonNull(computedPieceCid, "computedPieceCid");
        }
    }

    /** The provider stored the piece durably (Filecoin: the sector holding it is proven). */
    record Sealed() implements DealEvent {
    }

    /** An epoch passed: deals not active by their start epoch fail, active deals expire at their end epoch. */
    record EpochReached() implements DealEvent {
    }

    /** The provider answered a challenge of proving period {@code period} correctly. */
    record ProofAccepted(long period) implements DealEvent {
    }

    /** The provider's answer to a challenge was wrong: the deal is slashed. */
    record ProofRejected(long period, String reason) implements DealEvent {
        public ProofRejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The provider did not answer a challenge by its deadline: the deal is slashed. */
    record ProofMissed(long period) implements DealEvent {
    }

    /**
     * Something outside the protocol broke the deal before it became active (transfer aborted, storage lost
     * before sealing). An active deal ends only by expiry or by its proofs.
     */
    record Failed(String reason) implements DealEvent {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
