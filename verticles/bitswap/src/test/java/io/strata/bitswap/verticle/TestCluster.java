package io.strata.bitswap.verticle;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.BlockStoreConfig;
import io.strata.blockstore.verticle.BlockStoreVerticle;
import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.cluster.ClusterContract;
import io.strata.cluster.PeerInfo;
import io.strata.ipld.DagLinks;
import io.strata.multiformats.Cid;
import io.strata.multiformats.PeerId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Clustered Vert.x instances in one JVM, joined by Hazelcast over TCP/IP on loopback. Each node has a fake
 * membership: {@code strata.cluster.peers} answers the node's {@link Node#members} list, which tests set.
 */
final class TestCluster implements AutoCloseable {

    /** A node; {@code members} is what its fake membership reports, {@code routing} its fake provider routing. */
    record Node(Vertx vertx, PeerId peerId, List<PeerId> members, FakeRouting routing, SimpleMeterRegistry registry,
                BlockStoreClient blocks, BitswapExchange exchange) {
    }

    /** Provider routing that names the providers a test sets and records what the node provided. */
    static final class FakeRouting implements ProviderRouting {
        final List<PeerId> providers = new CopyOnWriteArrayList<>();
        final List<Cid> provided = new CopyOnWriteArrayList<>();

        @Override
        public Future<List<PeerId>> findProviders(Cid cid, int count) {
            return Future.succeededFuture(providers.stream().limit(count).toList());
        }

        @Override
        public Future<Void> provide(Cid cid) {
            provided.add(cid);
            return Future.succeededFuture();
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String clusterName = "strata-bitswap-test-" + UUID.randomUUID();
    private final int basePort = 21_000 + ThreadLocalRandom.current().nextInt(300) * 100;
    private final List<Vertx> started = new ArrayList<>();

    static PeerId randomPeerId() {
        byte[] key = new byte[36];
        RANDOM.nextBytes(key);
        key[0] = 0x08;
        key[1] = 0x01;
        key[2] = 0x12;
        key[3] = 0x20;
        return PeerId.fromPublicKey(key);
    }

    /** A clustered Vert.x with a fake membership and nothing else deployed. */
    Node startBare() {
        Vertx vertx = await(Vertx.builder()
                .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0)))
                .withClusterManager(new HazelcastClusterManager(hazelcastConfig()))
                .buildClustered());
        synchronized (started) {
            started.add(vertx);
        }
        LocalObjectCodec.registerOn(vertx);
        BitswapWireCodec.registerOn(vertx);
        PeerId id = randomPeerId();
        List<PeerId> members = new CopyOnWriteArrayList<>();
        DeliveryOptions local = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME);
        vertx.eventBus().localConsumer(ClusterContract.SELF, message -> message.reply(info(id), local));
        vertx.eventBus().localConsumer(ClusterContract.PEERS,
                message -> message.reply(members.stream().map(TestCluster::info).toList(), local));
        return new Node(vertx, id, members, new FakeRouting(), new SimpleMeterRegistry(), new BlockStoreClient(vertx),
                new BitswapExchange(vertx));
    }

    /** A clustered Vert.x with a block store in {@code repo} and a Bitswap verticle. */
    Node start(Path repo, BitswapConfig config) {
        Node node = startBare();
        await(node.vertx().deployVerticle(new BlockStoreVerticle(new BlockStoreConfig(repo, false, true, 4), node.registry(),
                DagLinks::links)));
        await(node.vertx().deployVerticle(new BitswapVerticle(node.peerId(), config, node.routing(), node.registry())));
        return node;
    }

    static PeerInfo info(PeerId peer) {
        return new PeerInfo(peer, List.of(), Map.of());
    }

    @Override
    public void close() {
        List<Vertx> all;
        synchronized (started) {
            all = List.copyOf(started);
            started.clear();
        }
        for (Vertx vertx : all) {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(20, TimeUnit.SECONDS)
                    .exceptionally(failure -> null).join();
        }
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
