package io.strata.ipns.verticle;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.cluster.ClusterContract;
import io.strata.cluster.PeerInfo;
import io.strata.crypto.KeyType;
import io.strata.crypto.Libp2pPrivateKey;
import io.strata.dht.DhtClient;
import io.strata.dht.DhtClientException;
import io.strata.dht.DhtError;
import io.strata.dht.DhtVerticle;
import io.strata.ipns.IpnsDhtValidator;
import io.strata.ipns.IpnsName;
import io.strata.ipns.IpnsRecord;
import io.strata.ipns.IpnsValidator;
import io.strata.ipns.verticle.IpnsContract.PublishRequest;
import io.strata.ipns.verticle.IpnsContract.Published;
import io.strata.kademlia.RecordValidator;
import io.strata.multiformats.Varint;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three clustered Vert.x nodes, each with the real DHT verticle (the /ipns/ validator registered) and an IPNS
 * verticle routing through it: what A publishes, C resolves; forged and older records never displace it.
 */
class IpnsClusterTest {

    private static final String CID_A = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    private static final String CID_B = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final MutableClock CLOCK = new MutableClock(Instant.now());

    private record Node(Vertx vertx, IpnsClient ipns, DhtClient dht) {
    }

    private static final List<Node> NODES = new ArrayList<>();
    private static final List<PeerInfo> MEMBERS = new ArrayList<>();
    private static final String CLUSTER = "strata-ipns-test-" + UUID.randomUUID();
    private static final int BASE_PORT = 20_000 + ThreadLocalRandom.current().nextInt(400) * 100;

    @TempDir
    static Path repos;

