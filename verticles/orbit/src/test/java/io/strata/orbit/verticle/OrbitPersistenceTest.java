package io.strata.orbit.verticle;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node reopens its databases from RocksDB without replaying their logs: the index snapshot taken every
 * {@code snapshotEvery} entries and on shutdown is loaded, and only journal entries newer than it are
 * decoded ({@code replayedOnOpen} in the status). Document field indexes declared at open survive the
 * restart and answer range queries.
 */
class OrbitPersistenceTest {

    private static final int SNAPSHOT_EVERY = 400;

    @TempDir
    Path directory;

    @TempDir
    Path crashCopies;

    private Vertx vertx;

    @AfterEach
    void close() throws Exception {
        if (vertx != null) {
            await(vertx.close());
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    private String deploy() throws Exception {
        return await(vertx.deployVerticle(new OrbitVerticle(new OrbitConfig(directory, true, Duration.ofSeconds(30),
                Duration.ofSeconds(2), SNAPSHOT_EVERY), BlockFetcher.NONE)));
    }

    private JsonObject request(JsonObject body) throws Exception {
        return await(vertx.eventBus().<JsonObject>request(OrbitContract.REQUEST, body,
                new DeliveryOptions().setSendTimeout(60_000))).body();
    }

    private static JsonObject action(String action, String address) {
        return new JsonObject().put("action", action).put("address", address);
    }

    @Test
    void reopenedDatabasesLoadTheirSnapshotsInsteadOfReplayingTheirLogs() throws Exception {
        vertx = Vertx.vertx();
        String deployment = deploy();
        String kv = request(new JsonObject().put("action", "open").put("name", "kv").put("type", "keyvalue"))
                .getString("address");
        String docs = request(new JsonObject().put("action", "open").put("name", "docs").put("type", "documents")
                .put("indexedFields", new JsonArray().add("group"))).getString("address");
        List<Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            writes.add(vertx.eventBus().request(OrbitContract.REQUEST, action("put", kv).put("key", "k" + (i % 300))
                    .put("value", i)));
            if (i < 300) {
                writes.add(vertx.eventBus().request(OrbitContract.REQUEST, action("put", docs)
                        .put("document", new JsonObject().put("_id", "d" + i).put("group", i % 10))));
            }
        }
        await(Future.all(writes));
        JsonObject before = request(action("all", kv));
        JsonObject rangeBefore = request(action("query", docs).put("where", new JsonObject()
                .put("group", new JsonObject().put("gte", 3).put("lt", 5))));
        assertEquals(60, rangeBefore.getJsonArray("entries").size());

        await(vertx.undeploy(deployment));
        deploy();
        JsonObject status = request(action("status", kv));
        assertEquals(1_000, status.getInteger("entries"));
        assertEquals(0, status.getInteger("replayedOnOpen"), "shutdown snapshotted every database");
        assertEquals(before, request(action("all", kv)));
        assertEquals(999, request(action("get", kv).put("key", "k99")).getInteger("value"));
        assertEquals(rangeBefore, request(action("query", docs).put("where", new JsonObject()
                .put("group", new JsonObject().put("gte", 3).put("lt", 5)))));

        request(action("put", kv).put("key", "k99").put("value", "after reopening"));
        assertEquals("after reopening", request(action("get", kv).put("key", "k99")).getString("value"));
        assertEquals(1_001, request(action("status", kv)).getInteger("entries"));
    }

    /**
     * The files of a RocksDB that is open but idle, as a crash of the machine would leave them (every write
     * was synced to its write-ahead log, which the copy replays when opened).
     */
    private static void copyFiles(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    @Test
    void aCrashReplaysOnlyTheJournalAfterTheLastSnapshot() throws Exception {
        vertx = Vertx.vertx();
        deploy();
        String kv = request(new JsonObject().put("action", "open").put("name", "kv").put("type", "keyvalue"))
                .getString("address");
        for (int i = 0; i < 1_000; i++) {
            request(action("put", kv).put("key", "k" + (i % 50)).put("value", i));
        }
        JsonObject before = request(action("all", kv));
        Path copy = crashCopies.resolve("crashed");
        copyFiles(directory, copy);
        await(vertx.close());

        vertx = Vertx.vertx();
        await(vertx.deployVerticle(new OrbitVerticle(new OrbitConfig(copy, true, Duration.ofSeconds(30),
                Duration.ofSeconds(2), SNAPSHOT_EVERY), BlockFetcher.NONE)));
        JsonObject status = request(action("status", kv));
        assertEquals(1_000, status.getInteger("entries"));
        assertEquals(1_000 % SNAPSHOT_EVERY, status.getInteger("replayedOnOpen"),
                "one entry per put since the last snapshot, not the whole log");
        assertEquals(before, request(action("all", kv)));
        assertTrue(request(action("status", kv)).getBoolean("synced"));
    }
}
