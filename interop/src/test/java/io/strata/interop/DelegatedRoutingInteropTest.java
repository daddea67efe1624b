package io.strata.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.BlockStoreConfig;
import io.strata.blockstore.verticle.BlockStoreVerticle;
import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.cluster.ClusterContract;
import io.strata.cluster.PeerInfo;
import io.strata.dht.DhtVerticle;
import io.strata.gateway.GatewayVerticle;
import io.strata.ipld.Block;
import io.strata.ipld.DagLinks;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multibase;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.PeerId;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Our gateway's Delegated Routing V1 endpoints read by @helia/delegated-routing-v1-http-api-client 9
 * (js/delegated-routing.mjs), on a node with a block store, a DHT (membership faked: no other members)
 * and a gateway: the client must parse this node as the provider of a block it holds, with its gateway
 * address and protocol, and find the node as a peer.
 */
class DelegatedRoutingInteropTest {

    private static final PeerId SELF = PeerId.fromPublicKey(HexFormat.of().parseHex(
            "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e"));

    @TempDir
    Path repo;

    private Vertx vertx;
    private String gateway;
    private PeerInfo self;

    @BeforeEach
    void startNode() throws Exception {
        vertx = Vertx.vertx();
        LocalObjectCodec.registerOn(vertx);
        await(vertx.deployVerticle(new BlockStoreVerticle(new BlockStoreConfig(repo.resolve("blocks"), false, true, 2),
                new SimpleMeterRegistry(), DagLinks::links)));
        GatewayVerticle verticle = new GatewayVerticle(new SimpleMeterRegistry());
        await(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(new JsonObject().put("port", 0))));
        gateway = "http://127.0.0.1:" + verticle.actualPort();
        self = new PeerInfo(SELF, List.of("/ip4/127.0.0.1/tcp/" + verticle.actualPort() + "/http"), Map.of());
        DeliveryOptions local = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME);
        vertx.eventBus().localConsumer(ClusterContract.SELF, message -> message.reply(self, local));
        vertx.eventBus().localConsumer(ClusterContract.PEERS, message -> message.reply(List.of(), local));
        await(vertx.deployVerticle(new DhtVerticle(Map.of(), new SimpleMeterRegistry())));
    }

    @AfterEach
    void stopNode() throws Exception {
        await(vertx.close());
    }

    @Test
    void heliaClientFindsThisNodeAsProviderAndPeer() throws Exception {
        byte[] data = "delegated routing interop".getBytes(StandardCharsets.UTF_8);
        Cid held = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, data);
        await(new BlockStoreClient(vertx).put(new Block(held, data)));

        JsonNode result = run(held);
        assertEquals(1, result.get("providers").size(), result::toString);
        JsonNode provider = result.get("providers").get(0);
        assertEquals(SELF, PeerId.parse(provider.get("id").asText()));
        assertEquals(self.addresses().get(0), provider.get("addrs").get(0).asText());
        assertEquals("transport-ipfs-gateway-http", provider.get("protocols").get(0).asText());
        assertEquals(1, result.get("peers").size(), result::toString);
        assertEquals(SELF, PeerId.parse(result.get("peers").get(0).get("id").asText()));

        Cid absent = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, "absent".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, run(absent).get("providers").size(), "a 404 is an empty answer to the client");
    }

    private JsonNode run(Cid cid) {
        JsonNode input = NodeScripts.json().createObjectNode().put("url", gateway)
                .put("cid", cid.toString()).put("peer", SELF.toString(Multibase.BASE32));
        return NodeScripts.locate().run("delegated-routing", input);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    }
}
