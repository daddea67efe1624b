package io.strata.orbit;

import io.strata.crdt.CrdtException;
import io.strata.crdt.log.LogEntry;
import io.strata.orbit.store.CounterStore;
import io.strata.orbit.store.DocumentsStore;
import io.strata.orbit.store.KeyValueStore;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrbitDatabaseTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final OrbitIdentity alice = OrbitIdentity.generate(RANDOM);
    private final OrbitIdentity bob = OrbitIdentity.generate(RANDOM);
    private final Map<String, Identity> published = Map.of(alice.hash(), alice.identity(), bob.hash(), bob.identity());
    private final AccessControllerManifest access = AccessControllerManifest.writers(List.of(alice.id(), bob.id()));

    private OrbitDatabase open(OrbitIdentity self, String type) {
        return OrbitDatabase.open(new DatabaseManifest("db", type, access.address()), access, self,
                hash -> Optional.ofNullable(published.get(hash)), "_id", List.of());
    }

    @Test
    void theManifestTypeChoosesTheStore() {
        assertInstanceOf(KeyValueStore.class, open(alice, "keyvalue").store());
        assertInstanceOf(CounterStore.class, open(alice, "counter").store());
        assertInstanceOf(DocumentsStore.class, open(alice, "documents").store());
        assertEquals(OrbitException.Code.MANIFEST_MALFORMED,
                assertThrows(OrbitException.class, () -> open(alice, "feed")).code());
        AccessControllerManifest other = AccessControllerManifest.writers(List.of("*"));
        assertThrows(OrbitException.class, () -> OrbitDatabase.open(new DatabaseManifest("db", "keyvalue",
                access.address()), other, alice, hash -> Optional.empty(), "_id", List.of()));
        assertEquals("/orbitdb/", open(alice, "keyvalue").store().log().id().substring(0, 9));
    }

    @Test
    void syncedOnceEveryAnnouncedHeadIsHeld() {
        OrbitDatabase atAlice = open(alice, "counter");
        OrbitDatabase atBob = open(bob, "counter");
        assertTrue(atAlice.synced(), "nothing announced yet");
        ((CounterStore) atBob.store()).increment(3);
        LogEntry second = ((CounterStore) atBob.store()).increment(4);

        assertThrows(CrdtException.class, () -> atAlice.receive("bob", List.of(second), cid -> Optional.empty()));
        assertFalse(atAlice.synced(), "bob's head could not be joined");
        atAlice.receive("bob", atBob.heads(), cid -> atBob.store().log().get(cid).map(LogEntry::bytes));
        assertTrue(atAlice.synced());
        assertEquals(7, ((CounterStore) atAlice.store()).value());

        ((CounterStore) atBob.store()).decrement(1);
        atAlice.receive("bob", List.of(second), cid -> Optional.empty());
        assertTrue(atAlice.synced(), "an older announcement it already holds");
        atAlice.forget("bob");
        assertTrue(atAlice.synced());
    }
}
