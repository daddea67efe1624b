package io.strata.deals;

import io.strata.multiformats.Cid;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static io.strata.deals.DealsException.Code.ILLEGAL_TRANSITION;

/**
 * A storage deal and its state machine. Immutable: {@link #apply} returns the deal after an event, or throws
 * if the event is not allowed in the current state. The legal moves:
 * <pre>
 * PROPOSED          --Accepted-->          PROPOSAL_ACCEPTED
 * PROPOSED          --Rejected-->          PROPOSAL_REJECTED
 * PROPOSAL_ACCEPTED --TransferStarted-->   TRANSFERRING
 * TRANSFERRING      --TransferCompleted--> SEALING, or ERROR if the data's piece CID is not the proposal's
 * SEALING           --Sealed-->            ACTIVE
 * ACTIVE            --ProofAccepted-->     ACTIVE
 * ACTIVE            --ProofRejected, ProofMissed--> SLASHED
 * any state before ACTIVE, not terminal --Failed--> ERROR (an active deal fails only by its proofs)
 * any state         --EpochReached-->      ERROR if not yet active after the start epoch (the market drops
 *                                          such deals), EXPIRED if active at or after the end epoch, else
 *                                          unchanged
 * </pre>
 * Like Filecoin's market DealState it records the activation epoch, the last update and the slash epoch
 * ({@code -1} while they have not happened).
 */
public final class Deal {

    private final ClientDealProposal proposal;
    private final Cid proposalCid;
    private final DealState state;
    private final long activationEpoch;
    private final long lastUpdatedEpoch;
    private final long slashEpoch;
    private final long lastProvenPeriod;
    private final List<DealTransition> history;

    private Deal(ClientDealProposal proposal, Cid proposalCid, DealState state, long activationEpoch,
                 long lastUpdatedEpoch, long slashEpoch, long lastProvenPeriod, List<DealTransition> history) {
        this.proposal = proposal;
        this.proposalCid = proposalCid;
        this.state = state;
        this.activationEpoch = activationEpoch;
        this.lastUpdatedEpoch = lastUpdatedEpoch;
        this.slashEpoch = slashEpoch;
        this.lastProvenPeriod = lastProvenPeriod;
        this.history = history;
    }

    /** A deal just proposed at {@code epoch}. */
    public static Deal proposed(ClientDealProposal proposal, long epoch) {
        Objects.requireNonNull(proposal, "proposal");
        return new Deal(proposal, proposal.proposal().cid(), DealState.PROPOSED, -1, epoch, -1, -1, List.of());
    }

