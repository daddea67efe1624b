package io.strata.pinning.verticle;

import com.hazelcast.core.HazelcastInstance;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.PeerId;
import io.strata.pinning.ClusterPin;
import io.strata.pinning.PinMode;
import io.strata.pinning.ReplicationFactor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Walks over the pin set: every pin once, across the bounded pulls and the map's fetches and partitions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClusterPinSetTest {

    private static final PeerId PEER = PinningTestCluster.randomPeerId();

    private HazelcastInstance hazelcast;
    private ClusterPinSet pinSet;

    @BeforeAll
    void start() {
        // Few partitions, so that one holds more pins than a round trip of the map's iterator fetches.
        hazelcast = PinningTestCluster.loneMember("strata-pin-set-test-", 36_000, Map.of("hazelcast.partition.count", "2"));
        pinSet = new ClusterPinSet(hazelcast);
    }

    @AfterAll
    void stop() {
        hazelcast.shutdown();
    }

    @Test
    void visitsEveryPinOnce() {
        Set<Cid> stored = new HashSet<>();
        for (int n = 0; n < 2_500; n++) {
            Cid cid = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, ByteBuffer.allocate(4).putInt(n).array());
            pinSet.putIfAbsent(new ClusterPin(cid, "pin " + n, PinMode.RECURSIVE, new ReplicationFactor(1, 1), Map.of(),
                    List.of(PEER), 1_000_000L + n, 0, Map.of(), List.of()));
            stored.add(cid);
        }
        List<Cid> visited = new ArrayList<>();
        pinSet.forEachPin(pin -> visited.add(pin.cid()));
        assertEquals(stored.size(), visited.size());
        assertEquals(stored, new HashSet<>(visited));
    }

    @Test
    void recordsARemovalUntilThePinIsAddedAgain() {
        Cid cid = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, "removed and added again".getBytes());
        ClusterPin pin = new ClusterPin(cid, "again", PinMode.RECURSIVE, new ReplicationFactor(1, 1), Map.of(),
                List.of(PEER), 5_000_000L, 0, Map.of(), List.of());
        assertFalse(pinSet.remove(cid), "nothing to remove");
        assertFalse(pinSet.wasRemoved(cid), "removing a pin that was never there records nothing");

        pinSet.putIfAbsent(pin);
        assertFalse(pinSet.wasRemoved(cid));
        assertTrue(pinSet.remove(cid));
        assertNull(pinSet.get(cid));
        assertTrue(pinSet.wasRemoved(cid));
        assertFalse(pinSet.remove(cid), "a second removal finds nothing");
        assertTrue(pinSet.wasRemoved(cid), "and keeps the record of the first");

        pinSet.putIfAbsent(pin);
        assertFalse(pinSet.wasRemoved(cid), "adding the pin again withdraws the record");
        assertTrue(pinSet.remove(cid));
    }

    @Test
    void aPinThatVanishedIsNotTakenForRemoved() {
        Cid cid = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, "vanished".getBytes());
        pinSet.putIfAbsent(new ClusterPin(cid, "vanished", PinMode.RECURSIVE, new ReplicationFactor(1, 1), Map.of(),
                List.of(PEER), 6_000_000L, 0, Map.of(), List.of()));
        hazelcast.getMap(PinningContract.PINS_MAP).delete(cid.toString());
        assertNull(pinSet.get(cid));
        assertFalse(pinSet.wasRemoved(cid));
    }

    @Test
    void anExpiryThatLostARaceWithAnUpdateLeavesNoRecord() {
        Cid cid = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, "expiring".getBytes());
        ClusterPin pin = pinSet.putIfAbsent(new ClusterPin(cid, "expiring", PinMode.RECURSIVE,
                new ReplicationFactor(1, 1), Map.of(), List.of(PEER), 7_000_000L, 1, Map.of(), List.of()));
        ClusterPin renewed = new ClusterPin(cid, "expiring", PinMode.RECURSIVE, new ReplicationFactor(1, 1), Map.of(),
                List.of(PEER), pin.createdAtMillis(), 0, Map.of(), List.of());
        assertTrue(pinSet.replace(pin, renewed));
        assertFalse(pinSet.removeIfUnchanged(pin));
        assertFalse(pinSet.wasRemoved(cid));
        assertTrue(pinSet.removeIfUnchanged(renewed));
        assertTrue(pinSet.wasRemoved(cid));
    }
}
