package io.strata.deals;

/**
 * A storage deal's states, named after Filecoin's storage market where one applies. {@link #isTerminal()}
 * states accept no further event but the passing of epochs.
 */
public enum DealState {
    /** The client sent a signed proposal; the provider has not answered. */
    PROPOSED(false),
    /** Filecoin's StorageDealProposalAccepted. */
    PROPOSAL_ACCEPTED(false),
    /** Filecoin's StorageDealProposalRejected. */
    PROPOSAL_REJECTED(true),
    /** Filecoin's StorageDealTransferring: the piece's data is on its way. */
    TRANSFERRING(false),
    /** Filecoin's StorageDealSealing: the provider holds the data and is committing it to storage. */
    SEALING(false),
    /** Filecoin's StorageDealActive: stored, paid for and proven each period. */
    ACTIVE(false),
    /** Filecoin's StorageDealExpired: reached its end epoch while active. */
    EXPIRED(true),
    /** Filecoin's StorageDealSlashed: a proof was wrong or missing; the provider's collateral is forfeit. */
    SLASHED(true),
    /** Filecoin's StorageDealError: the deal failed before activation. */
    ERROR(true);

    private final boolean terminal;

    DealState(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean isTerminal() {
        return terminal;
    }
}
