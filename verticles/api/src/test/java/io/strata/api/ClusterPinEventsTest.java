package io.strata.api;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.bitswap.verticle.BitswapConfig;
import io.strata.bitswap.verticle.BitswapVerticle;
import io.strata.bitswap.verticle.ProviderRouting;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.BlockStoreConfig;
import io.strata.blockstore.verticle.BlockStoreVerticle;
import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.cluster.ClusterContract;
import io.strata.cluster.PeerInfo;
import io.strata.ipld.Block;
import io.strata.ipld.DagLinks;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.PeerId;
import io.strata.pinning.PinMode;
import io.strata.pinning.ReplicationFactor;
import io.strata.pinning.RetryBackoff;
import io.strata.pinning.verticle.PinningClient;
import io.strata.pinning.verticle.PinningConfig;
import io.strata.pinning.verticle.PinningContract;
import io.strata.pinning.verticle.PinningVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pin status events over a real WebSocket: two clustered nodes, the client connected to node A's API, the pin
 * placed (by its tag constraint) on node B alone, so every event the client sees was produced on B and crossed
 * the clustered event bus.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClusterPinEventsTest {

    private static final PinningConfig PINNING = new PinningConfig(4, 1_000, 1_000, 1_000,
            new RetryBackoff(200, 2_000, 8), 0);

    @TempDir
    Path temp;

    private final String clusterName = "strata-pin-events-test-" + UUID.randomUUID();
    private final int basePort = 33_000 + ThreadLocalRandom.current().nextInt(200) * 10;
    private final List<Vertx> nodes = new ArrayList<>();

    @AfterEach
    void close() {
        for (Vertx vertx : nodes) {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS)
                    .exceptionally(failure -> null).join();
        }
    }

    @Test
    void aClientOnOneNodeSeesTheStatusChangesOfAnother() throws Exception {
        PeerInfo a = new PeerInfo(peer(1), List.of(), Map.of("role", "api"));
        PeerInfo b = new PeerInfo(peer(2), List.of(), Map.of("role", "storage"));
        Vertx nodeA = start(a, b, temp.resolve("a"));
        Vertx nodeB = start(b, a, temp.resolve("b"));
        ApiVerticle api = new ApiVerticle();
        await(nodeA.deployVerticle(api, new DeploymentOptions().setConfig(new JsonObject().put("port", 0)
                .put("peerId", a.peerId().toBase58()).put("publicKey", "CAESIKey"))));

        byte[] data = "kept on the storage node".getBytes(StandardCharsets.UTF_8);
        Cid cid = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, data);
        Cid other = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, "another pin".getBytes(StandardCharsets.UTF_8));
        await(new BlockStoreClient(nodeB).putAll(List.of(new Block(cid, data))));

        BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        BlockingQueue<JsonObject> probes = new LinkedBlockingQueue<>();
        WebSocketClient client = nodeA.createWebSocketClient();
        WebSocket socket = await(client.connect(api.actualPort(), "127.0.0.1", "/api/v0/ws"));
        socket.textMessageHandler(text -> {
            JsonObject frame = new JsonObject(text);
            JsonObject payload = frame.getJsonObject("data");
            (payload != null && payload.containsKey("probe") ? probes : frames).add(frame);
        });
        for (String topic : List.of("pins/" + cid, "pins", "pins/" + other)) {
            socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("topic", topic).encode());
            assertEquals(new JsonObject().put("op", "subscribed").put("topic", topic), next(frames));
        }
        socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("topic", "pins/not-a-cid").encode());
        JsonObject refused = next(frames);
        assertEquals("error", refused.getString("op"));
        assertTrue(refused.getString("message").contains("not a CID"), refused.encode());
        awaitSeenFrom(nodeB, PinningContract.eventsAddress(cid), "pins/" + cid, probes);
        awaitSeenFrom(nodeB, PinningContract.EVENTS, "pins", probes);

        await(new PinningClient(nodeA).add(new PinningContract.PinRequest(cid, "stored on B", PinMode.RECURSIVE,
                new ReplicationFactor(1, 1), Map.of("role", "storage"), 0, Map.of(), List.of())));
        List<String> transitions = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        while (!transitions.contains("pinning>pinned")) {
            JsonObject frame = next(frames);
            assertEquals("event", frame.getString("op"), frame.encode());
            JsonObject data0 = frame.getJsonObject("data");
            assertEquals(cid.toString(), data0.getString("cid"));
            assertEquals(b.peerId().toBase58(), data0.getString("peer"), "only node B holds the pin");
            assertNotNull(java.time.Instant.parse(data0.getString("time")));
            topics.add(frame.getString("topic"));
            if (frame.getString("topic").equals("pins/" + cid)) {
                transitions.add(data0.getString("previous") + ">" + data0.getString("status"));
            }
        }
        assertEquals(List.of("null>queued", "queued>pinning", "pinning>pinned"), transitions);
        assertTrue(topics.contains("pins"), "the all-pins topic carries the same changes: " + topics);

        await(new PinningClient(nodeA).remove(cid));
        List<String> removal = new ArrayList<>();
        while (!removal.contains("unpinning>unpinned")) {
            JsonObject frame = next(frames);
            assertTrue(List.of("pins", "pins/" + cid).contains(frame.getString("topic")), frame.encode());
            if (frame.getString("topic").equals("pins/" + cid)) {
                JsonObject change = frame.getJsonObject("data");
                removal.add(change.getString("previous") + ">" + change.getString("status"));
            }
        }
        assertEquals(List.of("pinned>unpinning", "unpinning>unpinned"), removal);

        socket.writeTextMessage(new JsonObject().put("op", "unsubscribe").put("topic", "pins/" + cid).encode());
        socket.writeTextMessage(new JsonObject().put("op", "unsubscribe").put("topic", "pins").encode());
        JsonObject unsubscribed;
        do {
            unsubscribed = next(frames);
        } while (!unsubscribed.getString("op").equals("unsubscribed") || !unsubscribed.getString("topic").equals("pins"));
        await(new PinningClient(nodeA).add(new PinningContract.PinRequest(cid, "again", PinMode.RECURSIVE,
                new ReplicationFactor(1, 1), Map.of("role", "storage"), 0, Map.of(), List.of())));
        assertNull(frames.poll(3, TimeUnit.SECONDS), "no events after unsubscribing");
        socket.close();
    }

    /**
     * Publishes probes on {@code address} from {@code node} until one reaches the client on {@code topic}. A
     * subscription is confirmed once node A has registered it; node B learns of it a little later, and until
     * then what B publishes there reaches nobody.
     */
    private static void awaitSeenFrom(Vertx node, String address, String topic, BlockingQueue<JsonObject> probes)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            node.eventBus().publish(address, new JsonObject().put("probe", topic));
            JsonObject probe = probes.poll(200, TimeUnit.MILLISECONDS);
            if (probe != null && probe.getString("topic").equals(topic)) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "node B never saw the subscription to " + topic);
        }
    }

    private static JsonObject next(BlockingQueue<JsonObject> frames) throws InterruptedException {
        JsonObject frame = frames.poll(60, TimeUnit.SECONDS);
        assertNotNull(frame, "no frame within 60 s");
        return frame;
    }

    private Vertx start(PeerInfo self, PeerInfo other, Path repo) {
        Vertx vertx = await(Vertx.builder()
                .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0)))
                .withClusterManager(new HazelcastClusterManager(hazelcastConfig()))
                .buildClustered());
        nodes.add(vertx);
        LocalObjectCodec.registerOn(vertx);
        DeliveryOptions local = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME);
        vertx.eventBus().localConsumer(ClusterContract.SELF, message -> message.reply(self, local));
        vertx.eventBus().localConsumer(ClusterContract.PEERS, message -> message.reply(List.of(other), local));
        await(vertx.deployVerticle(new BlockStoreVerticle(new BlockStoreConfig(repo, false, true, 2), new SimpleMeterRegistry(),
                DagLinks::links)));
        await(vertx.deployVerticle(new BitswapVerticle(self.peerId(), BitswapConfig.from(new JsonObject()
                .put(BitswapConfig.PROVIDER_TIMEOUT_MILLIS, 2_000).put(BitswapConfig.RETRIEVAL_TIMEOUT_MILLIS, 15_000)),
                ProviderRouting.none(), new SimpleMeterRegistry())));
        HazelcastClusterManager manager = (HazelcastClusterManager) ((io.vertx.core.internal.VertxInternal) vertx).clusterManager();
        await(vertx.deployVerticle(new PinningVerticle(manager.getHazelcastInstance(), self.peerId(), PINNING,
                repo.toString())));
        return vertx;
    }

    private static PeerId peer(int seed) {
        byte[] key = new byte[36];
        key[0] = 0x08;
        key[1] = 0x01;
        key[2] = 0x12;
        key[3] = 0x20;
        key[35] = (byte) seed;
        key[34] = (byte) ThreadLocalRandom.current().nextInt(256);
        return PeerId.fromPublicKey(key);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Config hazelcastConfig() {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        config.setProperty("hazelcast.logging.type", "jdk");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(basePort).setPortAutoIncrement(true).setPortCount(10);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (int port = basePort; port < basePort + 4; port++) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + port);
        }
        return config;
    }
}
