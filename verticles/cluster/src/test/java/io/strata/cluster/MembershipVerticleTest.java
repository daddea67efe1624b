package io.strata.cluster;

import io.strata.multiformats.Multicodec;
import io.strata.multiformats.Multihash;
import io.strata.multiformats.PeerId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.strata.testkit.LoopbackPorts.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real clustered Vert.x instances on loopback, each with a membership verticle. */
class MembershipVerticleTest {

    private final String clusterName = "membership-test-" + UUID.randomUUID();
    private final List<Vertx> started = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (Vertx vertx : started) {
            await(vertx.close().recover(failure -> Future.succeededFuture()));
        }
    }

    @Test
    void outsideAClusterThereAreNoPeers() throws Exception {
        Vertx vertx = Vertx.vertx();
        started.add(vertx);
        PeerInfo self = peer(1, "/ip4/127.0.0.1/tcp/8080/http");
        await(vertx.deployVerticle(new MembershipVerticle(self)));
        ClusterMembership membership = new ClusterMembership(vertx);
        assertEquals(List.of(), await(membership.peers()));
        assertEquals(self, await(membership.self()));
    }

    @Test
    void membersSeeEachOtherAndHearJoinsGracefulLeavesAndCrashes() throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        List<String> members = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1], "127.0.0.1:" + ports[2]);
        PeerInfo a = peer(1, "/ip4/127.0.0.1/tcp/8081/http");
        PeerInfo b = new PeerInfo(peer(2, "/ip4/127.0.0.1/tcp/8082/http").peerId(), List.of("/ip4/127.0.0.1/tcp/8082/http"),
                Map.of("region", "eu-west"));
        PeerInfo c = peer(3, "/ip4/127.0.0.1/tcp/8083/http");

        Node nodeA = node(a, ports[0], members);
        LinkedBlockingQueue<PeerInfo> joinedOnA = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<PeerInfo> leftOnA = new LinkedBlockingQueue<>();
        ClusterMembership membershipA = new ClusterMembership(nodeA.vertx);
        await(membershipA.onJoined(joinedOnA::add).completion());
        await(membershipA.onLeft(leftOnA::add).completion());
        assertEquals(List.of(), await(membershipA.peers()));

        Node nodeB = node(b, ports[1], members);
        assertEquals(b, joinedOnA.poll(30, TimeUnit.SECONDS), "A hears that B joined, tags included");
        assertEquals(List.of(a), await(new ClusterMembership(nodeB.vertx).peers()), "B finds A at start");

        Node nodeC = node(c, ports[2], members);
        assertEquals(c, joinedOnA.poll(30, TimeUnit.SECONDS));
        assertEquals(List.of(a, b), sorted(await(new ClusterMembership(nodeC.vertx).peers())));
        assertEquals(List.of(b, c), sorted(await(membershipA.peers())));

        await(nodeB.vertx.close());
        started.remove(nodeB.vertx);
        assertEquals(b, leftOnA.poll(30, TimeUnit.SECONDS), "graceful leave");
        assertEquals(List.of(c), await(membershipA.peers()));

        nodeC.clusterManager.getHazelcastInstance().getLifecycleService().terminate();
        assertEquals(c, leftOnA.poll(30, TimeUnit.SECONDS), "a crashed member is noticed");
        assertEquals(List.of(), await(membershipA.peers()));
        assertEquals(0, leftOnA.size() + joinedOnA.size(), "each change is published once");
        assertEquals(1, nodeA.clusterManager.getHazelcastInstance().getMap(MembershipVerticle.MEMBERS_MAP).size(),
                "the crashed member's entry is removed by a survivor");
    }

    private record Node(Vertx vertx, HazelcastClusterManager clusterManager) {
    }

    private Node node(PeerInfo self, int port, List<String> members) throws Exception {
        ClusterConfig config = new ClusterConfig(true, "", clusterName, "127.0.0.1", port, members, "", "", 3, Map.of());
        HazelcastClusterManager clusterManager = new HazelcastClusterManager(config.hazelcast());
        Vertx vertx = await(Vertx.builder().withClusterManager(clusterManager).buildClustered());
        started.add(vertx);
        assertNotNull(await(vertx.deployVerticle(new MembershipVerticle(self, clusterManager))));
        return new Node(vertx, clusterManager);
    }

    private static List<PeerInfo> sorted(List<PeerInfo> peers) {
        return peers.stream().sorted((x, y) -> x.peerId().compareTo(y.peerId())).toList();
    }

    /** Distinct, ordered peer ids: identity multihashes of made-up 36-byte keys whose last byte is {@code n}. */
    static PeerInfo peer(int n, String address) {
        byte[] key = new byte[36];
        key[35] = (byte) n;
        return new PeerInfo(PeerId.fromMultihash(Multihash.of(Multicodec.IDENTITY, key)), List.of(address), Map.of());
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Test
    void tagsAndAddressesRoundTripThroughTheMemberMapForm() {
        PeerInfo peer = new PeerInfo(peer(7, "x").peerId(), List.of("/ip4/10.0.0.5/tcp/5701", "/ip4/10.0.0.5/tcp/8080/http"),
                Map.of("region", "eu-west", "zone", "b"));
        assertEquals(peer, PeerInfoJson.decode(PeerInfoJson.encode(peer)));
        IllegalArgumentException noPeer = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PeerInfoJson.decode("{\"addresses\":[]}"));
        assertTrue(noPeer.getMessage().contains("no peerId"), noPeer.getMessage());
    }
}
