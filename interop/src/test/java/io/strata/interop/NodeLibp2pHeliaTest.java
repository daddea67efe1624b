package io.strata.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.dht.DhtClient;
import io.strata.ipld.Block;
import io.strata.ipld.unixfs.ImportOptions;
import io.strata.ipld.unixfs.ImportedNode;
import io.strata.ipld.unixfs.UnixFsImporter;
import io.strata.node.NodeConfig;
import io.strata.node.StrataNode;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.strata.testkit.LoopbackPorts.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole Strata node in cluster mode with {@code libp2p.enabled}: a real Helia node reads a file from its swarm
 * port, and Helia's DHT finds the node as that file's provider at its swarm address.
 */
class NodeLibp2pHeliaTest {

    @TempDir
    Path repo;

    @Test
    void heliaFetchesFromAWholeNodeOverLibp2p() throws Exception {
        int swarmPort = freePort();
        StrataNode node = await(StrataNode.start(NodeConfig.load(Optional.empty(), Map.of(), Map.of(
                "repo", repo.toString(),
                "api.port", Integer.toString(freePort()),
                "gateway.port", Integer.toString(freePort()),
                "cluster.enabled", "true",
                "cluster.name", "strata-libp2p-" + UUID.randomUUID(),
                "cluster.host", "127.0.0.1",
                "cluster.members", "127.0.0.1",
                "libp2p.enabled", "true",
                "libp2p.host", "127.0.0.1",
                "libp2p.port", Integer.toString(swarmPort)))));
        try {
            byte[] content = new byte[3 * 1024 * 1024 + 7];
            new SecureRandom().nextBytes(content);
            List<Block> blocks = new ArrayList<>();
            ImportedNode root = new UnixFsImporter(ImportOptions.defaults()).importBytes(content, blocks::add);
            await(new BlockStoreClient(node.vertx()).putAll(blocks));

            ObjectNode request = NodeScripts.json().createObjectNode()
                    .put("mode", "fetch")
                    .put("peer", "/ip4/127.0.0.1/tcp/" + swarmPort + "/p2p/" + node.identity().peerId().toBase58())
                    .put("cid", root.cid().toString())
                    .put("timeoutMs", 90_000);
            JsonNode result = NodeScripts.locate().run("helia-peer", request, Duration.ofMinutes(3));
            assertEquals(content.length, result.get("bytes").asLong());
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)), result.get("sha256").asText());

            await(new DhtClient(node.vertx()).provide(root.cid()));
            ObjectNode lookup = NodeScripts.json().createObjectNode()
                    .put("mode", "findProviders")
                    .put("peer", "/ip4/127.0.0.1/tcp/" + swarmPort + "/p2p/" + node.identity().peerId().toBase58())
                    .put("cid", root.cid().toString())
                    .put("timeoutMs", 60_000);
            JsonNode providers = NodeScripts.locate().run("helia-peer", lookup, Duration.ofMinutes(2));
            JsonNode provider = providers.get("providers").get(0);
            assertEquals(node.identity().peerId().toBase58(), provider.get("id").asText(), providers.toString());
            assertTrue(provider.get("multiaddrs").toString().contains("/ip4/127.0.0.1/tcp/" + swarmPort), providers.toString());
        } finally {
            await(node.stop());
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    }
}
