package io.strata.node;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clustered daemons, each its own JVM, on loopback: membership, content added on one node read on the
 * others through Bitswap (API and gateway), a provider that stays when the original one leaves, and a late
 * joiner that finds the content through the DHT.
 */
class ClusterProcessTest {

    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Duration READ = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void contentAddedOnOneNodeIsReadOnTheOthersAndOutlivesItsOrigin() throws Exception {
        try (ClusterProcesses cluster = new ClusterProcesses(dir, 4)) {
            ClusterProcesses.Daemon a = cluster.start(0, "a");
            ClusterProcesses.Daemon b = cluster.start(1, "b");
            ClusterProcesses.Daemon c = cluster.start(2, "c");
            String idA = cluster.awaitReady(a).getString("ID");
            JsonObject identityB = cluster.awaitReady(b);
            String idB = identityB.getString("ID");
            String idC = cluster.awaitReady(c).getString("ID");

            assertEquals(List.of("/ip4/127.0.0.1/tcp/" + b.clusterPort() + "/p2p/" + idB,
                            "/ip4/127.0.0.1/tcp/" + b.gatewayPort() + "/http/p2p/" + idB),
                    identityB.getJsonArray("Addresses").getList(), "id reports the cluster and gateway multiaddrs");
            cluster.awaitAnswer(a, "swarm/peers", peers -> peerIds(peers).equals(Set.of(idB, idC)), SETTLE);
            cluster.awaitAnswer(b, "swarm/peers", peers -> peerIds(peers).equals(Set.of(idA, idC)), SETTLE);
            JsonObject fromC = cluster.awaitAnswer(c, "swarm/peers", peers -> peerIds(peers).equals(Set.of(idA, idB)), SETTLE);
            assertTrue(fromC.getJsonArray("Peers").stream().map(JsonObject.class::cast)
                    .anyMatch(peer -> peer.getString("Addr").equals("/ip4/127.0.0.1/tcp/" + a.clusterPort())), fromC.encode());

            byte[] content = new byte[3 * 1024 * 1024 + 12_345];
            new Random(42).nextBytes(content);
            String cid = cluster.add(a, content);

            HttpResponse<byte[]> catOnC = cluster.postBytes(c, "cat?arg=" + cid, READ);
            assertEquals(200, catOnC.statusCode(), () -> new String(catOnC.body(), StandardCharsets.UTF_8));
            assertArrayEquals(content, catOnC.body(), "C reads A's file through Bitswap");
            cluster.awaitText(b, "routing/findprovs?arg=" + cid, found -> found.contains(idC), SETTLE);

            cluster.stop(a);
            cluster.awaitAnswer(b, "swarm/peers", peers -> peerIds(peers).equals(Set.of(idC)), SETTLE);
            HttpResponse<byte[]> gatewayOnB = cluster.get(b.gateway() + "/ipfs/" + cid, READ);
            assertEquals(200, gatewayOnB.statusCode(), () -> new String(gatewayOnB.body(), StandardCharsets.UTF_8));
            assertArrayEquals(content, gatewayOnB.body(), "with A gone, B's gateway reads the file from C");

            ClusterProcesses.Daemon d = cluster.start(3, "d");
            cluster.awaitReady(d);
            cluster.awaitText(d, "routing/findprovs?arg=" + cid, found -> found.contains(idC), SETTLE);
            HttpResponse<byte[]> catOnD = cluster.postBytes(d, "cat?arg=" + cid, READ);
            assertEquals(200, catOnD.statusCode(), () -> new String(catOnD.body(), StandardCharsets.UTF_8));
            assertArrayEquals(content, catOnD.body(), "a node that joined later finds and reads the file");
        }
    }

    static Set<String> peerIds(JsonObject swarmPeers) {
        JsonArray peers = swarmPeers.getJsonArray("Peers");
        if (peers == null) {
            return Set.of();
        }
        return peers.stream().map(JsonObject.class::cast).map(peer -> peer.getString("Peer")).collect(Collectors.toSet());
    }
}