    @BeforeAll
    static void startCluster() throws Exception {
        for (int i = 0; i < 3; i++) {
            NODES.add(start(repos.resolve("node" + i)));
        }
        DeliveryOptions local = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME);
        for (Node node : NODES) {
            for (PeerInfo member : MEMBERS) {
                node.vertx().eventBus().publish(ClusterContract.JOINED, member, local);
            }
        }
        // every DHT must know both others, or records land on part of the network only
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Node node : NODES) {
            while (await(node.dht().stat()).routingTable().size() < 2) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the DHTs did not all find each other: " + await(node.dht().stat()));
                }
                Thread.sleep(100);
            }
        }
    }

    @AfterAll
    static void stopCluster() {
        for (Node node : NODES) {
            node.vertx().close().toCompletionStage().toCompletableFuture().orTimeout(20, TimeUnit.SECONDS).exceptionally(failure -> null).join();
        }
    }

    private static Node start(Path repo) throws Exception {
        Libp2pPrivateKey identity = Libp2pPrivateKey.generate(KeyType.ED25519, 0, RANDOM);
        PeerInfo info = new PeerInfo(identity.publicKey().peerId(), List.of("/ip4/127.0.0.1/tcp/4001"), Map.of());
        Vertx vertx = await(Vertx.builder()
                .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0)))
                .withClusterManager(new HazelcastClusterManager(hazelcast()))
                .buildClustered());
        LocalObjectCodec.registerOn(vertx);
        DeliveryOptions local = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME);
        synchronized (MEMBERS) {
            MEMBERS.add(info);
        }
        vertx.eventBus().localConsumer(ClusterContract.SELF, message -> message.reply(info, local));
        vertx.eventBus().localConsumer(ClusterContract.PEERS, message -> {
            synchronized (MEMBERS) {
                message.reply(MEMBERS.stream().filter(member -> !member.equals(info)).toList(), local);
            }
        });
        Map<String, RecordValidator> validators = Map.of(IpnsDhtValidator.NAMESPACE, new IpnsDhtValidator(CLOCK));
        await(vertx.deployVerticle(new DhtVerticle(validators, new SimpleMeterRegistry(), CLOCK::millis),
                new DeploymentOptions().setConfig(new JsonObject().put("rpcTimeout", "3s").put("tickInterval", "100ms"))));
        DhtClient dht = new DhtClient(vertx, Duration.ofSeconds(20));
        await(vertx.deployVerticle(new IpnsVerticle(identity, repo, new DhtNameRouting(dht), CLOCK, IpnsConfig.DEFAULTS)));
        return new Node(vertx, new IpnsClient(vertx), dht);
    }

    @Test
    void publishedOnAResolvedOnCAndNewerRecordsSeenWithinTheTtl() throws Exception {
        Node a = NODES.get(0);
        Node c = NODES.get(2);
        Published first = await(a.ipns().publish(new PublishRequest("self", CID_A, Duration.ofHours(48), Duration.ofSeconds(30), true, false)));
        assertEquals("/ipfs/" + CID_A, await(c.ipns().resolve(first.name().path(), true, false)));

        await(a.ipns().publish(new PublishRequest("self", CID_B, Duration.ofHours(48), Duration.ofSeconds(30), true, false)));
        CLOCK.advance(Duration.ofSeconds(31));
        assertEquals("/ipfs/" + CID_B, await(c.ipns().resolve(first.name().path(), true, false)));
    }

    @Test
    void forgedOlderAndExpiredRecordsAreRefusedByTheDhtAndNeverReplaceTheGoodOne() throws Exception {
        Node a = NODES.get(0);
        Node b = NODES.get(1);
        Node c = NODES.get(2);
        Libp2pPrivateKey key = Libp2pPrivateKey.generate(KeyType.ED25519, 0, RANDOM);
        IpnsName name = IpnsName.of(key.publicKey().peerId());
        Instant now = CLOCK.instant();
        byte[] good = IpnsRecord.create(key, "/ipfs/" + CID_B, 7, now.plus(Duration.ofHours(24)), Duration.ZERO).marshal();
        byte[] older = IpnsRecord.create(key, "/ipfs/" + CID_A, 6, now.plus(Duration.ofHours(30)), Duration.ZERO).marshal();
        byte[] expired = IpnsRecord.create(key, "/ipfs/" + CID_A, 8, now.minusSeconds(1), Duration.ZERO).marshal();
        byte[] forged = IpnsRecord.create(Libp2pPrivateKey.generate(KeyType.ED25519, 0, RANDOM), "/ipfs/" + CID_A, 9,
                now.plus(Duration.ofHours(24)), Duration.ZERO).marshal();

        await(a.ipns().putRecord(name, good));
        for (byte[] bad : List.of(expired, forged)) {
            DhtClientException refused = assertThrows(DhtClientException.class, () -> await(b.dht().putValue(name.routingKey(), bad)));
            assertEquals(DhtError.INVALID_RECORD, refused.error());
        }
        assertEquals(IpnsError.INVALID_RECORD, assertThrows(IpnsClientException.class, () -> await(c.ipns().putRecord(name, forged))).error());
        try {
            await(b.dht().putValue(name.routingKey(), older));
        } catch (DhtClientException e) {
            assertEquals(DhtError.INVALID_RECORD, e.error());
        }
        assertEquals("/ipfs/" + CID_B, await(c.ipns().resolve(name.path(), true, true)));
        assertEquals(7, IpnsRecord.unmarshal(await(c.dht().getValue(name.routingKey()))).sequence());
    }

    @Test
    void aRecordOverTenKibibytesIsRefusedByTheDhtAndNeverReplacesTheGoodOne() throws Exception {
        Node a = NODES.get(0);
        Node b = NODES.get(1);
        Node c = NODES.get(2);
        Libp2pPrivateKey key = Libp2pPrivateKey.generate(KeyType.ED25519, 0, RANDOM);
        IpnsName name = IpnsName.of(key.publicKey().peerId());
        Instant now = CLOCK.instant();
        byte[] good = IpnsRecord.create(key, "/ipfs/" + CID_B, 7, now.plus(Duration.ofHours(24)), Duration.ZERO).marshal();
        byte[] newer = IpnsRecord.create(key, "/ipfs/" + CID_A, 8, now.plus(Duration.ofHours(24)), Duration.ZERO).marshal();
        byte[] oversized = withUnknownField(newer, IpnsRecord.MAX_SIZE + 1 - newer.length);
        assertTrue(oversized.length > IpnsRecord.MAX_SIZE);
        assertEquals(8, IpnsValidator.validate(name, withUnknownField(newer, 16), now).sequence(), "padding alone spoils nothing");

        await(a.ipns().putRecord(name, good));
        DhtClientException refused = assertThrows(DhtClientException.class, () -> await(b.dht().putValue(name.routingKey(), oversized)));
        assertEquals(DhtError.INVALID_RECORD, refused.error());
        assertTrue(refused.getMessage().contains("at most " + IpnsRecord.MAX_SIZE), refused.getMessage());
        IpnsClientException refusedByIpns = assertThrows(IpnsClientException.class, () -> await(c.ipns().putRecord(name, oversized)));
        assertEquals(IpnsError.INVALID_RECORD, refusedByIpns.error());

        assertEquals("/ipfs/" + CID_B, await(c.ipns().resolve(name.path(), true, true)));
        for (Node node : NODES) {
            assertArrayEquals(good, await(node.dht().getValue(name.routingKey())));
        }
    }

    /**
     * The record with an unknown length-delimited protobuf field appended: parsers skip it and the V2 signature covers
     * only the data field, so the padding changes nothing but the size.
     */
    private static byte[] withUnknownField(byte[] record, int padding) {
        byte[] tag = Varint.encode((99L << 3) | 2);
        byte[] length = Varint.encode(padding);
        byte[] padded = new byte[record.length + tag.length + length.length + padding];
        System.arraycopy(record, 0, padded, 0, record.length);
        System.arraycopy(tag, 0, padded, record.length, tag.length);
        System.arraycopy(length, 0, padded, record.length + tag.length, length.length);
        return padded;
    }

    private static Config hazelcast() {
        Config config = new Config();
        config.setClusterName(CLUSTER);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        config.setProperty("hazelcast.logging.type", "jdk");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(BASE_PORT).setPortAutoIncrement(true).setPortCount(20);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        for (int port = BASE_PORT; port < BASE_PORT + 6; port++) {
            join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + port);
        }
        return config;
    }

    private static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
