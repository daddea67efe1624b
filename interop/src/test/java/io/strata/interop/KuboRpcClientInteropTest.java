package io.strata.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.node.NodeConfig;
import io.strata.node.StrataNode;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.strata.testkit.LoopbackPorts.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live node, started as the daemon starts it, driven by the unmodified npm kubo-rpc-client 7
 * (js/kubo-rpc-client.mjs): add, addAll, cat, ls, get, pin, block, dag, refs, files (MFS), repo, version, id
 * and error paths, each checked in the script against the reference importer, multiformats and @ipld/car.
 */
class KuboRpcClientInteropTest {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);

    private static final List<String> EXPECTED_CHECKS = List.of(
            "add",
            "add cidVersion 1",
            "add multi-MiB file",
            "addAll nested directory",
            "cat offset length",
            "ls directory",
            "get tar",
            "pin add ls rm",
            "block put get stat",
            "dag put get path",
            "dag export",
            "dag import",
            "refs recursive",
            "block rm",
            "files write read ls stat rm",
            "repo stat",
            "version",
            "id",
            "cat missing block rejects",
            "cat malformed CID rejects");

    @TempDir
    Path repo;

    @Test
    void kuboRpcClientWorksUnchangedAgainstALiveNode() throws Exception {
        runAgainst(Map.of(
                "repo", repo.toString(),
                "api.port", Integer.toString(freePort()),
                "gateway.port", Integer.toString(freePort())));
    }

    /**
     * The same script against a clustered node, where pin add, ls and rm act on the cluster pin set. A read of
     * a missing block waits for the network there: a short retrieval timeout keeps the script's missing-block
     * check within its time.
     */
    @Test
    void kuboRpcClientWorksUnchangedAgainstAClusteredNode() throws Exception {
        int clusterPort = freePort();
        runAgainst(Map.of(
                "repo", repo.toString(),
                "api.port", Integer.toString(freePort()),
                "gateway.port", Integer.toString(freePort()),
                "cluster.enabled", "true",
                "cluster.name", "kubo-rpc-client-" + java.util.UUID.randomUUID(),
                "cluster.host", "127.0.0.1",
                "cluster.port", Integer.toString(clusterPort),
                "cluster.members", "127.0.0.1:" + clusterPort,
                "bitswap.retrievalTimeoutMillis", "1000"));
    }

    private void runAgainst(Map<String, String> settings) throws Exception {
        StrataNode node = await(StrataNode.start(NodeConfig.load(Optional.empty(), Map.of(), settings)));
        JsonNode summary;
        try {
            summary = NodeScripts.locate().run("kubo-rpc-client", null, SCRIPT_TIMEOUT, node.config().apiUrl());
        } finally {
            await(node.stop());
        }
        List<String> checks = new ArrayList<>();
        summary.get("checks").forEach(check -> checks.add(check.asText()));
        assertEquals(EXPECTED_CHECKS, checks, summary::toString);
        assertEquals(node.identity().peerId().toBase58(), summary.get("peerId").asText(),
                "the client parsed our own peer ID from `id`");
        assertTrue(summary.get("cids").get("wrapper").asText().startsWith("bafy"), summary::toString);
        assertEquals("invalid path \"QmNotACid!!\": path does not have enough components",
                summary.get("errors").get("malformed").asText(), "boxo's wording, which Kubo returns");
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    }
}
