package io.strata.pinning;

import io.strata.multiformats.PeerId;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RepairPlannerProperties {

    /** A random cluster: nodes, which are available, their tags, one pin and the nodes' reported states. */
    record Scenario(List<PeerId> nodes, Set<PeerId> available, List<NodeCandidate> candidates, ClusterPin pin,
                    Map<PeerId, NodePinState> states) {

        static Scenario random(long seed) {
            Random random = new Random(seed);
            List<PeerId> nodes = Fixtures.peers(1 + random.nextInt(7));
            Set<PeerId> available = new HashSet<>();
            List<NodeCandidate> candidates = new ArrayList<>();
            for (PeerId node : nodes) {
                if (random.nextInt(4) != 0) {
                    available.add(node);
                    candidates.add(new NodeCandidate(node, Map.of("region", random.nextBoolean() ? "eu" : "us"),
                            random.nextInt(3) * 1_000L, random.nextInt(5)));
                }
            }
            ReplicationFactor replication;
            if (random.nextInt(5) == 0) {
                replication = ReplicationFactor.everyNode();
            } else {
                int min = 1 + random.nextInt(4);
                replication = new ReplicationFactor(min, random.nextInt(4) == 0 ? -1 : min + random.nextInt(3));
            }
            List<PeerId> allocations = new ArrayList<>(nodes);
            java.util.Collections.shuffle(allocations, random);
            allocations = allocations.subList(0, random.nextInt(allocations.size() + 1));
            Map<PeerId, NodePinState> states = new HashMap<>();
            for (PeerId node : nodes) {
                if (random.nextInt(3) != 0) {
                    PinStatus status = PinStatus.values()[random.nextInt(PinStatus.values().length)];
                    states.put(node, NodePinState.of(status, 1));
                }
            }
            Map<String, String> tags = random.nextInt(3) == 0 ? Map.of("region", "eu") : Map.of();
            ClusterPin pin = new ClusterPin(Fixtures.cid("p" + seed), "n", PinMode.RECURSIVE, replication, tags,
                    allocations, 1, 0, Map.of(), List.of());
            return new Scenario(nodes, available, candidates, pin, states);
        }

        RepairDecision plan() {
            return new RepairPlanner(new PinAllocator(candidates, 1), available).plan(pin, states, 10);
        }

        int eligible() {
            return new PinAllocator(candidates, 1).eligibleCount(pin);
        }

        boolean healthy(PeerId peer) {
            NodePinState state = states.get(peer);
            return available.contains(peer) && (state == null || state.status() != PinStatus.PIN_ERROR);
        }

        boolean safe(PeerId peer) {
            NodePinState state = states.get(peer);
            return healthy(peer) && state != null && state.status() == PinStatus.PINNED;
        }

        long safeCount(List<PeerId> allocations) {
            return allocations.stream().filter(this::safe).count();
        }
    }

    private static List<PeerId> allocationsAfter(Scenario scenario, RepairDecision decision) {
        return decision instanceof RepairDecision.Reallocate reallocate
                ? reallocate.updated().allocations() : scenario.pin().allocations();
    }

    @Property(tries = 2000)
    void neverLosesSafeCopiesBelowTheMinimum(@ForAll long seed) {
        Scenario scenario = Scenario.random(seed);
        int min = scenario.pin().replication().effectiveMin(scenario.eligible());
        long before = scenario.safeCount(scenario.pin().allocations());
        long after = scenario.safeCount(allocationsAfter(scenario, scenario.plan()));
        assertTrue(after >= Math.min(before, min));
    }

    @Property(tries = 2000)
    void dropsAnUnhealthyCopyOnlyWhenTheMinimumIsSafelyPinned(@ForAll long seed) {
        Scenario scenario = Scenario.random(seed);
        int min = scenario.pin().replication().effectiveMin(scenario.eligible());
        if (scenario.plan() instanceof RepairDecision.Reallocate reallocate) {
            boolean droppedUnhealthy = reallocate.released().stream().anyMatch(peer -> !scenario.healthy(peer));
            if (droppedUnhealthy) {
                assertTrue(scenario.safeCount(reallocate.updated().allocations()) >= Math.max(min, 1));
            }
        }
    }

    @Property(tries = 2000)
    void restoresTheMinimumWhenEnoughNodesAreEligibleAndNeverExceedsTheMaximum(@ForAll long seed) {
        Scenario scenario = Scenario.random(seed);
        int eligible = scenario.eligible();
        int min = scenario.pin().replication().effectiveMin(eligible);
        int max = scenario.pin().replication().effectiveMax(eligible);
        List<PeerId> after = allocationsAfter(scenario, scenario.plan());
        Set<PeerId> originallyAllocated = new HashSet<>(scenario.pin().allocations());
        long healthyAfter = after.stream()
                .filter(peer -> scenario.healthy(peer) || !originallyAllocated.contains(peer)).count();
        long healthyEligibleOrAllocated = scenario.candidates().stream()
                .filter(candidate -> candidate.freeBytes() >= 1 && scenario.pin().accepts(candidate))
                .map(NodeCandidate::peer)
                .filter(peer -> originallyAllocated.contains(peer) ? scenario.healthy(peer) : !reportedPinError(scenario, peer))
                .count()
                + scenario.pin().allocations().stream().filter(scenario::healthy)
                .filter(peer -> scenario.candidates().stream().noneMatch(c -> c.peer().equals(peer)
                        && c.freeBytes() >= 1 && scenario.pin().accepts(c)))
                .count();
        assertTrue(healthyAfter >= Math.min(min, healthyEligibleOrAllocated));
        if (min > 0) {
            assertTrue(healthyAfter <= max);
        } else {
            assertEquals(scenario.pin().allocations(), after);
        }
        assertEquals(after.size(), new HashSet<>(after).size());
    }

    @Property(tries = 1000)
    void addsOnlyAvailableEligibleNodes(@ForAll long seed) {
        Scenario scenario = Scenario.random(seed);
        if (scenario.plan() instanceof RepairDecision.Reallocate reallocate) {
            for (PeerId added : reallocate.added()) {
                assertTrue(scenario.available().contains(added));
                assertTrue(!scenario.pin().allocations().contains(added));
                NodeCandidate candidate = scenario.candidates().stream()
                        .filter(c -> c.peer().equals(added)).findFirst().orElseThrow();
                assertTrue(scenario.pin().accepts(candidate));
            }
            assertTrue(reallocate.updated().allocations().containsAll(reallocate.added()));
            assertTrue(reallocate.released().stream().noneMatch(reallocate.updated().allocations()::contains));
        }
    }

    /** A node whose last attempt at this pin failed is not picked again in the same plan. */
    private static boolean reportedPinError(Scenario scenario, PeerId peer) {
        NodePinState state = scenario.states().get(peer);
        return state != null && state.status() == PinStatus.PIN_ERROR;
    }

    @Property(tries = 1000)
    void isDeterministic(@ForAll long seed) {
        Scenario scenario = Scenario.random(seed);
        assertEquals(scenario.plan(), scenario.plan());
    }

    /** Trackers that pin whatever is allocated to them make repeated planning settle within a few rounds. */
    @Property(tries = 5000)
    void convergesWhenTrackersPinTheirAllocations(@ForAll long seed) {
        Scenario scenario = Scenario.random(seed);
        ClusterPin pin = scenario.pin();
        Map<PeerId, NodePinState> states = new HashMap<>(scenario.states());
        RepairDecision decision = null;
        for (int round = 0; round < 4; round++) {
            decision = new RepairPlanner(new PinAllocator(scenario.candidates(), 1), scenario.available())
                    .plan(pin, states, 10);
            if (decision instanceof RepairDecision.Reallocate reallocate) {
                pin = reallocate.updated();
                reallocate.released().forEach(states::remove);
            }
            for (PeerId peer : pin.allocations()) {
                NodePinState state = states.get(peer);
                if (scenario.available().contains(peer) && (state == null || state.status() != PinStatus.PIN_ERROR)) {
                    states.put(peer, NodePinState.of(PinStatus.PINNED, 2));
                }
            }
        }
        assertInstanceOf(RepairDecision.Keep.class, decision);
    }
}
