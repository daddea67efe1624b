package io.strata.cluster;

import com.hazelcast.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.strata.cluster.MembershipVerticleTest.await;
import static io.strata.cluster.MembershipVerticleTest.peer;
import static io.strata.testkit.LoopbackPorts.freePort;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster secret: derived CA, admission proofs, and a TLS event bus between real clustered Vert.x instances. */
class ClusterSecurityTest {

    private static final String SECRET = "correct horse battery staple";
    private static final String OTHER_SECRET = "a different secret of enough length";
    private static final String ECHO = "test.security.echo";

    private final String clusterName = "security-test-" + UUID.randomUUID();
    private final List<Vertx> started = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (Vertx vertx : started) {
            await(vertx.close().recover(failure -> Future.succeededFuture()));
        }
    }

    @Test
    void everyHolderOfTheSecretDerivesTheSameCaAndAcceptsTheOthersProofs() throws Exception {
        ClusterSecurity one = ClusterSecurity.fromSecret(SECRET);
        ClusterSecurity two = ClusterSecurity.fromSecret(SECRET);
        ClusterSecurity other = ClusterSecurity.fromSecret(OTHER_SECRET);

        assertArrayEquals(one.caCertificate().getPublicKey().getEncoded(), two.caCertificate().getPublicKey().getEncoded());
        assertNotEquals(one.caCertificate().getPublicKey(), other.caCertificate().getPublicKey());
        assertEquals(one.hazelcastClusterName("strata"), two.hazelcastClusterName("strata"));
        assertNotEquals(one.hazelcastClusterName("strata"), other.hazelcastClusterName("strata"));

        String proof = one.memberProof();
        assertNotEquals(proof, one.memberProof(), "each proof has its own nonce");
        assertTrue(two.verifiesProof(proof));
        assertFalse(other.verifiesProof(proof));
        assertFalse(two.verifiesProof(null));
        assertFalse(two.verifiesProof("00.zz"));

        java.security.cert.X509Certificate issued = (java.security.cert.X509Certificate)
                one.nodeKeyStore("node-a", "pw".toCharArray()).getCertificateChain("node")[0];
        issued.verify(two.caCertificate().getPublicKey());
        assertThrows(java.security.SignatureException.class, () -> issued.verify(other.caCertificate().getPublicKey()));
    }

    @Test
    void aShortSecretOrTlsWithoutASecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.from(new io.vertx.core.json.JsonObject()
                .put("enabled", true).put("secret", "short")));
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.from(new io.vertx.core.json.JsonObject()
                .put("enabled", true).put("tls", true)));
        assertFalse(ClusterConfig.from(new io.vertx.core.json.JsonObject().put("secret", SECRET)).toString().contains(SECRET));
    }

    @Test
    void nodesWithTheSecretTalkOverTlsAndANodeWithoutItIsNeitherListedNorHeard() throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        List<String> members = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1], "127.0.0.1:" + ports[2]);
        PeerInfo a = peer(1, "/ip4/127.0.0.1/tcp/8081/http");
        PeerInfo b = peer(2, "/ip4/127.0.0.1/tcp/8082/http");
        PeerInfo intruder = peer(3, "/ip4/127.0.0.1/tcp/8083/http");

        ClusterConfig configA = config(ports[0], members, SECRET);
        Vertx nodeA = node(a, configA, configA.hazelcast(), "a");
        await(nodeA.eventBus().<String>consumer(ECHO, message -> message.reply("echo:" + message.body())).completion());
        ClusterConfig configB = config(ports[1], members, SECRET);
        Vertx nodeB = node(b, configB, configB.hazelcast(), "b");

        // the first message also opens the TLS connection (key store loading, handshake), slow on a busy machine
        Message<String> reply = await(nodeB.eventBus().request(ECHO, "hello", new DeliveryOptions().setSendTimeout(30_000)));
        assertEquals("echo:hello", reply.body(), "B reaches A over the TLS event bus");
        assertEquals(List.of(b), awaitPeers(nodeA, 1));

        // The intruder knows the cluster name Hazelcast sees (it travels in clear), but not the secret: it joins
        // Hazelcast, so only the proof check and TLS keep it out.
        ClusterConfig configIntruder = config(ports[2], members, OTHER_SECRET);
        Config hazelcastIntruder = configIntruder.hazelcast();
        hazelcastIntruder.setClusterName(configA.hazelcast().getClusterName());
        Vertx nodeIntruder = node(intruder, configIntruder, hazelcastIntruder, "intruder");
        assertEquals(3, ((HazelcastClusterManager) clusterManagers.get(nodeA)).getHazelcastInstance().getCluster()
                .getMembers().size(), "the intruder did join Hazelcast");

        ExecutionException refused = assertThrows(ExecutionException.class, () -> await(nodeIntruder.eventBus()
                .request(ECHO, "let me in", new DeliveryOptions().setSendTimeout(5_000))));
        assertTrue(refused.getCause() instanceof io.vertx.core.eventbus.ReplyException, String.valueOf(refused.getCause()));
        assertEquals(List.of(b), await(new ClusterMembership(nodeA).peers()), "A does not list the intruder");
        assertEquals(List.of(a), await(new ClusterMembership(nodeB).peers()), "B does not list the intruder");
        assertEquals("echo:still here", await(nodeB.eventBus().<String>request(ECHO, "still here",
                new DeliveryOptions().setSendTimeout(10_000))).body(), "members keep talking");
    }

    private final Map<Vertx, HazelcastClusterManager> clusterManagers = new java.util.HashMap<>();

    private ClusterConfig config(int port, List<String> members, String secret) {
        return new ClusterConfig(true, "", clusterName, "127.0.0.1", port, members, "", "", 3, Map.of(), secret, true);
    }

    private Vertx node(PeerInfo self, ClusterConfig config, Config hazelcast, String name) throws Exception {
        HazelcastClusterManager clusterManager = new HazelcastClusterManager(hazelcast);
        EventBusOptions eventBus = config.eventBus(new EventBusOptions().setHost("127.0.0.1"), name);
        Vertx vertx = await(Vertx.builder().with(new VertxOptions().setEventBusOptions(eventBus))
                .withClusterManager(clusterManager).buildClustered());
        started.add(vertx);
        clusterManagers.put(vertx, clusterManager);
        await(vertx.deployVerticle(new MembershipVerticle(self, clusterManager, config.security())));
        return vertx;
    }

    private static List<PeerInfo> awaitPeers(Vertx vertx, int count) throws Exception {
        ClusterMembership membership = new ClusterMembership(vertx);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<PeerInfo> peers = await(membership.peers());
        while (peers.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
            peers = await(membership.peers());
        }
        return peers;
    }
}
