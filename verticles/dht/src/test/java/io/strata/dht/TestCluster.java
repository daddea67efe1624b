package io.strata.dht;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.cluster.ClusterContract;
import io.strata.cluster.PeerInfo;
import io.strata.kademlia.RecordValidator;
import io.strata.multiformats.PeerId;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Real clustered Vert.x instances in one JVM (Hazelcast, TCP/IP join on loopback, a port range of its
 * own), each with a fake membership verticle: {@code strata.cluster.self} and {@code strata.cluster.peers}
 * answer from the list of nodes the test made, and joined/left events are published by the test.
 */
final class TestCluster implements AutoCloseable {

    /** One clustered Vert.x instance and the identity its fake membership reports. */
    record Node(Vertx vertx, PeerInfo info, DhtClient dht, SimpleMeterRegistry registry) {
        PeerId peerId() {
            return info.peerId();
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String clusterName = "strata-dht-test-" + UUID.randomUUID();
    private final int basePort = 20_000 + ThreadLocalRandom.current().nextInt(400) * 100;
    private final List<Node> nodes = new ArrayList<>();
    private final List<PeerInfo> members = new ArrayList<>();
    final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

    /** A peer id of the Ed25519 shape ({@code 12D3KooW...}) around random key bytes. */
    static PeerId randomPeerId() {
        byte[] key = new byte[36];
        RANDOM.nextBytes(key);
        key[0] = 0x08;
        key[1] = 0x01;
        key[2] = 0x12;
        key[3] = 0x20;
        return PeerId.fromPublicKey(key);
    }

    /** Starts a clustered Vert.x with a fake membership but no DHT. */
    Node startBare() {
        PeerId id = randomPeerId();
        int index = members.size();
        PeerInfo info = new PeerInfo(id, List.of("/ip4/127.0.0.1/tcp/" + (8080 + index) + "/http",
                "/ip4/127.0.0.1/tcp/" + (4001 + index)), Map.of("index", Integer.toString(index)));
        Vertx vertx = await(Vertx.builder()
                .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0)))
                .withClusterManager(new HazelcastClusterManager(hazelcastConfig()))
                .buildClustered());
        LocalObjectCodec.registerOn(vertx);
        DeliveryOptions local = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME);
        vertx.eventBus().localConsumer(ClusterContract.SELF, message -> message.reply(info, local));
        vertx.eventBus().localConsumer(ClusterContract.PEERS, message -> {
            synchronized (members) {
                message.reply(members.stream().filter(member -> !member.equals(info)).toList(), local);
            }
        });
        Node node = new Node(vertx, info, new DhtClient(vertx, java.time.Duration.ofSeconds(20)), new SimpleMeterRegistry());
        synchronized (members) {
            members.add(info);
            nodes.add(node);
        }
        return node;
    }

    /** Starts a clustered Vert.x with a fake membership and a DHT on {@link #clock}. */
    Node start(JsonObject dhtConfig, Map<String, RecordValidator> validators) {
        Node node = startBare();
        deployDht(node, dhtConfig, validators);
        return node;
    }

    /** Deploys a DHT on {@link #clock} on a node made by {@link #startBare()}. */
    void deployDht(Node node, JsonObject dhtConfig, Map<String, RecordValidator> validators) {
        LongSupplier time = clock::get;
        await(node.vertx().deployVerticle(new DhtVerticle(validators, node.registry(), time),
                new DeploymentOptions().setConfig(dhtConfig)));
    }

    /** Publishes a membership event on every running node but the subject. */
    void announce(String address, PeerInfo subject) {
        DeliveryOptions local = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME);
        for (Node node : nodes) {
            if (!node.info().equals(subject)) {
                node.vertx().eventBus().publish(address, subject, local);
            }
        }
    }

    void stop(Node node) {
        synchronized (members) {
            members.remove(node.info());
            nodes.remove(node);
        }
        await(node.vertx().close());
    }

    @Override
    public void close() {
        for (Node node : List.copyOf(nodes)) {
            node.vertx().close().toCompletionStage().toCompletableFuture().orTimeout(20, TimeUnit.SECONDS)
                    .exceptionally(failure -> null).join();
        }
        nodes.clear();
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
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
        for (int port = basePort; port < basePort + 8; port++) {
            join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + port);
        }
        return config;
    }
}
