package io.strata.pinning;

import io.strata.multiformats.PeerId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PinAllocatorTest {

    private final List<PeerId> nodes = Fixtures.peers(4);

    private ClusterPin pin(ReplicationFactor replication, Map<String, String> tags) {
        return new ClusterPin(Fixtures.cid("x"), "", PinMode.RECURSIVE, replication, tags, List.of(), 1, 0, Map.of(),
                List.of());
    }

    @Test
    void prefersTheLeastLoadedThenTheEmptiestNode() {
        PinAllocator allocator = new PinAllocator(List.of(
                new NodeCandidate(nodes.get(0), Map.of(), 100, 3),
                new NodeCandidate(nodes.get(1), Map.of(), 100, 1),
                new NodeCandidate(nodes.get(2), Map.of(), 900, 1),
                new NodeCandidate(nodes.get(3), Map.of(), 5_000, 2)), 1);

        assertEquals(List.of(nodes.get(2), nodes.get(1)),
                allocator.allocateNew(pin(new ReplicationFactor(1, 2), Map.of())));
        assertEquals(2, allocator.loadOf(nodes.get(2)));
    }

    @Test
    void honoursTagsAndFreeSpace() {
        PinAllocator allocator = new PinAllocator(List.of(
                new NodeCandidate(nodes.get(0), Map.of("region", "eu"), 100, 0),
                new NodeCandidate(nodes.get(1), Map.of("region", "us"), 100, 0),
                new NodeCandidate(nodes.get(2), Map.of("region", "eu"), 0, 0),
                new NodeCandidate(nodes.get(3), Map.of("region", "eu"), 100, 5)), 1);
        ClusterPin euEverywhere = pin(ReplicationFactor.everyNode(),
                AllocationConstraints.parse(List.of("tag:region=eu")));

        assertEquals(List.of(nodes.get(0), nodes.get(3)), allocator.allocateNew(euEverywhere));
        assertEquals(Set.of(), Set.copyOf(allocator.pick(euEverywhere, 3, Set.of(nodes.get(0), nodes.get(3)))));
    }

    @Test
    void refusesAPinThatCannotReachItsMinimum() {
        PinAllocator allocator = new PinAllocator(List.of(new NodeCandidate(nodes.get(0), Map.of(), 100, 0)), 1);

        PinningException failure = assertThrows(PinningException.class,
                () -> allocator.allocateNew(pin(new ReplicationFactor(2, 3), Map.of())));
        assertEquals(PinningException.Code.INSUFFICIENT_PEERS, failure.code());
        assertThrows(PinningException.class,
                () -> new PinAllocator(List.of(), 1).allocateNew(pin(ReplicationFactor.everyNode(), Map.of())));
    }

    @Test
    void parsesConstraintsPrecisely() {
        assertEquals(Map.of("region", "eu", "disk", "ssd"),
                AllocationConstraints.parse(List.of("tag:region=eu", "tag:disk=ssd", "tag:region=eu")));
        for (String bad : List.of("region=eu", "tag:region", "tag:=eu", "tag:region=")) {
            PinningException failure = assertThrows(PinningException.class,
                    () -> AllocationConstraints.parse(List.of(bad)));
            assertEquals(PinningException.Code.INVALID_CONSTRAINT, failure.code());
        }
        assertThrows(PinningException.class, () -> AllocationConstraints.parse(List.of("tag:r=eu", "tag:r=us")));
    }

    @Test
    void validatesReplicationFactors() {
        for (int[] bad : new int[][] {{0, 1}, {1, 0}, {-2, 3}, {3, 2}, {-1, 2}}) {
            PinningException failure = assertThrows(PinningException.class,
                    () -> new ReplicationFactor(bad[0], bad[1]));
            assertEquals(PinningException.Code.INVALID_REPLICATION, failure.code());
        }
        assertEquals(3, new ReplicationFactor(2, -1).effectiveMax(3));
        assertEquals(5, ReplicationFactor.everyNode().effectiveMin(5));
    }

    @Test
    void backoffDoublesUpToItsCap() {
        RetryBackoff backoff = new RetryBackoff(100, 1_000, 4);

        assertEquals(List.of(100L, 200L, 400L, 800L, 1_000L, 1_000L),
                List.of(backoff.delayAfter(1), backoff.delayAfter(2), backoff.delayAfter(3), backoff.delayAfter(4),
                        backoff.delayAfter(5), backoff.delayAfter(80)));
        assertEquals(false, backoff.isExhausted(3));
        assertEquals(true, backoff.isExhausted(4));
    }
}
