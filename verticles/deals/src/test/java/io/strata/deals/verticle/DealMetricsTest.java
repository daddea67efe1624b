package io.strata.deals.verticle;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.crypto.Secp256k1PrivateKey;
import io.strata.deals.ClientDealProposal;
import io.strata.deals.Deal;
import io.strata.deals.DealEvent;
import io.strata.deals.DealProposal;
import io.strata.deals.DealState;
import io.strata.deals.FilecoinAddress;
import io.strata.deals.PieceCommitment;
import io.strata.deals.PieceInfo;
import io.strata.deals.Secp256k1ClientKey;
import io.strata.deals.TokenAmount;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deal meters follow deals through the state machine, as the client and provider roles report them. */
class DealMetricsTest {

    private static final PieceInfo PIECE = PieceCommitment.of(new byte[5000]);
    private static final Secp256k1ClientKey CLIENT = new Secp256k1ClientKey(Secp256k1PrivateKey.fromRaw(new byte[] {
            9, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
            30, 31, 32}));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DealMetrics metrics = new DealMetrics(registry, DealMetrics.Role.CLIENT);

    private static Deal proposed(long startEpoch) {
        DealProposal proposal = new DealProposal.Builder().pieceCid(PIECE.toV1()).pieceSize(PIECE.paddedSize())
                .client(CLIENT.address()).provider(FilecoinAddress.id(2001)).startEpoch(startEpoch)
                .endEpoch(startEpoch + 1000).storagePricePerEpoch(TokenAmount.ofAtto(1)).build();
        return Deal.proposed(ClientDealProposal.sign(proposal, CLIENT), 0);
    }

    /** Applies an event as the client does: the state gauges move, settled proofs are counted. */
    private Deal apply(Deal before, DealEvent event, long epoch) {
        Deal after = before.apply(event, epoch);
        metrics.moved(before.state(), after.state());
        metrics.settled(after.history().subList(before.history().size(), after.history().size()));
        return after;
    }

    private Map<String, Double> tracked() {
        Map<String, Double> byState = new TreeMap<>();
        registry.find("strata.deals.tracked.deals").tag("role", "client").gauges()
                .forEach(gauge -> byState.put(gauge.getId().getTag("state"), gauge.value()));
        return byState;
    }

    private double proofs(String outcome) {
        return registry.get("strata.deals.proofs").tag("outcome", outcome).counter().count();
    }

    private Deal active(long startEpoch) {
        Deal deal = proposed(startEpoch);
        metrics.moved(null, deal.state());
        deal = apply(deal, new DealEvent.Accepted(), 1);
        deal = apply(deal, new DealEvent.TransferStarted(), 1);
        deal = apply(deal, new DealEvent.TransferCompleted(PIECE.toV1()), 2);
        return apply(deal, new DealEvent.Sealed(), 2);
    }

    @Test
    void everyStateAndOutcomeIsThereAtZeroBeforeAnyDeal() {
        Map<String, Double> expected = new TreeMap<>();
        Arrays.stream(DealState.values()).forEach(state -> expected.put(state.name().toLowerCase(), 0.0));
        assertEquals(expected, tracked());
        assertEquals(0, proofs("passed") + proofs("failed") + proofs("missed"));
        assertEquals(0, registry.get("strata.deals.commitment.duration").timer().count());
        assertTrue(registry.find("strata.deals.transferred").counters().isEmpty(), "the client takes in no data");
    }

    @Test
    void stateGaugesFollowADealsTransitionsAndProofOutcomesAreCounted() {
        Deal first = proposed(100);
        metrics.moved(null, first.state());
        assertEquals(1.0, tracked().get("proposed"));
        first = apply(first, new DealEvent.Accepted(), 1);
        first = apply(first, new DealEvent.TransferStarted(), 1);
        assertEquals(Map.of("proposed", 0.0, "proposal_accepted", 0.0, "transferring", 1.0),
                Map.of("proposed", tracked().get("proposed"), "proposal_accepted", tracked().get("proposal_accepted"),
                        "transferring", tracked().get("transferring")));
        first = apply(first, new DealEvent.TransferCompleted(PIECE.toV1()), 2);
        first = apply(first, new DealEvent.Sealed(), 2);
        Deal second = active(100);
        assertEquals(2.0, tracked().get("active"));
        assertEquals(2.0, tracked().values().stream().mapToDouble(Double::doubleValue).sum());

        first = apply(first, new DealEvent.ProofAccepted(0), 130);
        first = apply(first, new DealEvent.ProofAccepted(1), 160);
        assertEquals(2, proofs("passed"));
        assertEquals(DealState.ACTIVE, first.state());
        assertEquals(2.0, tracked().get("active"), "a passed proof changes no state");

        Deal failing = first;
        assertThrows(RuntimeException.class, () -> failing.apply(new DealEvent.ProofAccepted(1), 170));
        assertEquals(2, proofs("passed"), "a refused event is no settled proof");

        apply(first, new DealEvent.ProofRejected(2, "wrong leaf"), 190);
        apply(second, new DealEvent.ProofMissed(0), 190);
        assertEquals(1, proofs("failed"));
        assertEquals(1, proofs("missed"));
        assertEquals(0.0, tracked().get("active"));
        assertEquals(2.0, tracked().get("slashed"));
    }

    @Test
    void commitmentTimesAreRecordedInSeconds() {
        metrics.committed(TimeUnit.MILLISECONDS.toNanos(250));
        assertEquals(0.25, registry.get("strata.deals.commitment.duration").timer().totalTime(TimeUnit.SECONDS), 1e-9);
    }
}
