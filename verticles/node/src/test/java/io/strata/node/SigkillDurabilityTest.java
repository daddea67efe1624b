package io.strata.node;

import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.multiformats.Cid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.strata.node.StrataNodeTest.await;
import static io.strata.testkit.LoopbackPorts.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills a node with SIGKILL while it writes, restarts on the same repository and checks that every block the
 * store acknowledged is there and the repository verifies clean.
 */
class SigkillDurabilityTest {

    private static final int ACKNOWLEDGED_BEFORE_KILL = 300;

    @TempDir
    Path repo;

    @Test
    void acknowledgedBlocksSurviveSigkill() throws Exception {
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BlockWriterProcess.class.getName(),
                repo.toString(), Integer.toString(freePort()))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<Cid> acknowledged = new CopyOnWriteArrayList<>();
        CountDownLatch enough = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (!line.equals("READY")) {
                        acknowledged.add(Cid.parse(line));
                    }
                    if (acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL) {
                        enough.countDown();
                    }
                }
            } catch (IOException closedByTheKill) {
                // the pipe goes away with the process; lines not read were not counted as acknowledged
            }
            enough.countDown();
        });
        reader.start();
        try {
            assertTrue(enough.await(120, TimeUnit.SECONDS), "the writer did not acknowledge enough blocks");
            writer.destroyForcibly();
            assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
            reader.join(30_000);
        } finally {
            writer.destroyForcibly();
        }
        assertEquals(137, writer.exitValue(), "killed by SIGKILL");
        assertTrue(acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL, "writer stopped early: " + acknowledged.size());

        StrataNode restarted = await(StrataNode.start(NodeConfig.load(Optional.empty(), Map.of(),
                Map.of("repo", repo.toString(), "api.port", Integer.toString(freePort())))));
        try {
            BlockStoreClient client = new BlockStoreClient(restarted.vertx());
            for (Cid cid : acknowledged) {
                assertTrue(await(client.has(cid)), "acknowledged block lost: " + cid);
            }
            assertEquals(List.of(), await(client.verify()));
        } finally {
            await(restarted.stop());
        }
    }
}
