package io.strata.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.crdt.CrdtException;
import io.strata.crdt.log.EntryFetcher;
import io.strata.crdt.log.EntrySignature;
import io.strata.crdt.log.LogEntry;
import io.strata.crdt.log.OperationLog;
import io.strata.crypto.Secp256k1PrivateKey;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multibase;
import io.strata.orbit.AccessControllerManifest;
import io.strata.orbit.DatabaseManifest;
import io.strata.orbit.EntryAuthenticator;
import io.strata.orbit.Identity;
import io.strata.orbit.OrbitAddress;
import io.strata.orbit.OrbitIdentity;
import io.strata.orbit.Signatures;
import io.strata.orbit.store.KeyValueStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our OrbitDB v2 formats against @orbitdb/core 3.0.2 (js/orbitdb.mjs): from the same secp256k1 keys both
 * make the same identity block and the same signed entries (RFC 6979 makes signatures deterministic), so
 * every CID matches; what OrbitDB writes decodes, verifies and joins into our log in OrbitDB's order; what
 * we write verifies with OrbitDB's {@code Identities} and {@code Entry.verify} and joins into its
 * {@code Log} behind an ipfs-style access controller; forgeries and unlisted writers are refused by both.
 */
class OrbitDbInteropTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String LOG_ID = "/orbitdb/zdpuAmrcSRUhkQcnRQ6p4bphs7DJWGBkqczSGFYynX6moTcDL";
    private static final int REFERENCES_COUNT = 16;
    private static final int ENTRIES = 24;

    private static NodeScripts scripts;

    @BeforeAll
    static void locateScripts() {
        scripts = NodeScripts.locate();
    }

    private static Map<String, Object> put(int i) {
        Map<String, Object> operation = new HashMap<>();
        operation.put("op", i % 5 == 4 ? "DEL" : "PUT");
        operation.put("key", "key-" + (i % 7));
        operation.put("value", i % 5 == 4 ? null : (Object) (long) (i * 31));
        return operation;
    }

    private static JsonNode writtenByOrbitDb(Secp256k1PrivateKey owner, Secp256k1PrivateKey signing) {
        ObjectNode request = NodeScripts.json().createObjectNode();
        request.put("ownerKey", HEX.formatHex(owner.raw()));
        request.put("signingKey", HEX.formatHex(signing.raw()));
        request.put("identityName", "userA");
        request.put("logId", LOG_ID);
        request.put("referencesCount", REFERENCES_COUNT);
        ArrayNode payloads = request.putArray("payloads");
        for (int i = 0; i < ENTRIES; i++) {
            payloads.add(NodeScripts.json().valueToTree(put(i)));
        }
        ObjectNode manifest = request.putObject("manifest");
        manifest.put("name", "interop-db");
        manifest.put("type", "keyvalue");
        manifest.putArray("write").add("*");
        return scripts.run("orbitdb", request, "write");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static String hash(LogEntry entry) {
        return entry.cid().toString(Multibase.BASE58BTC);
    }

    private static KeyValueStore store(OrbitIdentity writer, Map<String, Identity> published, List<String> writers) {
        EntryAuthenticator authenticator = new EntryAuthenticator(hash -> Optional.ofNullable(published.get(hash)),
                AccessControllerManifest.writers(writers));
        return new KeyValueStore(new OperationLog(LOG_ID, writer.clockId(), authenticator, REFERENCES_COUNT), writer);
    }

    @Test
    void sameKeysGiveTheSameIdentityEntriesManifestAndAddress() {
        SecureRandom random = new SecureRandom();
        Secp256k1PrivateKey owner = Secp256k1PrivateKey.generate(random);
        Secp256k1PrivateKey signing = Secp256k1PrivateKey.generate(random);
        JsonNode reference = writtenByOrbitDb(owner, signing);

        OrbitIdentity ours = OrbitIdentity.of(owner, signing);
        assertEquals(reference.get("identity").get("id").asText(), ours.id());
        assertEquals(reference.get("identity").get("publicKey").asText(), ours.clockId());
        assertEquals(reference.get("identity").get("bytes").asText(), HEX.formatHex(ours.identity().toBlock().data()));
        assertEquals(reference.get("identity").get("hash").asText(), ours.hash());

        KeyValueStore store = store(ours, Map.of(ours.hash(), ours.identity()), List.of("*"));
        JsonNode entries = reference.get("entries");
        for (int i = 0; i < ENTRIES; i++) {
            LogEntry entry = apply(store, put(i));
            assertEquals(entries.get(i).get("bytes").asText(), HEX.formatHex(entry.bytes()), "entry " + i);
            assertEquals(entries.get(i).get("hash").asText(), hash(entry), "entry " + i);
        }
        assertEquals(texts(reference.get("values")), store.log().values().stream().map(OrbitDbInteropTest::hash).toList());

        AccessControllerManifest access = AccessControllerManifest.writers(List.of("*"));
        assertEquals(reference.get("accessController").get("address").asText(), access.address());
        assertEquals(reference.get("accessController").get("bytes").asText(), HEX.formatHex(access.toBlock().data()));
        DatabaseManifest manifest = new DatabaseManifest("interop-db", "keyvalue", access.address());
        assertEquals(reference.get("manifest").get("bytes").asText(), HEX.formatHex(manifest.toBlock().data()));
        assertEquals(reference.get("manifest").get("address").asText(), manifest.address().toString());
        assertEquals(manifest, DatabaseManifest.decode(HEX.parseHex(reference.get("manifest").get("bytes").asText())));
        assertEquals(manifest.address(), OrbitAddress.parse(reference.get("manifest").get("address").asText()));
    }

    private static LogEntry apply(KeyValueStore store, Map<String, Object> operation) {
        return "DEL".equals(operation.get("op")) ? store.del((String) operation.get("key"))
                : store.put((String) operation.get("key"), operation.get("value"));
    }

    @Test
    void entriesOrbitDbWritesVerifyAndJoinOurLogInItsOrder() {
        SecureRandom random = new SecureRandom();
        JsonNode reference = writtenByOrbitDb(Secp256k1PrivateKey.generate(random), Secp256k1PrivateKey.generate(random));
        Identity identity = Identity.decode(Cid.parse(reference.get("identity").get("hash").asText()),
                HEX.parseHex(reference.get("identity").get("bytes").asText()));
        assertTrue(Signatures.verifyIdentity(identity));

        Map<Cid, byte[]> blocks = new HashMap<>();
        for (JsonNode entry : reference.get("entries")) {
            blocks.put(Cid.parse(entry.get("hash").asText()), HEX.parseHex(entry.get("bytes").asText()));
        }
        OrbitIdentity reader = OrbitIdentity.generate(random);
        KeyValueStore store = store(reader, Map.of(identity.hash(), identity), List.of(identity.id()));
        List<LogEntry> heads = texts(reference.get("heads")).stream()
                .map(head -> LogEntry.decode(Cid.parse(head), blocks.get(Cid.parse(head)))).toList();
        List<LogEntry> joined = store.join(heads, cid -> Optional.ofNullable(blocks.get(cid)));

        assertEquals(ENTRIES, joined.size());
        assertEquals(texts(reference.get("heads")), store.log().heads().stream().map(OrbitDbInteropTest::hash).toList());
        assertEquals(texts(reference.get("values")), store.log().values().stream().map(OrbitDbInteropTest::hash).toList());
        assertEquals(Optional.of((long) (ENTRIES - 2) * 31), store.get("key-" + ((ENTRIES - 2) % 7)));

        KeyValueStore closed = store(reader, Map.of(identity.hash(), identity), List.of(reader.id()));
        assertEquals(CrdtException.Code.ENTRY_REFUSED, assertThrows(CrdtException.class,
                () -> closed.join(heads, cid -> Optional.ofNullable(blocks.get(cid)))).code());
    }

    @Test
    void entriesWeWriteVerifyAndJoinOrbitDbsLog() {
        SecureRandom random = new SecureRandom();
        OrbitIdentity alice = OrbitIdentity.generate(random);
        OrbitIdentity bob = OrbitIdentity.generate(random);
        Map<String, Identity> published = Map.of(alice.hash(), alice.identity(), bob.hash(), bob.identity());
        List<String> writers = List.of(alice.id(), bob.id());
        KeyValueStore atAlice = store(alice, published, writers);
        KeyValueStore atBob = store(bob, published, writers);
        for (int i = 0; i < ENTRIES; i++) {
            apply(i % 2 == 0 ? atAlice : atBob, put(i));
            if (i % 5 == 0) {
                atAlice.join(atBob);
            }
        }
        atAlice.join(atBob);
        atAlice.put("concurrent", "alice");
        atBob.put("concurrent", "bob");
        atAlice.join(atBob);

        JsonNode verdict = verifyWithOrbitDb(writers, List.of(alice.identity(), bob.identity()), atAlice.log().values());
        verdict.get("identities").forEach(result -> assertTrue(result.get("valid").asBoolean(), result.toString()));
        verdict.get("entries").forEach(result -> assertTrue(result.get("valid").asBoolean(), result.toString()));
        assertFalse(verdict.get("join").has("error"), verdict.get("join").toString());
        assertEquals(atAlice.log().heads().stream().map(OrbitDbInteropTest::hash).toList(),
                texts(verdict.get("join").get("heads")));
        assertEquals(atAlice.log().values().stream().map(OrbitDbInteropTest::hash).toList(),
                texts(verdict.get("join").get("values")));
        assertTrue(atAlice.log().values().stream().anyMatch(entry -> !entry.refs().isEmpty()));
    }

    @Test
    void orbitDbRefusesOurForgeriesAndUnlistedWritersToo() {
        SecureRandom random = new SecureRandom();
        OrbitIdentity alice = OrbitIdentity.generate(random);
        OrbitIdentity mallory = OrbitIdentity.generate(random);
        Map<String, Identity> published = Map.of(alice.hash(), alice.identity(), mallory.hash(), mallory.identity());
        LogEntry honest = store(alice, published, List.of("*")).put("k", "alice");
        EntrySignature real = honest.signature().orElseThrow();
        LogEntry forged = LogEntry.create(LOG_ID, Map.of("op", "PUT", "key", "k", "value", "mallory"),
                honest.next(), honest.refs(), honest.clock(),
                bytes -> new EntrySignature(real.key(), real.identity(), real.sig()));
        JsonNode forgedVerdict = verifyWithOrbitDb(List.of("*"), List.of(alice.identity()), List.of(forged));
        assertFalse(forgedVerdict.get("entries").get(0).get("valid").asBoolean());
        assertTrue(forgedVerdict.get("join").has("error"));
        assertFalse(new EntryAuthenticator(hash -> Optional.ofNullable(published.get(hash)),
                AccessControllerManifest.writers(List.of("*"))).accepts(forged));

        LogEntry unlisted = store(mallory, published, List.of("*")).put("k", "mallory");
        JsonNode unlistedVerdict = verifyWithOrbitDb(List.of(alice.id()), List.of(mallory.identity()), List.of(unlisted));
        assertTrue(unlistedVerdict.get("entries").get(0).get("valid").asBoolean(), "the signature itself is good");
        assertTrue(unlistedVerdict.get("join").has("error"), "but the writer is not on the list");
        assertFalse(new EntryAuthenticator(hash -> Optional.ofNullable(published.get(hash)),
                AccessControllerManifest.writers(List.of(alice.id()))).accepts(unlisted));
    }

    private static JsonNode verifyWithOrbitDb(List<String> writers, List<Identity> identities, List<LogEntry> entries) {
        ObjectNode request = NodeScripts.json().createObjectNode();
        request.put("logId", LOG_ID);
        ArrayNode write = request.putArray("write");
        writers.forEach(write::add);
        ArrayNode identityBlocks = request.putArray("identities");
        identities.forEach(identity -> identityBlocks.add(HEX.formatHex(identity.toBlock().data())));
        ArrayNode entryBlocks = request.putArray("entries");
        entries.forEach(entry -> entryBlocks.add(HEX.formatHex(entry.bytes())));
        return scripts.run("orbitdb", request, "verify");
    }
}
