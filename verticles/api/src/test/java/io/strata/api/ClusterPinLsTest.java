package io.strata.api;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.BlockStoreConfig;
import io.strata.blockstore.verticle.BlockStoreVerticle;
import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.ipld.DagLinks;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.pinning.ClusterPin;
import io.strata.pinning.PinMode;
import io.strata.pinning.ReplicationFactor;
import io.strata.pinning.verticle.PinCursor;
import io.strata.pinning.verticle.PinningContract;
import io.strata.pinning.verticle.PinningError;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code pin/ls} on a clustered node: a stand-in cluster pin set generates its pins as the cursor is pulled
 * (every tenth one direct; the first one is also pinned in the node's own store), beside a real block store
 * holding pins made by {@code add}.
 */
class ClusterPinLsTest extends ApiTestBase {

    private static final int PINS = 2_500;

    @TempDir
    static Path repo;

    private final List<Integer> pulls = new CopyOnWriteArrayList<>();
    private String shared;
    private String localOnly;

    @Override
    List<Deployable> extraVerticles() {
        return List.of(new BlockStoreVerticle(new BlockStoreConfig(repo.resolve("blocks"), false, true, 2),
                new SimpleMeterRegistry(), DagLinks::links));
    }

    @BeforeAll
    void pinSet() throws Exception {
        shared = add("held by the cluster and by this node");
        localOnly = add("pinned by add on this node only");
        DeliveryOptions local = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME).setLocalOnly(true);
        vertx.eventBus().localConsumer(PinningContract.LIST, message -> {
            AtomicInteger next = new AtomicInteger();
            PinCursor cursor = max -> {
                pulls.add(max);
                List<PinningContract.PinInfo> batch = new ArrayList<>();
                while (batch.size() < max && next.get() < PINS) {
                    batch.add(new PinningContract.PinInfo(pin(next.getAndIncrement()), Map.of()));
                }
                return Future.succeededFuture(batch);
            };
            message.reply(cursor, local);
        });
        vertx.eventBus().<Cid>localConsumer(PinningContract.STATUS, message -> {
            for (int i = 0; i < 20; i++) {
                if (pin(i).cid().equals(message.body())) {
                    message.reply(new PinningContract.PinInfo(pin(i), Map.of()), local);
                    return;
                }
            }
            message.fail(PinningError.NOT_FOUND.failureCode(), "not pinned in the cluster: " + message.body());
        });
        vertx.eventBus().<Cid>localConsumer(PinningContract.REMOVE, message -> message.reply(null));
        vertx.eventBus().<List<Cid>>localConsumer(PinningContract.CONTAINS, message -> {
            Set<Cid> held = new HashSet<>();
            for (Cid cid : message.body()) {
                if (cid.toString().equals(shared)) {
                    held.add(cid);
                }
            }
            message.reply(held, local);
        });
    }

    private ClusterPin pin(int i) {
        Cid cid = i == 0 ? Cid.parse(shared)
                : Cid.of(Multicodec.RAW, Multicodec.SHA2_256, ("pin-" + i).getBytes(StandardCharsets.UTF_8));
        return new ClusterPin(cid, "pin-" + i, i % 10 == 0 ? PinMode.DIRECT : PinMode.RECURSIVE,
                new ReplicationFactor(2, 3), Map.of(), List.of(), i, 0, Map.of(), List.of());
    }

    private String add(String content) throws Exception {
        List<JsonObject> events = ndjson(postMultipart("/api/v0/add", singleFile(content.getBytes(StandardCharsets.UTF_8))));
        return events.get(events.size() - 1).getString("Hash");
    }

    @Test
    void streamsTheClusterSetInBatchesThenTheNodesOwnPins() throws Exception {
        pulls.clear();
        HttpResponse<Buffer> response = post("/api/v0/pin/ls?stream=true");
        assertEquals(200, response.statusCode(), response.bodyAsString());
        assertEquals("1", response.getHeader("X-Chunked-Output"));
        List<JsonObject> lines = ndjson(response);
        assertEquals(PINS + 1, lines.size(), "every cluster pin once, then the node's own pin the set lacks");
        assertEquals(List.of(1_000, 1_000, 1_000, 1_000), pulls);
        assertEquals(new JsonObject().put("Cid", pin(7).cid().toString()).put("Type", "recursive"), lines.get(7));
        assertEquals(new JsonObject().put("Cid", pin(10).cid().toString()).put("Type", "direct"), lines.get(10));
        assertEquals(new JsonObject().put("Cid", shared).put("Type", "direct"), lines.get(0));
        assertEquals(new JsonObject().put("Cid", localOnly).put("Type", "recursive"), lines.get(PINS));

        List<JsonObject> named = ndjson(post("/api/v0/pin/ls?stream=true&names=true&type=direct"));
        assertEquals(PINS / 10, named.size());
        assertEquals(new JsonObject().put("Cid", pin(20).cid().toString()).put("Name", "pin-20").put("Type", "direct"),
                named.get(2));
    }

    @Test
    void answersKubosKeysObjectWrittenInPieces() throws Exception {
        HttpResponse<Buffer> response = post("/api/v0/pin/ls?type=recursive");
        assertEquals(200, response.statusCode(), response.bodyAsString());
        assertNull(response.getHeader("X-Chunked-Output"));
        assertNull(response.getHeader("X-Stream-Output"));
        assertEquals("application/json", response.getHeader("Content-Type"));
        JsonObject keys = response.bodyAsJsonObject().getJsonObject("Keys");
        assertEquals(PINS - PINS / 10 + 1, keys.size());
        assertEquals(new JsonObject().put("Type", "recursive").put("Name", ""), keys.getJsonObject(pin(3).cid().toString()));
        assertEquals(new JsonObject().put("Type", "recursive").put("Name", ""), keys.getJsonObject(localOnly));
        assertFalse(keys.containsKey(pin(30).cid().toString()), "direct pins are not recursive ones");

        JsonObject named = post("/api/v0/pin/ls?name=pin-123").bodyAsJsonObject().getJsonObject("Keys");
        assertEquals(Set.of(pin(123).cid().toString(), pin(1230).cid().toString(), pin(1231).cid().toString(),
                pin(1232).cid().toString(), pin(1233).cid().toString(), pin(1234).cid().toString(),
                pin(1235).cid().toString(), pin(1236).cid().toString(), pin(1237).cid().toString(),
                pin(1238).cid().toString(), pin(1239).cid().toString()), named.fieldNames());
        assertEquals("pin-1230", named.getJsonObject(pin(1230).cid().toString()).getString("Name"));
    }

    @Test
    void pinRmOfAClusterPinDropsThisNodesOwnPinAtOnce() throws Exception {
        String pinnedHere = add("pinned here and then removed from the cluster");
        assertTrue(await(new BlockStoreClient(vertx).isPinned(Cid.parse(pinnedHere))).isPresent());
        HttpResponse<Buffer> removed = post("/api/v0/pin/rm?arg=" + pinnedHere);
        assertEquals(200, removed.statusCode(), removed.bodyAsString());
        assertTrue(await(new BlockStoreClient(vertx).isPinned(Cid.parse(pinnedHere))).isEmpty(),
                "pin/ls must not list it as this node's own pin once pin/rm answered");
    }

    @Test
    void answersNamedPathsFromTheClusterSetFirstThenTheNode() throws Exception {
        JsonObject direct = post("/api/v0/pin/ls?arg=" + pin(10).cid()).bodyAsJsonObject();
        assertEquals(new JsonObject().put("Keys", new JsonObject().put(pin(10).cid().toString(),
                new JsonObject().put("Type", "direct").put("Name", ""))), direct);
        JsonObject own = post("/api/v0/pin/ls?arg=" + localOnly + "&names=true").bodyAsJsonObject();
        assertEquals("recursive", own.getJsonObject("Keys").getJsonObject(localOnly).getString("Type"));

        HttpResponse<Buffer> wrongType = post("/api/v0/pin/ls?type=recursive&arg=" + pin(10).cid());
        assertEquals(500, wrongType.statusCode());
        assertTrue(wrongType.bodyAsJsonObject().getString("Message").contains("is not pinned"), wrongType.bodyAsString());
    }
}
