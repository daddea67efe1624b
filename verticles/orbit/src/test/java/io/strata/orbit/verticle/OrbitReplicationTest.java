package io.strata.orbit.verticle;

import io.strata.crdt.log.EntrySignature;
import io.strata.crdt.log.LamportClock;
import io.strata.crdt.log.LogEntry;
import io.strata.multiformats.Cid;
import io.strata.orbit.OrbitIdentity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three clustered nodes write concurrently to one keyvalue store and one counter; one of them is cut off
 * from the cluster (its clustered Vert.x closed, its RocksDB reopened by a standalone Vert.x) and keeps
 * writing there while the others write on; then it rejoins from its RocksDB and writes while catching up;
 * all three end with identical heads and values. Snapshots are taken every few entries, so reopening goes
 * through snapshots and journals. Entries from an unlisted writer or with a forged signature, announced on
 * the store's topic, are rejected everywhere.
 */
class OrbitReplicationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<Vertx> started = new CopyOnWriteArrayList<>();

    @TempDir
    Path directory;

    @AfterEach
    void closeAll() throws Exception {
        for (Vertx vertx : started) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private Vertx node(String name) throws Exception {
        return deploy(ClusteredNodes.start(), name);
    }

    private Vertx deploy(Vertx vertx, String name) throws Exception {
        started.add(vertx);
        OrbitConfig config = new OrbitConfig(directory.resolve(name), false, Duration.ofMillis(700),
                Duration.ofSeconds(3), 25);
        await(vertx.deployVerticle(new OrbitVerticle(config, BlockFetcher.NONE)));
        return vertx;
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static JsonObject request(Vertx vertx, JsonObject body) throws Exception {
        return await(vertx.eventBus().<JsonObject>request(OrbitContract.REQUEST, body,
                new DeliveryOptions().setSendTimeout(30_000))).body();
    }

    private static JsonObject action(String action, String address) {
        return new JsonObject().put("action", action).put("address", address);
    }

    @Test
    void threeNodesConvergeAfterOneIsCutOffAndRejectForgeries() throws Exception {
        Vertx a = node("a");
        Vertx b = node("b");
        Vertx c = node("c");
        JsonArray writers = new JsonArray();
        for (Vertx vertx : List.of(a, b, c)) {
            writers.add(request(vertx, new JsonObject().put("action", "identity")).getString("id"));
        }
        JsonObject openKv = new JsonObject().put("action", "open").put("name", "kv").put("type", "keyvalue")
                .put("write", writers);
        JsonObject openCounter = new JsonObject().put("action", "open").put("name", "hits").put("type", "counter")
                .put("write", writers);
        String kv = request(a, openKv).getString("address");
        String counter = request(a, openCounter).getString("address");
        for (Vertx vertx : List.of(b, c)) {
            assertEquals(kv, request(vertx, openKv).getString("address"));
            assertEquals(counter, request(vertx, openCounter).getString("address"));
        }

        writeConcurrently(List.of(a, b, c), List.of("a", "b", "c"), kv, counter, 0, 15);
        awaitConvergence(List.of(a, b, c), kv, counter);
        started.remove(c);
        await(c.close());

        Vertx cutOff = deploy(Vertx.vertx(), "c");
        writeConcurrently(List.of(a, b, cutOff), List.of("a", "b", "c"), kv, counter, 15, 30);
        JsonObject cutOffStatus = request(cutOff, action("status", kv));
        assertEquals(2 * (15 * 3 + 15), cutOffStatus.getInteger("entries"), "the cut-off node saw only its own writes");
        started.remove(cutOff);
        await(cutOff.close());
        Vertx restarted = node("c");
        List<JsonObject> syncedEvents = new CopyOnWriteArrayList<>();
        restarted.eventBus().<JsonObject>localConsumer(OrbitContract.SYNCED + kv, message -> syncedEvents.add(message.body()));
        assertEquals(kv, request(restarted, new JsonObject().put("action", "list"))
                .getJsonArray("databases").stream().map(db -> ((JsonObject) db).getString("address"))
                .filter(kv::equals).findFirst().orElseThrow(), "the cut-off node reopens its databases from disk");
        writeConcurrently(List.of(restarted, a), List.of("c", "a"), kv, counter, 30, 40);

        List<Vertx> nodes = List.of(a, b, restarted);
        awaitConvergence(nodes, kv, counter);
        JsonObject kvStatus = request(a, action("status", kv));
        assertEquals(2 * (15 * 3 + 15 * 3 + 10 * 2), kvStatus.getInteger("entries"), "two puts per write round");
        long expected = 0;
        for (int i = 0; i < 15; i++) {
            expected += 1 + 2 + 3;
        }
        for (int i = 15; i < 30; i++) {
            expected += 1 + 2 + 3;
        }
        for (int i = 30; i < 40; i++) {
            expected += 3 + 1;
        }
        assertEquals(expected, request(b, action("value", counter)).getLong("value"));
        assertFalse(syncedEvents.isEmpty(), "the returning node announced that it caught up");

        rejectForgeries(nodes, kv);
    }

    private static void writeConcurrently(List<Vertx> nodes, List<String> names, String kv, String counter,
                                          int from, int to) throws Exception {
        List<Future<?>> writes = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
            Vertx vertx = nodes.get(n);
            String name = names.get(n);
            long amount = name.charAt(0) - 'a' + 1;
            for (int i = from; i < to; i++) {
                writes.add(vertx.eventBus().request(OrbitContract.REQUEST, action("put", kv)
                        .put("key", name + "-" + i).put("value", i)));
                writes.add(vertx.eventBus().request(OrbitContract.REQUEST, action("put", kv)
                        .put("key", "shared").put("value", name + "-" + i)));
                writes.add(vertx.eventBus().request(OrbitContract.REQUEST, action("increment", counter)
                        .put("amount", amount)));
            }
        }
        await(Future.all(writes));
    }

    private static void awaitConvergence(List<Vertx> nodes, String kv, String counter) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Object> states = List.of();
        while (System.nanoTime() < deadline) {
            states = new ArrayList<>();
            for (Vertx vertx : nodes) {
                JsonObject kvStatus = request(vertx, action("status", kv));
                JsonObject counterStatus = request(vertx, action("status", counter));
                states.add(List.of(kvStatus.getJsonArray("heads"), counterStatus.getJsonArray("heads"),
                        request(vertx, action("all", kv)).getJsonArray("entries"),
                        request(vertx, action("value", counter)).getLong("value")));
            }
            if (states.stream().distinct().count() == 1) {
                for (Vertx vertx : nodes) {
                    assertTrue(request(vertx, action("status", kv)).getBoolean("synced"));
                }
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the replicas did not converge: " + states);
    }

    private static void rejectForgeries(List<Vertx> nodes, String kv) throws Exception {
        Vertx a = nodes.get(0);
        JsonObject before = request(a, action("status", kv));
        List<Cid> heads = before.getJsonArray("heads").stream().map(head -> Cid.parse((String) head)).toList();
        OrbitIdentity intruder = OrbitIdentity.generate(new SecureRandom());
        LamportClock clock = new LamportClock(intruder.clockId(), 10_000);
        LogEntry unlisted = LogEntry.create(kv, Map.of("op", "PUT", "key", "shared", "value", "intruder"), heads,
                List.of(), clock, intruder);
        JsonObject identity = request(a, new JsonObject().put("action", "identity"));
        LogEntry forged = LogEntry.create(kv, Map.of("op", "PUT", "key", "shared", "value", "forged"), heads,
                List.of(), clock, bytes -> new EntrySignature(identity.getString("publicKey"), identity.getString("hash"),
                        intruder.sign(bytes).sig()));
        for (LogEntry entry : List.of(unlisted, forged)) {
            a.eventBus().publish(OrbitContract.HEADS + kv, new JsonObject().put("from", "intruder-node")
                    .put("heads", new JsonArray().add(Base64.getEncoder().encodeToString(entry.bytes())))
                    .put("identities", new JsonArray().add(Base64.getEncoder().encodeToString(
                            intruder.identity().toBlock().data()))));
        }
        Thread.sleep(2_000);
        for (Vertx vertx : nodes) {
            JsonObject status = request(vertx, action("status", kv));
            assertEquals(before.getJsonArray("heads"), status.getJsonArray("heads"));
            assertEquals(before.getInteger("entries"), status.getInteger("entries"));
            String shared = request(vertx, action("get", kv).put("key", "shared")).getString("value");
            assertFalse(shared.equals("intruder") || shared.equals("forged"), shared);
        }
    }
}
