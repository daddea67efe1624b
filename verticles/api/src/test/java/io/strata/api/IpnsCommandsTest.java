package io.strata.api;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.blockstore.verticle.BlockStoreConfig;
import io.strata.blockstore.verticle.BlockStoreVerticle;
import io.strata.crypto.KeyFormat;
import io.strata.ipld.DagLinks;
import io.strata.crypto.KeyType;
import io.strata.crypto.Libp2pPrivateKey;
import io.strata.ipns.IpnsName;
import io.strata.ipns.IpnsRecord;
import io.strata.ipns.verticle.IpnsConfig;
import io.strata.ipns.verticle.IpnsVerticle;
import io.strata.multiformats.Multibase;
import io.vertx.core.Deployable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The key and name commands in Kubo's shapes, against a single-node IPNS verticle (no DHT). */
class IpnsCommandsTest extends ApiTestBase {

    private static final String CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    private static final Libp2pPrivateKey IDENTITY = Libp2pPrivateKey.generate(KeyType.ED25519, 0, new SecureRandom());

    @TempDir
    static Path repo;

    @Override
    List<Deployable> extraVerticles() {
        return List.of(new BlockStoreVerticle(new BlockStoreConfig(repo.resolve("blocks"), false, true, 2), new SimpleMeterRegistry(),
                DagLinks::links), new IpnsVerticle(IDENTITY, repo, null, Clock.systemUTC(), IpnsConfig.DEFAULTS));
    }

    @Test
    void keyCommandsAnswerInKubosShapes() throws Exception {
        JsonObject generated = post("/api/v0/key/gen?arg=api-key&type=ed25519").bodyAsJsonObject();
        assertEquals("api-key", generated.getString("Name"));
        assertTrue(generated.getString("Id").startsWith("k51"), generated.encode());

        JsonObject listed = post("/api/v0/key/list?ipns-base=b58mh").bodyAsJsonObject();
        assertEquals("self", listed.getJsonArray("Keys").getJsonObject(0).getString("Name"));
        assertEquals(IDENTITY.publicKey().peerId().toBase58(), listed.getJsonArray("Keys").getJsonObject(0).getString("Id"));

        HttpResponse<Buffer> duplicate = post("/api/v0/key/gen?arg=api-key");
        assertEquals(500, duplicate.statusCode());
        assertEquals("key with name 'api-key' already exists", duplicate.bodyAsJsonObject().getString("Message"));

        JsonObject renamed = post("/api/v0/key/rename?arg=api-key&arg=renamed").bodyAsJsonObject();
        assertEquals(new JsonObject().put("Was", "api-key").put("Now", "renamed").put("Id", generated.getString("Id"))
                .put("Overwrite", false), renamed);

        HttpResponse<Buffer> exported = post("/api/v0/key/export?arg=renamed&format=pem-pkcs8-cleartext");
        assertEquals(200, exported.statusCode());
        assertTrue(exported.bodyAsString().startsWith("-----BEGIN PRIVATE KEY-----"), exported.bodyAsString());
        JsonObject removed = post("/api/v0/key/rm?arg=renamed").bodyAsJsonObject();
        assertEquals(generated.getString("Id"), removed.getJsonArray("Keys").getJsonObject(0).getString("Id"));
        JsonObject imported = postMultipart("/api/v0/key/import?arg=back&format=pem-pkcs8-cleartext",
                singleFile(exported.body().getBytes())).bodyAsJsonObject();
        assertEquals(generated.getString("Id"), imported.getString("Id"));

        JsonObject signed = postMultipart("/api/v0/key/sign?key=back", singleFile("hello".getBytes(StandardCharsets.UTF_8))).bodyAsJsonObject();
        String signature = signed.getString("Signature");
        assertTrue(signature.startsWith("u"), signature);
        Libp2pPrivateKey key = KeyFormat.PEM_PKCS8_CLEARTEXT.decode(exported.body().getBytes());
        assertTrue(key.publicKey().verify("libp2p-key signed message:hello".getBytes(StandardCharsets.UTF_8), Multibase.decode(signature)));
        JsonObject verified = postMultipart("/api/v0/key/verify?key=back&signature=" + signature,
                singleFile("hello".getBytes(StandardCharsets.UTF_8))).bodyAsJsonObject();
        assertTrue(verified.getBoolean("SignatureValid"));
        JsonObject wrong = postMultipart("/api/v0/key/verify?key=back&signature=" + signature,
                singleFile("hullo".getBytes(StandardCharsets.UTF_8))).bodyAsJsonObject();
        assertFalse(wrong.getBoolean("SignatureValid"));
    }

