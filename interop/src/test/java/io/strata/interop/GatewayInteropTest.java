package io.strata.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.BlockStoreConfig;
import io.strata.blockstore.verticle.BlockStoreVerticle;
import io.strata.gateway.GatewayVerticle;
import io.strata.ipld.Block;
import io.strata.ipld.DagLinks;
import io.strata.ipld.unixfs.DirectoryTreeImporter;
import io.strata.ipld.unixfs.ImportOptions;
import io.strata.ipld.unixfs.ImportedNode;
import io.strata.ipld.unixfs.UnixFsImporter;
import io.strata.multiformats.Cid;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Our trustless gateway as the only source of @helia/verified-fetch 8 (js/verified-fetch.mjs): it fetches
 * every block as {@code ?format=raw}, verifies each against its CID and reassembles the file, which must
 * be byte for byte the file we imported.
 */
class GatewayInteropTest {

    private static final int SIZE = 6 * 1024 * 1024 + 4321;
    private static final Duration FETCH_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path repo;

    private Vertx vertx;
    private BlockStoreClient blocks;
    private String gateway;
    private byte[] content;

    @BeforeEach
    void startNode() throws Exception {
        vertx = Vertx.vertx();
        await(vertx.deployVerticle(new BlockStoreVerticle(new BlockStoreConfig(repo.resolve("blocks"), false, true, 2),
                new SimpleMeterRegistry(), DagLinks::links)));
        GatewayVerticle verticle = new GatewayVerticle(new SimpleMeterRegistry());
        await(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(new JsonObject().put("port", 0))));
        gateway = "http://127.0.0.1:" + verticle.actualPort();
        blocks = new BlockStoreClient(vertx);
        content = new byte[SIZE];
        new Random(20261124).nextBytes(content);
    }

    @AfterEach
    void stopNode() throws Exception {
        await(vertx.close());
    }

    @Test
    void verifiedFetchReadsAKuboDefaultFile() throws Exception {
        Cid root = store(ImportOptions.defaults(), null);
        assertFetched(root.toString());
    }

    @Test
    void verifiedFetchReadsACidV1RawLeafFileThroughADirectory() throws Exception {
        Cid directory = store(ImportOptions.defaults().withCidVersion(1), "big.bin");
        assertFetched(directory + "/big.bin");
    }

    /** Imports the content (wrapped in a directory under {@code name} unless null) and stores every block. */
    private Cid store(ImportOptions options, String name) throws Exception {
        List<Block> dag = new ArrayList<>();
        ImportedNode file = new UnixFsImporter(options).importBytes(content, dag::add);
        ImportedNode root = file;
        if (name != null) {
            root = DirectoryTreeImporter.wrap(name, file, options, dag::add);
        }
        await(blocks.putAll(dag));
        return root.cid();
    }

    private void assertFetched(String path) throws Exception {
        JsonNode input = NodeScripts.json().createObjectNode().put("gateway", gateway).put("path", path);
        JsonNode result = NodeScripts.locate().run("verified-fetch", input, FETCH_TIMEOUT);
        assertEquals(200, result.get("status").asInt(), result::toString);
        assertEquals(SIZE, result.get("size").asLong(), result::toString);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)),
                result.get("sha256").asText());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    }
}
