package io.strata.node;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three clustered daemons, each its own JVM, on loopback. */
class ClusterProcessTest {

    private static final Duration MEMBERSHIP = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void threeProcessesFormAClusterAndSeeOneLeave() throws Exception {
        try (ClusterProcesses cluster = new ClusterProcesses(dir, 3)) {
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

            cluster.awaitAnswer(a, "swarm/peers", peers -> peerIds(peers).equals(Set.of(idB, idC)), MEMBERSHIP);
            JsonObject fromC = cluster.awaitAnswer(c, "swarm/peers", peers -> peerIds(peers).equals(Set.of(idA, idB)), MEMBERSHIP);
            assertTrue(fromC.getJsonArray("Peers").stream().map(JsonObject.class::cast)
                    .anyMatch(peer -> peer.getString("Addr").equals("/ip4/127.0.0.1/tcp/" + a.clusterPort())), fromC.encode());

            cluster.stop(a);
            cluster.awaitAnswer(b, "swarm/peers", peers -> peerIds(peers).equals(Set.of(idC)), MEMBERSHIP);
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