    @Test
    void catReadsThroughIpnsNames() throws Exception {
        byte[] content = "named content\n".getBytes(StandardCharsets.UTF_8);
        String cid = postMultipart("/api/v0/block/put?cid-codec=raw", singleFile(content)).bodyAsJsonObject().getString("Key");
        Libp2pPrivateKey key = Libp2pPrivateKey.generate(KeyType.ED25519, 0, new SecureRandom());
        String name = postMultipart("/api/v0/key/import?arg=named", singleFile(key.marshal())).bodyAsJsonObject().getString("Id");
        post("/api/v0/name/publish?key=named&allow-offline=true&arg=" + cid);
        HttpResponse<Buffer> cat = post("/api/v0/cat?arg=/ipns/" + name);
        assertEquals(200, cat.statusCode(), cat.bodyAsString());
        assertEquals("named content\n", cat.bodyAsString());
        assertEquals("named content\n", post("/api/v0/cat?arg=ipns://" + name).bodyAsString());
        assertEquals(500, post("/api/v0/cat?arg=/ipns/" + IpnsName.of(
                Libp2pPrivateKey.generate(KeyType.ED25519, 0, new SecureRandom()).publicKey().peerId())).statusCode());
    }

    @Test
    void publishResolveAndInspect() throws Exception {
        HttpResponse<Buffer> offline = post("/api/v0/name/publish?resolve=false&arg=" + CID);
        assertEquals(500, offline.statusCode());
        assertTrue(offline.bodyAsJsonObject().getString("Message").contains("--allow-offline"), offline.bodyAsString());

        JsonObject published = post("/api/v0/name/publish?arg=/ipfs/" + CID + "&resolve=false&allow-offline=true&lifetime=2h&ttl=30s").bodyAsJsonObject();
        String name = IpnsName.of(IDENTITY.publicKey().peerId()).toString();
        assertEquals(new JsonObject().put("Name", name).put("Value", "/ipfs/" + CID), published);
        assertEquals(new JsonObject().put("Path", "/ipfs/" + CID), post("/api/v0/name/resolve?arg=/ipns/" + name).bodyAsJsonObject());
        assertEquals(new JsonObject().put("Path", "/ipfs/" + CID), post("/api/v0/name/resolve").bodyAsJsonObject());
        assertEquals(500, post("/api/v0/name/publish?arg=" + CID + "&resolve=false&allow-offline=true&lifetime=forever").statusCode());

        Libp2pPrivateKey other = Libp2pPrivateKey.generate(KeyType.ED25519, 0, new SecureRandom());
        byte[] record = IpnsRecord.create(other, "/ipfs/" + CID, 3, Instant.now().plus(Duration.ofHours(1)), Duration.ofMinutes(5)).marshal();
        IpnsName otherName = IpnsName.of(other.publicKey().peerId());
        JsonObject inspected = postMultipart("/api/v0/name/inspect?verify=" + otherName, singleFile(record)).bodyAsJsonObject();
        assertEquals("/ipfs/" + CID, inspected.getJsonObject("Entry").getString("Value"));
        assertEquals(3, inspected.getJsonObject("Entry").getLong("Sequence"));
        assertEquals(300_000_000_000L, inspected.getJsonObject("Entry").getLong("TTL"));
        assertEquals("V1+V2", inspected.getString("SignatureType"));
        assertEquals(record.length, inspected.getInteger("PbSize"));
        assertTrue(inspected.getJsonObject("Validation").getBoolean("Valid"), inspected.encode());
        JsonObject mismatch = postMultipart("/api/v0/name/inspect?verify=" + name, singleFile(record)).bodyAsJsonObject();
        assertFalse(mismatch.getJsonObject("Validation").getBoolean("Valid"));
        assertTrue(mismatch.getJsonObject("Validation").getString("Reason").contains("signature"), mismatch.encode());
    }

