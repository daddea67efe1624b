package io.strata.deals;

import io.strata.crypto.Ed25519PrivateKey;
import io.strata.multiformats.Cid;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.strata.deals.DealState.ACTIVE;
import static io.strata.deals.DealState.ERROR;
import static io.strata.deals.DealState.EXPIRED;
import static io.strata.deals.DealState.PROPOSAL_ACCEPTED;
import static io.strata.deals.DealState.PROPOSAL_REJECTED;
import static io.strata.deals.DealState.PROPOSED;
import static io.strata.deals.DealState.SEALING;
import static io.strata.deals.DealState.SLASHED;
import static io.strata.deals.DealState.TRANSFERRING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DealTest {

    private static final long START = 100;
    private static final long END = 1000;
    private static final Cid OTHER_PIECE = PieceInfo.forPaddedSize(new byte[32], 1024).toV1();

    private static final ClientDealProposal SIGNED = signedProposal();

    static ClientDealProposal signedProposal() {
        FilecoinAddress client = FilecoinAddress.id(1000);
        DealProposal proposal = new DealProposal.Builder().pieceCid(DealProposalTest.PIECE).pieceSize(1024)
                .client(client).provider(FilecoinAddress.id(2000)).startEpoch(START).endEpoch(END)
                .storagePricePerEpoch(TokenAmount.ofAtto(5)).build();
        return ClientDealProposal.sign(proposal, new Ed25519ClientKey(client, Ed25519PrivateKey.fromSeed(new byte[32])));
    }

    /** Event sequences (applied at epoch 10) that lead from PROPOSED to each state. */
    private static final Map<DealState, List<DealEvent>> PATHS = new EnumMap<>(Map.of(
            PROPOSED, List.of(),
            PROPOSAL_ACCEPTED, List.of(new DealEvent.Accepted()),
            PROPOSAL_REJECTED, List.of(new DealEvent.Rejected("busy")),
            TRANSFERRING, List.of(new DealEvent.Accepted(), new DealEvent.TransferStarted()),
            SEALING, List.of(new DealEvent.Accepted(), new DealEvent.TransferStarted(),
                    new DealEvent.TransferCompleted(DealProposalTest.PIECE)),
            ACTIVE, List.of(new DealEvent.Accepted(), new DealEvent.TransferStarted(),
                    new DealEvent.TransferCompleted(DealProposalTest.PIECE), new DealEvent.Sealed()),
            SLASHED, List.of(new DealEvent.Accepted(), new DealEvent.TransferStarted(),
                    new DealEvent.TransferCompleted(DealProposalTest.PIECE), new DealEvent.Sealed(),
                    new DealEvent.ProofMissed(0)),
            ERROR, List.of(new DealEvent.Failed("disk full"))));

    private static Deal dealIn(DealState state) {
        Deal deal = Deal.proposed(SIGNED, 0);
        if (state == EXPIRED) {
            deal = dealIn(ACTIVE);
            return deal.apply(new DealEvent.EpochReached(), END);
        }
        for (DealEvent event : PATHS.get(state)) {
            deal = deal.apply(event, 10);
        }
        assertEquals(state, deal.state());
        return deal;
    }

    private static final Map<String, DealEvent> EVENTS = new LinkedHashMap<>();

    static {
        EVENTS.put("Accepted", new DealEvent.Accepted());
        EVENTS.put("Rejected", new DealEvent.Rejected("no"));
        EVENTS.put("TransferStarted", new DealEvent.TransferStarted());
        EVENTS.put("TransferCompleted(match)", new DealEvent.TransferCompleted(DealProposalTest.PIECE));
        EVENTS.put("TransferCompleted(mismatch)", new DealEvent.TransferCompleted(OTHER_PIECE));
        EVENTS.put("Sealed", new DealEvent.Sealed());
        EVENTS.put("EpochReached", new DealEvent.EpochReached());
        EVENTS.put("ProofAccepted", new DealEvent.ProofAccepted(0));
        EVENTS.put("ProofRejected", new DealEvent.ProofRejected(0, "bad leaf"));
        EVENTS.put("ProofMissed", new DealEvent.ProofMissed(0));
        EVENTS.put("Failed", new DealEvent.Failed("lost"));
    }

    /**
     * The expected outcome of every event in every state, at epoch 50 (after the paths' epoch 10, before the
     * start epoch 100): the next state, or null where the event is illegal. Written from the state diagram.
     */
    private static final Map<DealState, Map<String, DealState>> TABLE = new EnumMap<>(DealState.class);

    private static void row(DealState state, Object... outcomes) {
        Map<String, DealState> row = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(EVENTS.keySet());
        for (int i = 0; i < names.size(); i++) {
            row.put(names.get(i), (DealState) outcomes[i]);
        }
        TABLE.put(state, row);
    }

    static {
        //   state               Accepted           Rejected           TrStarted     TrCompl(ok) TrCompl(bad) Sealed  Epoch              ProofAcc ProofRej ProofMissed Failed
        row(PROPOSED,            PROPOSAL_ACCEPTED, PROPOSAL_REJECTED, null,         null,    null,  null,   PROPOSED,          null,   null,    null,    ERROR);
        row(PROPOSAL_ACCEPTED,   null,              null,              TRANSFERRING, null,    null,  null,   PROPOSAL_ACCEPTED, null,   null,    null,    ERROR);
        row(PROPOSAL_REJECTED,   null,              null,              null,         null,    null,  null,   PROPOSAL_REJECTED, null,   null,    null,    null);
        row(TRANSFERRING,        null,              null,              null,         SEALING, ERROR, null,   TRANSFERRING,      null,   null,    null,    ERROR);
        row(SEALING,             null,              null,              null,         null,    null,  ACTIVE, SEALING,           null,   null,    null,    ERROR);
        row(ACTIVE,              null,              null,              null,         null,    null,  null,   ACTIVE,            ACTIVE, SLASHED, SLASHED, null);
        row(EXPIRED,             null,              null,              null,         null,    null,  null,   EXPIRED,           null,   null,    null,    null);
        row(SLASHED,             null,              null,              null,         null,    null,  null,   SLASHED,           null,   null,    null,    null);
        row(ERROR,               null,              null,              null,         null,    null,  null,   ERROR,             null,   null,    null,    null);
    }

    @Test
    void everyEventInEveryStateDoesWhatTheTableSays() {
        assertEquals(Set.of(DealState.values()), TABLE.keySet());
        for (DealState state : DealState.values()) {
            for (Map.Entry<String, DealEvent> event : EVENTS.entrySet()) {
                Deal before = dealIn(state);
                long epoch = state == EXPIRED ? END + 1 : 50;
                DealState expected = TABLE.get(state).get(event.getKey());
                String what = state + " + " + event.getKey();
                if (expected == null) {
                    DealsException e = assertThrows(DealsException.class, () -> before.apply(event.getValue(), epoch),
                            what);
                    assertEquals(DealsException.Code.ILLEGAL_TRANSITION, e.code(), what);
                    assertTrue(e.getMessage().contains(state.name()), e.getMessage());
                } else {
                    Deal after = before.apply(event.getValue(), epoch);
                    assertEquals(expected, after.state(), what);
                    assertEquals(epoch, after.lastUpdatedEpoch(), what);
                }
            }
        }
    }

    @Test
    void dealsNotActiveByTheirStartEpochFail() {
        for (DealState state : List.of(PROPOSED, PROPOSAL_ACCEPTED, TRANSFERRING, SEALING)) {
            Deal deal = dealIn(state);
            assertEquals(state, deal.apply(new DealEvent.EpochReached(), START).state());
            Deal late = deal.apply(new DealEvent.EpochReached(), START + 1);
            assertEquals(ERROR, late.state());
            assertTrue(late.reason().contains("start epoch 100"), late.reason());
        }
        Deal sealedLate = dealIn(SEALING).apply(new DealEvent.Sealed(), START + 1);
        assertEquals(ERROR, sealedLate.state());
        assertEquals(ACTIVE, dealIn(SEALING).apply(new DealEvent.Sealed(), START).state());
    }

    @Test
    void activeDealsExpireAtTheirEndEpochAndRecordTheirEpochs() {
        Deal active = dealIn(ACTIVE);
        assertEquals(10, active.activationEpoch());
        assertEquals(-1, active.slashEpoch());
        assertEquals(ACTIVE, active.apply(new DealEvent.EpochReached(), END - 1).state());
        Deal expired = active.apply(new DealEvent.EpochReached(), END);
        assertEquals(EXPIRED, expired.state());
        assertEquals(10, expired.activationEpoch());
        Deal slashed = active.apply(new DealEvent.ProofRejected(3, "leaf 7 does not hash to the root"), 400);
        assertEquals(SLASHED, slashed.state());
        assertEquals(400, slashed.slashEpoch());
        assertTrue(slashed.reason().contains("leaf 7"), slashed.reason());
    }

    @Test
    void proofsMustComeInIncreasingPeriodsAndEpochsMustNotGoBack() {
        Deal proven = dealIn(ACTIVE).apply(new DealEvent.ProofAccepted(4), 200);
        assertEquals(4, proven.lastProvenPeriod());
        assertEquals(ACTIVE, proven.apply(new DealEvent.ProofAccepted(5), 230).state());
        assertEquals(DealsException.Code.ILLEGAL_TRANSITION, assertThrows(DealsException.class,
                () -> proven.apply(new DealEvent.ProofAccepted(4), 230)).code());
        assertEquals(DealsException.Code.ILLEGAL_TRANSITION, assertThrows(DealsException.class,
                () -> proven.apply(new DealEvent.EpochReached(), 199)).code());
    }

    @Test
    void historyRecordsEveryChangeWithItsEvent() {
        Deal deal = dealIn(SLASHED);
        List<DealState> path = deal.history().stream().map(DealTransition::to).toList();
        assertEquals(List.of(PROPOSAL_ACCEPTED, TRANSFERRING, SEALING, ACTIVE, SLASHED), path);
        assertSame(DealEvent.ProofMissed.class, deal.history().get(4).event().getClass());
        assertEquals(signedProposal().proposal().cid(), deal.proposalCid());
    }

    @Provide
    Arbitrary<List<DealEvent>> events() {
        return Arbitraries.of(List.copyOf(EVENTS.values())).list().ofMaxSize(30);
    }

    @Property(tries = 500)
    void randomEventsOnlyEverFollowTheTable(@ForAll("events") List<DealEvent> events,
                                            @ForAll @Size(30) List<@net.jqwik.api.constraints.IntRange(min = 0,
                                                    max = 60) Integer> steps) {
        Deal deal = Deal.proposed(SIGNED, 0);
        long epoch = 0;
        for (int i = 0; i < events.size(); i++) {
            epoch += steps.get(i);
            DealEvent event = events.get(i);
            DealState before = deal.state();
            try {
                Deal after = deal.apply(event, epoch);
                assertTrue(allowed(before, after.state(), event, epoch), before + " -> " + after.state() + " on "
                        + event + " at " + epoch);
                if (before.isTerminal()) {
                    assertEquals(before, after.state());
                }
                deal = after;
            } catch (DealsException e) {
                assertEquals(DealsException.Code.ILLEGAL_TRANSITION, e.code());
                assertTrue(!(event instanceof DealEvent.EpochReached), "epochs never go back here: " + e.getMessage());
            }
        }
        for (int i = 1; i < deal.history().size(); i++) {
            assertEquals(deal.history().get(i - 1).to(), deal.history().get(i).from());
        }
    }

    private static boolean allowed(DealState from, DealState to, DealEvent event, long epoch) {
        if (from == to) {
            return true;
        }
        if (event instanceof DealEvent.EpochReached) {
            return from == ACTIVE ? to == EXPIRED && epoch >= END : to == ERROR && epoch > START;
        }
        return switch (to) {
            case PROPOSAL_ACCEPTED, PROPOSAL_REJECTED -> from == PROPOSED;
            case TRANSFERRING -> from == PROPOSAL_ACCEPTED;
            case SEALING -> from == TRANSFERRING;
            case ACTIVE -> from == SEALING && epoch <= START;
            case SLASHED -> from == ACTIVE;
            case ERROR -> !from.isTerminal() && from != ACTIVE;
            case EXPIRED, PROPOSED -> false;
        };
    }

    @Test
    void theTableCoversEveryPairOnce() {
        int pairs = 0;
        for (Map<String, DealState> row : TABLE.values()) {
            assertEquals(EVENTS.keySet(), row.keySet());
            pairs += row.size();
        }
        assertEquals(DealState.values().length * EVENTS.size(), pairs);
    }
}