    /**
     * The deal after {@code event} at {@code epoch}.
     *
     * @throws DealsException {@code ILLEGAL_TRANSITION} if the state does not allow the event, or the epoch
     *         is before the deal's last update
     */
    public Deal apply(DealEvent event, long epoch) {
        Objects.requireNonNull(event, "event");
        if (epoch < lastUpdatedEpoch) {
            throw new DealsException(ILLEGAL_TRANSITION, "deal " + proposalCid + " was last updated at epoch "
                    + lastUpdatedEpoch + "; epoch " + epoch + " is earlier");
        }
        DealProposal terms = proposal.proposal();
        if (event instanceof DealEvent.EpochReached) {
            if (!state.isTerminal() && state != DealState.ACTIVE && epoch > terms.startEpoch()) {
                return to(DealState.ERROR, event, epoch, "not active by start epoch " + terms.startEpoch());
            }
            if (state == DealState.ACTIVE && epoch >= terms.endEpoch()) {
                return to(DealState.EXPIRED, event, epoch, "");
            }
            return new Deal(proposal, proposalCid, state, activationEpoch, epoch, slashEpoch, lastProvenPeriod,
                    history);
        }
        if (state.isTerminal()) {
            throw illegal(event);
        }
        if (event instanceof DealEvent.Failed failed && state != DealState.ACTIVE) {
            return to(DealState.ERROR, event, epoch, failed.reason());
        }
        return switch (state) {
            case PROPOSED -> {
                if (event instanceof DealEvent.Accepted) {
                    yield to(DealState.PROPOSAL_ACCEPTED, event, epoch, "");
                }
                if (event instanceof DealEvent.Rejected rejected) {
                    yield to(DealState.PROPOSAL_REJECTED, event, epoch, rejected.reason());
                }
                throw illegal(event);
            }
            case PROPOSAL_ACCEPTED -> {
                if (event instanceof DealEvent.TransferStarted) {
                    yield to(DealState.TRANSFERRING, event, epoch, "");
                }
                throw illegal(event);
            }
            case TRANSFERRING -> {
                if (event instanceof DealEvent.TransferCompleted completed) {
                    yield completed.computedPieceCid().equals(terms.pieceCid())
                            ? to(DealState.SEALING, event, epoch, "")
                            : to(DealState.ERROR, event, epoch, "the transferred data has piece CID "
                                    + completed.computedPieceCid() + "; the proposal's is " + terms.pieceCid());
                }
                throw illegal(event);
            }
            case SEALING -> {
                if (event instanceof DealEvent.Sealed) {
                    if (epoch > terms.startEpoch()) {
                        yield to(DealState.ERROR, event, epoch, "sealed at epoch " + epoch + ", after start epoch "
                                + terms.startEpoch());
                    }
                    yield to(DealState.ACTIVE, event, epoch, "");
                }
                throw illegal(event);
            }
            case ACTIVE -> {
                if (event instanceof DealEvent.ProofAccepted accepted) {
                    if (accepted.period() <= lastProvenPeriod) {
                        throw new DealsException(ILLEGAL_TRANSITION, "deal " + proposalCid + " already proved period "
                                + lastProvenPeriod + "; a proof of period " + accepted.period() + " is stale");
                    }
                    yield new Deal(proposal, proposalCid, state, activationEpoch, epoch, slashEpoch,
                            accepted.period(), append(new DealTransition(state, state, event, epoch, "")));
                }
                if (event instanceof DealEvent.ProofRejected rejected) {
                    yield to(DealState.SLASHED, event, epoch, "proof of period " + rejected.period()
                            + " rejected: " + rejected.reason());
                }
                if (event instanceof DealEvent.ProofMissed missed) {
                    yield to(DealState.SLASHED, event, epoch, "no proof of period " + missed.period()
                            + " by its deadline");
                }
                throw illegal(event);
            }
            default -> throw illegal(event);
        };
    }

    private Deal to(DealState next, DealEvent event, long epoch, String reason) {
        return new Deal(proposal, proposalCid, next, next == DealState.ACTIVE ? epoch : activationEpoch, epoch,
                next == DealState.SLASHED ? epoch : slashEpoch, lastProvenPeriod,
                append(new DealTransition(state, next, event, epoch, reason)));
    }

    private List<DealTransition> append(DealTransition transition) {
        List<DealTransition> next = new ArrayList<>(history.size() + 1);
        next.addAll(history);
        next.add(transition);
        return List.copyOf(next);
    }

    private DealsException illegal(DealEvent event) {
        return new DealsException(ILLEGAL_TRANSITION, "deal " + proposalCid + " is " + state + "; "
                + event.getClass().getSimpleName() + " is not allowed " + (state.isTerminal() ? "after it ends"
                : "in that state"));
    }

    public ClientDealProposal proposal() {
        return proposal;
    }

    /** The CID of the unsigned proposal: the deal's name. */
    public Cid proposalCid() {
        return proposalCid;
    }

    public DealState state() {
        return state;
    }

    public long activationEpoch() {
        return activationEpoch;
    }

    public long lastUpdatedEpoch() {
        return lastUpdatedEpoch;
    }

    public long slashEpoch() {
        return slashEpoch;
    }

    /** The last proving period answered correctly, {@code -1} if none. */
    public long lastProvenPeriod() {
        return lastProvenPeriod;
    }

    /** Every state-changing step and every accepted proof, oldest first. */
    public List<DealTransition> history() {
        return history;
    }

    /** Why the deal ended as it did: the reason of its last transition, empty if none was given. */
    public String reason() {
        return history.isEmpty() ? "" : history.get(history.size() - 1).reason();
    }

    @Override
    public String toString() {
        return "Deal{" + proposalCid + ", " + state + (reason().isEmpty() ? "" : " (" + reason() + ")") + "}";
    }
}