    @Test
    void publishChecksThatTheValueResolvesToAvailableBlocksUnlessResolveIsOff() throws Exception {
        Libp2pPrivateKey key = Libp2pPrivateKey.generate(KeyType.ED25519, 0, new SecureRandom());
        String name = postMultipart("/api/v0/key/import?arg=checked", singleFile(key.marshal())).bodyAsJsonObject().getString("Id");
        String missing = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";

        HttpResponse<Buffer> refused = post("/api/v0/name/publish?key=checked&allow-offline=true&arg=/ipfs/" + missing);
        assertEquals(500, refused.statusCode());
        assertEquals("block was not found locally (offline): ipld: could not find " + missing,
                refused.bodyAsJsonObject().getString("Message"));
        assertEquals(500, post("/api/v0/name/resolve?arg=/ipns/" + name).statusCode(), "nothing may be published on a refused publish");

        JsonObject unchecked = post("/api/v0/name/publish?key=checked&allow-offline=true&resolve=false&arg=" + missing).bodyAsJsonObject();
        assertEquals("/ipfs/" + missing, unchecked.getString("Value"));

        String stored = postMultipart("/api/v0/block/put?cid-codec=raw", singleFile("stored".getBytes(StandardCharsets.UTF_8)))
                .bodyAsJsonObject().getString("Key");
        JsonObject checked = post("/api/v0/name/publish?key=checked&allow-offline=true&arg=/ipfs/" + stored).bodyAsJsonObject();
        assertEquals("/ipfs/" + stored, checked.getString("Value"));
        HttpResponse<Buffer> noSuchEntry = post("/api/v0/name/publish?key=checked&allow-offline=true&arg=/ipfs/" + stored + "/inside");
        assertEquals(500, noSuchEntry.statusCode());
        assertTrue(noSuchEntry.bodyAsJsonObject().getString("Message").contains("inside"), noSuchEntry.bodyAsString());
        assertEquals(new JsonObject().put("Path", "/ipfs/" + stored),
                post("/api/v0/name/resolve?nocache=true&arg=/ipns/" + name).bodyAsJsonObject(), "the refused value was not published");
    }

    @Test
    void webSocketAnnouncesANewValueOfAFollowedName() throws Exception {
        Libp2pPrivateKey key = Libp2pPrivateKey.generate(KeyType.ED25519, 0, new SecureRandom());
        String name = postMultipart("/api/v0/key/import?arg=followed", singleFile(key.marshal())).bodyAsJsonObject().getString("Id");
        String first = postMultipart("/api/v0/block/put?cid-codec=raw", singleFile("first".getBytes(StandardCharsets.UTF_8)))
                .bodyAsJsonObject().getString("Key");
        String second = postMultipart("/api/v0/block/put?cid-codec=raw", singleFile("second".getBytes(StandardCharsets.UTF_8)))
                .bodyAsJsonObject().getString("Key");
        assertEquals(200, post("/api/v0/name/publish?key=followed&allow-offline=true&arg=" + first).statusCode());

        WebSocketClient sockets = vertx.createWebSocketClient();
        WebSocket socket = await(sockets.connect(port, "127.0.0.1", "/api/v0/ws"));
        LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
        String topic = "ipns/" + name;
        socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("topic", topic).encode());
        assertEquals(new JsonObject().put("op", "subscribed").put("topic", topic), frames.poll(10, TimeUnit.SECONDS));

        JsonObject republished = post("/api/v0/name/publish?key=followed&allow-offline=true&lifetime=3h&arg=/ipfs/" + second)
                .bodyAsJsonObject();
        assertEquals("/ipfs/" + second, republished.getString("Value"));
        JsonObject event = frames.poll(10, TimeUnit.SECONDS);
        assertNotNull(event, "no event for the new value");
        assertEquals("event", event.getString("op"));
        assertEquals(topic, event.getString("topic"));
        JsonObject change = event.getJsonObject("data");
        assertEquals(name, change.getString("name"));
        assertEquals("/ipfs/" + second, change.getString("value"));
        assertEquals(1L, change.getLong("sequence"));
        Instant validity = Instant.parse(change.getString("validity"));
        assertTrue(validity.isAfter(Instant.now().plus(Duration.ofHours(2))), change.encode());

        socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("topic", "ipns/not-a-name").encode());
        assertEquals("error", frames.poll(10, TimeUnit.SECONDS).getString("op"));
        await(socket.close());
        await(sockets.close());
    }
}
