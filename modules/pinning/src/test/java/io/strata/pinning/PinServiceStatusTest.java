package io.strata.pinning;

import io.strata.multiformats.PeerId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PinServiceStatusTest {

    private final List<PeerId> peers = Fixtures.peers(3);
    private final ClusterPin twoOfThree = ClusterPin.recursive(Fixtures.cid("a"), "a", new ReplicationFactor(2, 3), 1)
            .withAllocations(peers);

    private static NodePinState state(PinStatus status) {
        return NodePinState.of(status, 5);
    }

    @Test
    void pinnedOnlyOnceTheMinimumNumberOfCopiesExists() {
        assertEquals(PinServiceStatus.PINNING, PinServiceStatus.of(twoOfThree,
                Map.of(peers.get(0), state(PinStatus.PINNED), peers.get(1), state(PinStatus.QUEUED))));
        assertEquals(PinServiceStatus.PINNED, PinServiceStatus.of(twoOfThree,
                Map.of(peers.get(0), state(PinStatus.PINNED), peers.get(2), state(PinStatus.PINNED))));
    }

    @Test
    void queuedWhileNoAllocatedNodeHasStarted() {
        assertEquals(PinServiceStatus.QUEUED, PinServiceStatus.of(twoOfThree, Map.of()));
        assertEquals(PinServiceStatus.QUEUED, PinServiceStatus.of(twoOfThree,
                Map.of(peers.get(0), state(PinStatus.QUEUED), peers.get(1), state(PinStatus.PIN_ERROR))));
    }

    @Test
    void failedWhenEveryAllocationFailedOrNothingIsAllocated() {
        assertEquals(PinServiceStatus.FAILED, PinServiceStatus.of(twoOfThree, Map.of(
                peers.get(0), state(PinStatus.PIN_ERROR), peers.get(1), state(PinStatus.PIN_ERROR),
                peers.get(2), state(PinStatus.PIN_ERROR))));
        assertEquals(PinServiceStatus.FAILED, PinServiceStatus.of(twoOfThree.withAllocations(List.of()), Map.of()));
    }

    @Test
    void everyNodePinIsPinnedWhenAllItsAllocationsAre() {
        ClusterPin everywhere = ClusterPin.recursive(Fixtures.cid("b"), "b", ReplicationFactor.everyNode(), 1)
                .withAllocations(peers.subList(0, 2));
        assertEquals(PinServiceStatus.PINNED, PinServiceStatus.of(everywhere,
                Map.of(peers.get(0), state(PinStatus.PINNED), peers.get(1), state(PinStatus.PINNED))));
    }

    @Test
    void wireNamesAreTheSpecsLowerCaseNames() {
        assertEquals("queued", PinServiceStatus.QUEUED.wireName());
        assertEquals(PinServiceStatus.FAILED, PinServiceStatus.byWireName("failed").orElseThrow());
        assertEquals(java.util.Optional.empty(), PinServiceStatus.byWireName("pin_error"));
    }
}
