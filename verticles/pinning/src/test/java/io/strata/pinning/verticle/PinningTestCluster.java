package io.strata.pinning.verticle;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
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
import io.strata.ipld.DagLinks;
import io.strata.multiformats.PeerId;
import io.strata.pinning.RetryBackoff;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Clustered Vert.x nodes in one JVM, joined by Hazelcast on loopback, each with a RocksDB block store,
 * Bitswap and the pinning verticle. Membership is faked: every node's {@code strata.cluster.peers} answers
 * the other running nodes, and starting or stopping a node publishes joined / left on the others.
 */
final class PinningTestCluster implements AutoCloseable {

    record Node(Vertx vertx, PeerId peerId, Path repo, BlockStoreClient blocks, PinningClient pinning,
                HazelcastInstance hazelcast) {
    }

    static final PinningConfig CONFIG = new PinningConfig(4, 1_500, 1_000, 1_000, new RetryBackoff(200, 2_000, 8), 0);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String clusterName = "strata-pinning-test-" + UUID.randomUUID();
    private final int basePort = 31_000 + ThreadLocalRandom.current().nextInt(200) * 100;
    private final List<Node> running = new CopyOnWriteArrayList<>();

    /**
     * A Hazelcast member that joins nobody, for tests of the pin set's maps without Vert.x; {@code properties}
     * are set on top of the loopback settings.
     */
    static HazelcastInstance loneMember(String clusterPrefix, int basePort, Map<String, String> properties) {
        Config config = new Config();
        config.setClusterName(clusterPrefix + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "none");
        properties.forEach(config::setProperty);
        config.getNetworkConfig().setPort(basePort + ThreadLocalRandom.current().nextInt(500) * 10)
                .setPortAutoIncrement(true);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(false);
        return Hazelcast.newHazelcastInstance(config);
    }

    static PeerId randomPeerId() {
        byte[] key = new byte[36];
        RANDOM.nextBytes(key);
        key[0] = 0x08;
        key[1] = 0x01;
        key[2] = 0x12;
        key[3] = 0x20;
        return PeerId.fromPublicKey(key);
    }

    List<Node> running() {
        return List.copyOf(running);
    }

    Node start(PeerId peerId, Path repo) {
        HazelcastClusterManager clusterManager = new HazelcastClusterManager(hazelcastConfig());
        Vertx vertx = await(Vertx.builder()
                .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0)))
                .withClusterManager(clusterManager)
                .buildClustered());
        LocalObjectCodec.registerOn(vertx);
        DeliveryOptions local = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME);
        vertx.eventBus().localConsumer(ClusterContract.SELF, message -> message.reply(info(peerId), local));
        vertx.eventBus().localConsumer(ClusterContract.PEERS, message -> message.reply(running.stream()
                .map(Node::peerId).filter(peer -> !peer.equals(peerId)).map(PinningTestCluster::info).toList(), local));
        await(vertx.deployVerticle(new BlockStoreVerticle(new BlockStoreConfig(repo, false, true, 2), new SimpleMeterRegistry(),
                DagLinks::links)));
        await(vertx.deployVerticle(new BitswapVerticle(peerId, BitswapConfig.from(new JsonObject()
                .put(BitswapConfig.PROVIDER_TIMEOUT_MILLIS, 2_000).put(BitswapConfig.RETRIEVAL_TIMEOUT_MILLIS, 15_000)),
                ProviderRouting.none(), new SimpleMeterRegistry())));
        for (Node other : running) {
            other.vertx().eventBus().publish(ClusterContract.JOINED, info(peerId), local);
        }
        Node node = new Node(vertx, peerId, repo, new BlockStoreClient(vertx), new PinningClient(vertx),
                clusterManager.getHazelcastInstance());
        running.add(node);
        await(vertx.deployVerticle(new PinningVerticle(clusterManager.getHazelcastInstance(), peerId, CONFIG,
                repo.toString())));
        return node;
    }

    /** Stops a node as a crash looks to the others: it vanishes and they see it leave. */
    void stop(Node node) {
        running.remove(node);
        closeQuietly(node.vertx());
        DeliveryOptions local = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME);
        for (Node other : running) {
            other.vertx().eventBus().publish(ClusterContract.LEFT, info(node.peerId()), local);
        }
    }

    static PeerInfo info(PeerId peer) {
        return new PeerInfo(peer, List.of(), Map.of());
    }

    @Override
    public void close() {
        for (Node node : List.copyOf(running)) {
            running.remove(node);
            closeQuietly(node.vertx());
        }
    }

    private static void closeQuietly(Vertx vertx) {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS)
                .exceptionally(failure -> null).join();
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
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
        network.setPort(basePort).setPortAutoIncrement(true).setPortCount(20);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (int port = basePort; port < basePort + 6; port++) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + port);
        }
        return config;
    }
}
