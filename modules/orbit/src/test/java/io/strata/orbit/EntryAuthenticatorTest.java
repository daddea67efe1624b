package io.strata.orbit;

import io.strata.crdt.CrdtException;
import io.strata.crdt.log.EntryFetcher;
import io.strata.crdt.log.EntrySignature;
import io.strata.crdt.log.LogEntry;
import io.strata.crdt.log.OperationLog;
import io.strata.crypto.Secp256k1PrivateKey;
import io.strata.orbit.store.KeyValueStore;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntryAuthenticatorTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LOG_ID = "/orbitdb/zdpuAmrcSRUhkQcnRQ6p4bphs7DJWGBkqczSGFYynX6moTcDL";

    private final OrbitIdentity alice = OrbitIdentity.generate(RANDOM);
    private final OrbitIdentity bob = OrbitIdentity.generate(RANDOM);
    private final OrbitIdentity mallory = OrbitIdentity.generate(RANDOM);
    private final Map<String, Identity> published = new HashMap<>();

    EntryAuthenticatorTest() {
        for (OrbitIdentity identity : List.of(alice, bob, mallory)) {
            published.put(identity.hash(), identity.identity());
        }
    }

    private KeyValueStore store(OrbitIdentity writer, List<String> writeList) {
        EntryAuthenticator authenticator = new EntryAuthenticator(hash -> Optional.ofNullable(published.get(hash)),
                AccessControllerManifest.writers(writeList));
        return new KeyValueStore(new OperationLog(LOG_ID, writer.clockId(), authenticator), writer);
    }

    @Test
    void identitiesVerifyAndTamperedOnesDoNot() {
        Identity identity = alice.identity();
        assertTrue(Signatures.verifyIdentity(identity));
        assertFalse(Signatures.verifyIdentity(new Identity(bob.id(), identity.publicKey(), identity.idSignature(),
                identity.publicKeySignature(), identity.type())), "another owner's id");
        assertFalse(Signatures.verifyIdentity(new Identity(identity.id(), identity.publicKey(),
                bob.identity().idSignature(), identity.publicKeySignature(), identity.type())));
        assertFalse(Signatures.verifyIdentity(new Identity(identity.id(), identity.publicKey(), identity.idSignature(),
                identity.publicKeySignature(), "ethereum")));
        assertFalse(Signatures.verify("zz", identity.publicKey(), "x"), "bad hex does not verify");
    }

    @Test
    void identitiesFromTheSameKeysAreTheSameBlock() {
        Secp256k1PrivateKey owner = Secp256k1PrivateKey.generate(RANDOM);
        Secp256k1PrivateKey signing = Secp256k1PrivateKey.generate(RANDOM);
        assertEquals(OrbitIdentity.of(owner, signing).hash(), OrbitIdentity.of(owner, signing).hash());
        assertEquals(OrbitIdentity.of(owner, signing).identity(),
                Identity.decode(OrbitIdentity.of(owner, signing).identity().toBlock().data()));
    }

    @Test
    void listedWritersReplicateAndOthersAreRefused() {
        List<String> writers = List.of(alice.id(), bob.id());
        KeyValueStore atAlice = store(alice, writers);
        KeyValueStore atBob = store(bob, writers);
        KeyValueStore atMallory = store(mallory, List.of(mallory.id()));
        atAlice.put("k", "alice");
        atBob.put("j", "bob");
        atAlice.join(atBob);
        atBob.join(atAlice);
        assertEquals(atAlice.all(), atBob.all());

        LogEntry intruder = atMallory.put("k", "mallory");
        CrdtException refused = assertThrows(CrdtException.class,
                () -> atAlice.join(List.of(intruder), EntryFetcher.NONE));
        assertEquals(CrdtException.Code.ENTRY_REFUSED, refused.code());
        assertEquals(Optional.of("alice"), atAlice.get("k"));
        assertThrows(CrdtException.class, () -> store(mallory, writers).put("x", 1L), "unlisted writers cannot append");
    }

    @Test
    void anyWriterWithAStarButNeverAForgery() {
        KeyValueStore open = store(alice, List.of(AccessControllerManifest.ANY_WRITER));
        LogEntry byMallory = store(mallory, List.of(AccessControllerManifest.ANY_WRITER)).put("k", "v");
        open.join(List.of(byMallory), EntryFetcher.NONE);
        assertEquals(Optional.of("v"), open.get("k"));

        LogEntry honest = store(bob, List.of("*")).put("k", "bob");
        EntrySignature real = honest.signature().orElseThrow();
        LogEntry forgedSig = LogEntry.create(LOG_ID, honest.payload(), honest.next(), honest.refs(), honest.clock(),
                bytes -> new EntrySignature(real.key(), real.identity(), mallory.sign(bytes).sig()));
        LogEntry borrowedIdentity = LogEntry.create(LOG_ID, honest.payload(), honest.next(), honest.refs(),
                honest.clock(), bytes -> new EntrySignature(mallory.identity().publicKey(), bob.hash(),
                        mallory.sign(bytes).sig()));
        LogEntry unsigned = LogEntry.create(LOG_ID, honest.payload(), honest.next(), honest.refs(), honest.clock());
        EntryAuthenticator authenticator = new EntryAuthenticator(hash -> Optional.ofNullable(published.get(hash)),
                AccessControllerManifest.writers(List.of("*")));
        assertTrue(authenticator.accepts(honest));
        assertFalse(authenticator.accepts(forgedSig));
        assertFalse(authenticator.accepts(borrowedIdentity));
        assertFalse(authenticator.accepts(unsigned));
        EntryAuthenticator unknownIdentities = new EntryAuthenticator(hash -> Optional.empty(),
                AccessControllerManifest.writers(List.of("*")));
        assertFalse(unknownIdentities.accepts(honest));
    }
}
