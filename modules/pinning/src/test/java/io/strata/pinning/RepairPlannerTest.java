package io.strata.pinning;

import io.strata.multiformats.PeerId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RepairPlannerTest {

    private final List<PeerId> nodes = Fixtures.peers(4);
    private final PeerId a = nodes.get(0);
    private final PeerId b = nodes.get(1);
    private final PeerId c = nodes.get(2);
    private final PeerId d = nodes.get(3);

    private ClusterPin pinOn(int min, int max, PeerId... allocations) {
        return ClusterPin.recursive(Fixtures.cid("dag"), "dag", new ReplicationFactor(min, max), 5)
                .withAllocations(List.of(allocations));
    }

    private RepairPlanner planner(Set<PeerId> available) {
        List<NodeCandidate> candidates = available.stream()
                .map(peer -> new NodeCandidate(peer, Map.of(), 1_000, 0)).toList();
        return new RepairPlanner(new PinAllocator(candidates, 1), available);
    }

    private static Map<PeerId, NodePinState> pinnedOn(PeerId... peers) {
        Map<PeerId, NodePinState> states = new java.util.HashMap<>();
        for (PeerId peer : peers) {
            states.put(peer, NodePinState.of(PinStatus.PINNED, 1));
        }
        return states;
    }

    @Test
    void keepsAHealthyPin() {
        assertEquals(new RepairDecision.Keep(), planner(Set.of(a, b, c)).plan(pinOn(2, 2, a, b), pinnedOn(a, b), 10));
    }

    @Test
    void allocatesAReplacementButKeepsTheLostCopyUntilItIsPinned() {
        RepairDecision decision = planner(Set.of(a, c)).plan(pinOn(2, 2, a, b), pinnedOn(a, b), 10);

        assertEquals(new RepairDecision.Reallocate(pinOn(2, 2, a, b, c), List.of(c), List.of()), decision);
    }

    @Test
    void aSurplusCopyReleasedWhileANodeIsInItsGracePeriodIsTheDepartedOne() {
        // A replacement was allocated and pinned while the lost node still counted as available: three pinned copies,
        // one of them on a node that is gone. Whichever node it is, its copy is the surplus, never a live one.
        for (PeerId departed : List.of(a, b, c)) {
            Set<PeerId> live = new java.util.HashSet<>(Set.of(a, b, c));
            live.remove(departed);
            List<NodeCandidate> candidates = live.stream().map(peer -> new NodeCandidate(peer, Map.of(), 1_000, 0)).toList();
            RepairPlanner planner = new RepairPlanner(new PinAllocator(candidates, 1), Set.of(a, b, c), live);

            RepairDecision decision = planner.plan(pinOn(2, 2, a, b, c), pinnedOn(a, b, c), 10);

            RepairDecision.Reallocate reallocate = assertInstanceOf(RepairDecision.Reallocate.class, decision);
            assertEquals(List.of(departed), reallocate.released(), "departed " + departed);
            assertEquals(live, Set.copyOf(reallocate.updated().allocations()));
        }
    }

    @Test
    void dropsTheLostCopyOnceTheReplacementIsPinned() {
        RepairDecision decision = planner(Set.of(a, c)).plan(pinOn(2, 2, a, b, c), pinnedOn(a, b, c), 10);

        assertEquals(new RepairDecision.Reallocate(pinOn(2, 2, a, c), List.of(), List.of(b)), decision);
    }

    @Test
    void releasesTheSurplusWhenALostNodeReturnsBeforeBeingDropped() {
        RepairDecision decision = planner(Set.of(a, b, c)).plan(pinOn(2, 2, a, b, c), pinnedOn(a, b), 10);

        assertEquals(new RepairDecision.Reallocate(pinOn(2, 2, a, b), List.of(), List.of(c)), decision);
    }

    @Test
    void replacesACopyThatReportedPinError() {
        Map<PeerId, NodePinState> states = pinnedOn(a);
        states.put(b, new NodePinState(PinStatus.PIN_ERROR, "not found", 5, 1));

        RepairDecision decision = planner(Set.of(a, b, c)).plan(pinOn(2, 2, a, b), states, 10);

        assertEquals(new RepairDecision.Reallocate(pinOn(2, 2, a, b, c), List.of(c), List.of()), decision);
    }

    @Test
    void everyNodeFollowsMembership() {
        RepairDecision decision = planner(Set.of(a, b, c, d)).plan(
                ClusterPin.recursive(Fixtures.cid("dag"), "dag", ReplicationFactor.everyNode(), 5)
                        .withAllocations(List.of(a, b)), pinnedOn(a, b), 10);

        assertInstanceOf(RepairDecision.Reallocate.class, decision);
        assertEquals(Set.of(c, d), Set.copyOf(((RepairDecision.Reallocate) decision).added()));
    }

    @Test
    void expiresAPinWhoseTimeHasCome() {
        ClusterPin pin = new ClusterPin(Fixtures.cid("dag"), "", PinMode.DIRECT, new ReplicationFactor(1, 1),
                Map.of(), List.of(a), 1, 10, Map.of(), List.of());

        assertEquals(new RepairDecision.Keep(), planner(Set.of(a)).plan(pin, pinnedOn(a), 9));
        assertEquals(new RepairDecision.Expire(), planner(Set.of(a)).plan(pin, pinnedOn(a), 10));
    }

    @Test
    void spreadsReallocationsOfOnePassOverNodes() {
        PinAllocator allocator = new PinAllocator(List.of(new NodeCandidate(c, Map.of(), 1_000, 0),
                new NodeCandidate(d, Map.of(), 1_000, 0)), 1);
        RepairPlanner planner = new RepairPlanner(allocator, Set.of(c, d));
        RepairDecision first = planner.plan(pinOn(1, 1, a).withAllocations(List.of()), Map.of(), 10);
        RepairDecision second = planner.plan(
                ClusterPin.recursive(Fixtures.cid("other"), "", new ReplicationFactor(1, 1), 5), Map.of(), 10);

        assertEquals(Set.of(c, d), Set.of(((RepairDecision.Reallocate) first).added().get(0),
                ((RepairDecision.Reallocate) second).added().get(0)));
    }
}
