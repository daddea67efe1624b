package io.strata.kademlia;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.strata.kademlia.TestPeers.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProviderStoreTest {

    private static final long HOUR = Duration.ofHours(1).toMillis();
    private final KademliaKey key = peer(100).key();
    private final ProviderStore store = new ProviderStore(KademliaConfig.DEFAULT.providerRecordTtl());

    @Test
    void recordsExpireFortyEightHoursAfterTheLastAnnouncement() {
        store.addProvider(key, peer(1), 0);
        store.addProvider(key, peer(2), 10 * HOUR);
        assertEquals(List.of(peer(1), peer(2)), store.providers(key, 48 * HOUR - 1));
        assertEquals(List.of(peer(2)), store.providers(key, 48 * HOUR));
        assertEquals(List.of(), store.providers(key, 58 * HOUR));
    }

    @Test
    void republishingRenewsTheRecord() {
        store.addProvider(key, peer(1), 0);
        store.addProvider(key, peer(1), KademliaConfig.DEFAULT.providerRepublishInterval().toMillis());
        assertEquals(List.of(peer(1)), store.providers(key, 69 * HOUR));
        assertEquals(1, store.size());
    }

    @Test
    void removeExpiredDropsOnlyExpiredRecords() {
        store.addProvider(key, peer(1), 0);
        store.addProvider(key, peer(2), 5 * HOUR);
        store.addProvider(peer(200).key(), peer(3), 0);
        assertEquals(2, store.removeExpired(50 * HOUR));
        assertEquals(1, store.size());
        assertEquals(List.of(peer(2)), store.providers(key, 50 * HOUR));
    }

    @Test
    void unknownKeysHaveNoProviders() {
        assertEquals(List.of(), store.providers(key, 0));
    }

    @Test
    void rejectsANonPositiveTtl() {
        assertEquals(KademliaException.Code.INVALID_ARGUMENT,
                assertThrows(KademliaException.class, () -> new ProviderStore(Duration.ZERO)).code());
    }

    @Test
    void configRejectsARepublishIntervalNotShorterThanTheTtl() {
        assertThrows(KademliaException.class,
                () -> new KademliaConfig(20, 3, Duration.ofHours(1), Duration.ofHours(1)));
    }
}
