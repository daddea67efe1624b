package io.strata.deals.verticle;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.BlockStoreConfig;
import io.strata.blockstore.verticle.BlockStoreVerticle;
import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.crypto.Secp256k1PrivateKey;
import io.strata.deals.EpochClock;
import io.strata.deals.FilecoinAddress;
import io.strata.deals.MarketPolicy;
import io.strata.deals.ProvingSchedule;
import io.strata.deals.ScoringWeights;
import io.strata.deals.Secp256k1Accounts;
import io.strata.deals.Secp256k1ClientKey;
import io.strata.deals.StorageAsk;
import io.strata.deals.TokenAmount;
import io.strata.ipld.Block;
import io.strata.ipld.BlockSink;
import io.strata.ipld.DagLinks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Clustered Vert.x nodes in one JVM, joined by Hazelcast on loopback, each with a RocksDB block store, the
 * client role and the deals HTTP API; provider nodes also run the provider role. Epochs come from a clock the
 * test moves by hand.
 */
final class DealsTestCluster implements AutoCloseable {

    static final MarketPolicy POLICY = MarketPolicy.filecoin(BigInteger.ONE.shiftLeft(50), BigInteger.ONE.shiftLeft(50),
            TokenAmount.ofFil(1000)).withDurations(10, 10_000_000);
    static final ProvingSchedule SCHEDULE = new ProvingSchedule(10, 5);
    static final long MAX_PIECE_SIZE = 1L << 30;
    static final TokenAmount PRICE_PER_GIB = TokenAmount.ofAtto(1_000_000);

    record Node(Vertx vertx, Path root, BlockStoreClient blocks, int httpPort, FilecoinAddress provider) {
    }

    private final String clusterName = "strata-deals-test-" + UUID.randomUUID();
    private final int basePort = 41_000 + ThreadLocalRandom.current().nextInt(150) * 100;
    private final List<Node> nodes = new CopyOnWriteArrayList<>();
    final TestEpochClock clock = new TestEpochClock();

    /** An epoch clock the test moves by hand. */
    static final class TestEpochClock implements EpochClock {
        private volatile long epoch = 100;

        @Override
        public long currentEpoch() {
            return epoch;
        }

        void advance(long epochs) {
            epoch += epochs;
        }
    }

    List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** Starts a node; with a provider address it also takes deals as that provider. */
    Node start(Path root, FilecoinAddress provider) {
        HazelcastClusterManager clusterManager = new HazelcastClusterManager(hazelcastConfig());
        Vertx vertx = await(Vertx.builder()
                .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0)))
                .withClusterManager(clusterManager)
                .buildClustered());
        LocalObjectCodec.registerOn(vertx);
        await(vertx.deployVerticle(new BlockStoreVerticle(new BlockStoreConfig(root.resolve("blocks"), false, true, 2),
                new SimpleMeterRegistry(), DagLinks::links)));
        DealDirectory directory = new HazelcastDealDirectory(clusterManager.getHazelcastInstance());
        if (provider != null) {
            StorageAsk ask = new StorageAsk(provider, PRICE_PER_GIB, TokenAmount.ZERO, 256, MAX_PIECE_SIZE,
                    TokenAmount.ofFil(1), 0, 100_000_000, 0);
            await(vertx.deployVerticle(new StorageProviderVerticle(new StorageProviderConfig(ask,
                    root.resolve("pieces"), POLICY, Secp256k1Accounts.create(), clock, 8), directory)));
        }
        StorageClientConfig client = new StorageClientConfig(
                new Secp256k1ClientKey(Secp256k1PrivateKey.generate(new SecureRandom())), "node-" + nodes.size(), 2,
                100_000, 1_000, SCHEDULE, 16, ScoringWeights.BALANCED, POLICY, clock, 50, 30_000,
                root.resolve("retrievals"));
        await(vertx.deployVerticle(new StorageClientVerticle(client, directory, null)));
        Router router = Router.router(vertx);
        new DealsHttpApi(vertx, Duration.ofMinutes(2)).mount(router);
        HttpServer server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        Node node = new Node(vertx, root, new BlockStoreClient(vertx), server.actualPort(), provider);
        nodes.add(node);
        return node;
    }

    /** A sink that stores blocks in {@code node}'s block store in batches. */
    static BlockSink sink(Node node) {
        List<Block> batch = new ArrayList<>();
        return new BlockSink() {
            @Override
            public void put(Block block) {
                batch.add(block);
                if (batch.size() >= 32) {
                    flush();
                }
            }

            @Override
            public void flush() {
                if (!batch.isEmpty()) {
                    await(node.blocks().putAll(List.copyOf(batch)));
                    batch.clear();
                }
            }
        };
    }

    @Override
    public void close() {
        for (Node node : nodes) {
            node.vertx().close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS)
                    .exceptionally(failure -> null).join();
        }
        nodes.clear();
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
        // No member is killed here; a loaded machine must not make one look dead and split the cluster.
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "60");
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
