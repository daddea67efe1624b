package io.strata.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.BlockStoreConfig;
import io.strata.blockstore.verticle.BlockStoreVerticle;
import io.strata.crypto.KeyType;
import io.strata.crypto.Libp2pPrivateKey;
import io.strata.gateway.GatewayVerticle;
import io.strata.ipld.Block;
import io.strata.ipld.DagLinks;
import io.strata.ipns.IpnsName;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Helia's @helia/verified-fetch 8 given our node as its only gateway and router resolves {@code ipns://<name>}:
 * the signed record through Delegated Routing V1 ({@code /routing/v1/ipns/}), checked by js-ipns, then the
 * content as verified raw blocks.
 */
class IpnsVerifiedFetchInteropTest {

    private static final byte[] CONTENT = "resolved through IPNS by Helia\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path repo;

    private Vertx vertx;
    private String gateway;
    private IpnsClient ipns;
    private final Libp2pPrivateKey identity = Libp2pPrivateKey.generate(KeyType.ED25519, 0, new SecureRandom());

    @BeforeEach
    void startNode() throws Exception {
        vertx = Vertx.vertx();
        await(vertx.deployVerticle(new BlockStoreVerticle(new BlockStoreConfig(repo.resolve("blocks"), false, true, 2),
                new SimpleMeterRegistry(), DagLinks::links)));
        await(vertx.deployVerticle(new IpnsVerticle(identity, repo, null, Clock.systemUTC(), IpnsConfig.DEFAULTS)));
        GatewayVerticle verticle = new GatewayVerticle(new SimpleMeterRegistry());
        await(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(new JsonObject().put("port", 0))));
        gateway = "http://127.0.0.1:" + verticle.actualPort();
        ipns = new IpnsClient(vertx);
    }

    @AfterEach
    void stopNode() throws Exception {
        await(vertx.close());
    }

    @Test
    void verifiedFetchResolvesAnIpnsNameThroughOurRoutingApi() throws Exception {
        Cid cid = Cid.v1(Multicodec.RAW, Multihash.sha256(CONTENT));
        await(new BlockStoreClient(vertx).put(new Block(cid, CONTENT)));
        await(ipns.publish(new PublishRequest("self", "/ipfs/" + cid, Duration.ofHours(48), Duration.ofMinutes(5), true, true)));
        IpnsName name = IpnsName.of(identity.publicKey().peerId());

        ObjectNode input = NodeScripts.json().createObjectNode().put("gateway", gateway).put("url", "ipns://" + name);
        input.putArray("routers").add(gateway);
        JsonNode result = NodeScripts.locate().run("verified-fetch", input, Duration.ofMinutes(3));
        assertEquals(200, result.get("status").asInt(), result::toString);
        assertEquals(CONTENT.length, result.get("size").asLong(), result::toString);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CONTENT)), result.get("sha256").asText());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    }
}
