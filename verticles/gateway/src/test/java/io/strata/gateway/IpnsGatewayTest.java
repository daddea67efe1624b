package io.strata.gateway;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.BlockStoreConfig;
import io.strata.blockstore.verticle.BlockStoreVerticle;
import io.strata.crypto.KeyType;
import io.strata.crypto.Libp2pPrivateKey;
import io.strata.ipld.Block;
import io.strata.ipld.DagLinks;
import io.strata.ipns.IpnsName;
import io.strata.ipns.IpnsRecord;
import io.strata.ipns.IpnsValidator;
import io.strata.ipns.verticle.IpnsClient;
import io.strata.ipns.verticle.IpnsConfig;
import io.strata.ipns.verticle.IpnsContract.PublishRequest;
import io.strata.ipns.verticle.IpnsVerticle;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.Multihash;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /ipns/ paths, IPNS records and Delegated Routing V1 for IPNS on a single node (records kept locally). */
class IpnsGatewayTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] CONTENT = "hello from ipns\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path repo;

    private Vertx vertx;
    private IpnsClient ipns;
    private String base;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Libp2pPrivateKey identity = Libp2pPrivateKey.generate(KeyType.ED25519, 0, RANDOM);
    private final IpnsName name = IpnsName.of(identity.publicKey().peerId());
    private Cid content;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        await(vertx.deployVerticle(new BlockStoreVerticle(new BlockStoreConfig(repo.resolve("blocks"), false, true, 2),
                new SimpleMeterRegistry(), DagLinks::links)));
        await(vertx.deployVerticle(new IpnsVerticle(identity, repo, null, Clock.systemUTC(), IpnsConfig.DEFAULTS)));
        GatewayVerticle gateway = new GatewayVerticle(new SimpleMeterRegistry());
        await(vertx.deployVerticle(gateway, new DeploymentOptions().setConfig(new JsonObject().put("port", 0))));
        base = "http://127.0.0.1:" + gateway.actualPort();
        ipns = new IpnsClient(vertx);
        content = Cid.v1(Multicodec.RAW, Multihash.sha256(CONTENT));
        await(new BlockStoreClient(vertx).put(new Block(content, CONTENT)));
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void servesWhatANamePointsToAndItsRecord() throws Exception {
        await(ipns.publish(new PublishRequest("self", "/ipfs/" + content, Duration.ofHours(48), Duration.ofMinutes(2), true, true)));

        HttpResponse<byte[]> resolved = get("/ipns/" + name, null);
        assertEquals(200, resolved.statusCode());
        assertArrayEquals(CONTENT, resolved.body());
        assertArrayEquals(CONTENT, get("/ipns/" + identity.publicKey().peerId().toBase58() + "?format=raw", null).body());

        HttpResponse<byte[]> record = get("/ipns/" + name + "?format=ipns-record", null);
        assertEquals(200, record.statusCode());
        assertEquals("application/vnd.ipfs.ipns-record", record.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("public, max-age=120", record.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals("/ipfs/" + content, IpnsValidator.validate(name, record.body(), Instant.now()).value());
        assertArrayEquals(record.body(), get("/ipns/" + name, "application/vnd.ipfs.ipns-record").body());
        assertArrayEquals(record.body(), get("/routing/v1/ipns/" + name, "application/vnd.ipfs.ipns-record").body());

        IpnsName unknown = IpnsName.of(Libp2pPrivateKey.generate(KeyType.ED25519, 0, RANDOM).publicKey().peerId());
        assertEquals(404, get("/ipns/" + unknown, null).statusCode());
        assertEquals(404, get("/routing/v1/ipns/" + unknown, null).statusCode());
        assertEquals(400, get("/ipns/example.com", null).statusCode());
    }

    @Test
    void routingPutKeepsValidRecordsAndRefusesTheRest() throws Exception {
        Libp2pPrivateKey key = Libp2pPrivateKey.generate(KeyType.SECP256K1, 0, RANDOM);
        IpnsName other = IpnsName.of(key.publicKey().peerId());
        Instant now = Instant.now();
        byte[] good = IpnsRecord.create(key, "/ipfs/" + content, 3, now.plus(Duration.ofHours(1)), Duration.ofMinutes(1)).marshal();
        byte[] older = IpnsRecord.create(key, "/ipfs/" + content, 2, now.plus(Duration.ofHours(2)), Duration.ofMinutes(1)).marshal();
        byte[] expired = IpnsRecord.create(key, "/ipfs/" + content, 4, now.minusSeconds(1), Duration.ofMinutes(1)).marshal();
        byte[] otherKey = IpnsRecord.create(identity, "/ipfs/" + content, 5, now.plus(Duration.ofHours(1)), Duration.ofMinutes(1)).marshal();

        assertEquals(200, put("/routing/v1/ipns/" + other, good).statusCode());
        HttpResponse<byte[]> lower = put("/routing/v1/ipns/" + other, older);
        assertEquals(400, lower.statusCode());
        assertTrue(new String(lower.body(), StandardCharsets.UTF_8).contains("better record"));
        assertEquals(400, put("/routing/v1/ipns/" + other, expired).statusCode());
        assertEquals(400, put("/routing/v1/ipns/" + other, otherKey).statusCode());
        assertEquals(400, put("/routing/v1/ipns/" + other, new byte[IpnsRecord.MAX_SIZE + 1]).statusCode());
        assertArrayEquals(good, get("/routing/v1/ipns/" + other, "application/vnd.ipfs.ipns-record").body());
        assertArrayEquals(CONTENT, get("/ipns/" + other, null).body());
    }

    private HttpResponse<byte[]> get(String path, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> put(String path, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/vnd.ipfs.ipns-record")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
