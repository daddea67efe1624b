package io.strata.node;

import io.strata.blockstore.BlockStoreException;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.crypto.NodeIdentity;
import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.vertx.micrometer.backends.BackendRegistries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.strata.testkit.LoopbackPorts.freePort;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StrataNodeTest {

    @TempDir
    Path repo;

    @Test
    void startsWithAFreshRepoAndKeepsItsIdentityAcrossRestarts() throws Exception {
        StrataNode first = await(StrataNode.start(config()));
        String peerId = first.identity().peerId().toBase58();
        assertTrue(peerId.startsWith("12D3KooW"), peerId);
        assertTrue(Files.isRegularFile(repo.resolve(NodeIdentity.FILE_NAME)));
        byte[] data = "kept across restarts".getBytes(StandardCharsets.UTF_8);
        Block block = new Block(Cid.of(Multicodec.RAW, Multicodec.SHA2_256, data), data);
        await(new BlockStoreClient(first.vertx()).put(block));
        assertSame(first.registry(), BackendRegistries.getDefaultNow(), "Vert.x and Strata meters share one registry");
        String scrape = first.registry().scrape();
        assertTrue(scrape.contains("strata_blockstore_puts_total 1.0"), scrape);
        assertTrue(scrape.contains("strata_blockstore_written_bytes_total " + data.length + ".0"), scrape);
        await(first.stop());

        StrataNode second = await(StrataNode.start(config()));
        try {
            assertEquals(peerId, second.identity().peerId().toBase58());
            assertArrayEquals(data, await(new BlockStoreClient(second.vertx()).get(block.cid())));
        } finally {
            await(second.stop());
        }
    }

    @Test
    void aSecondNodeOnTheSameRepoFailsClearly() throws Exception {
        StrataNode running = await(StrataNode.start(config()));
        try {
            ExecutionException failure = assertThrows(ExecutionException.class, () -> await(StrataNode.start(config())));
            BlockStoreException locked = assertInstanceOf(BlockStoreException.class, failure.getCause());
            assertEquals(BlockStoreException.Code.REPO_LOCKED, locked.code());
            assertTrue(locked.getMessage().contains(repo.toString()), locked.getMessage());
            assertTrue(await(new BlockStoreClient(running.vertx()).stat()).blocks() >= 0, "the first node still serves");
        } finally {
            await(running.stop());
        }
    }

    private NodeConfig config() throws IOException {
        return NodeConfig.load(Optional.empty(), Map.of(), Map.of(
                "repo", repo.toString(),
                "api.port", Integer.toString(freePort()),
                "gateway.port", Integer.toString(freePort())));
    }

    static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
