package io.strata.api;

import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.PeerId;
import io.strata.pinning.ClusterPin;
import io.strata.pinning.NodePinState;
import io.strata.pinning.PinMode;
import io.strata.pinning.PinStatus;
import io.strata.pinning.ReplicationFactor;
import io.strata.pinning.verticle.PinCursor;
import io.strata.pinning.verticle.PinningContract;
import io.strata.pinning.verticle.PinningError;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code pin/status} against a stand-in pin set that generates its pins as the cursor is pulled, so the test
 * sees how many batches the command asked for and in what sizes.
 */
class ClusterPinStatusCommandTest extends ApiTestBase {

    private static final int PINS = 2_500;
    private static final PeerId FIRST = peer(1);
    private static final PeerId SECOND = peer(2);

    private final List<Integer> pulls = new ArrayList<>();

    @BeforeAll
    void pinSet() {
        DeliveryOptions local = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME).setLocalOnly(true);
        vertx.eventBus().localConsumer(PinningContract.LIST, message -> {
            AtomicInteger next = new AtomicInteger();
            PinCursor cursor = max -> {
                pulls.add(max);
                List<PinningContract.PinInfo> batch = new ArrayList<>();
                while (batch.size() < max && next.get() < PINS) {
                    batch.add(info(next.getAndIncrement()));
                }
                return Future.succeededFuture(batch);
            };
            message.reply(cursor, local);
        });
        vertx.eventBus().<Cid>localConsumer(PinningContract.STATUS, message -> {
            for (int i = 0; i < 10; i++) {
                if (cid(i).equals(message.body())) {
                    message.reply(info(i), local);
                    return;
                }
            }
            message.fail(PinningError.NOT_FOUND.failureCode(), "not pinned in the cluster: " + message.body());
        });
    }

    /** Pin i: allocated to both nodes; the first reports pinned, the second reports nothing, or pin_error every 100th. */
    private static PinningContract.PinInfo info(int i) {
        ClusterPin pin = new ClusterPin(cid(i), "pin-" + i, PinMode.RECURSIVE, new ReplicationFactor(2, 3), Map.of(),
                List.of(FIRST, SECOND), 1_000L * i, 0, Map.of(), List.of());
        NodePinState pinned = new NodePinState(PinStatus.PINNED, "", 0, 60_000);
        return i % 100 == 0
                ? new PinningContract.PinInfo(pin, Map.of(FIRST, pinned,
                        SECOND, new NodePinState(PinStatus.PIN_ERROR, "block not found", 6, 120_000)))
                : new PinningContract.PinInfo(pin, Map.of(FIRST, pinned));
    }

    private static Cid cid(int i) {
        return Cid.of(Multicodec.RAW, Multicodec.SHA2_256, ("pin-" + i).getBytes(StandardCharsets.UTF_8));
    }

    private static PeerId peer(int seed) {
        byte[] key = new byte[36];
        key[0] = 0x08;
        key[1] = 0x01;
        key[2] = 0x12;
        key[3] = 0x20;
        key[35] = (byte) seed;
        return PeerId.fromPublicKey(key);
    }

    @Test
    void streamsEveryPinAsOneLineInBatchesOfAThousand() throws Exception {
        pulls.clear();
        HttpResponse<Buffer> response = post("/api/v0/pin/status");
        assertEquals(200, response.statusCode(), response.bodyAsString());
        assertEquals("1", response.getHeader("X-Chunked-Output"));
        List<JsonObject> lines = ndjson(response);
        assertEquals(PINS, lines.size());
        assertEquals(List.of(1_000, 1_000, 1_000, 1_000), pulls);
        JsonObject expected = new JsonObject()
                .put("Cid", cid(7).toString())
                .put("Name", "pin-7")
                .put("Mode", "recursive")
                .put("ReplicationMin", 2)
                .put("ReplicationMax", 3)
                .put("Created", "1970-01-01T00:00:07Z")
                .put("Status", "pinning")
                .put("Allocations", new JsonArray().add(FIRST.toBase58()).add(SECOND.toBase58()))
                .put("PeerMap", new JsonObject()
                        .put(FIRST.toBase58(), new JsonObject().put("Status", "pinned").put("Error", "")
                                .put("Attempts", 0).put("Updated", "1970-01-01T00:01:00Z"))
                        .put(SECOND.toBase58(), new JsonObject().put("Status", "queued")));
        assertEquals(expected, lines.get(7));
    }

    @Test
    void filtersByTheStatusOfAnyAllocatedNode() throws Exception {
        List<JsonObject> failing = ndjson(post("/api/v0/pin/status?filter=pin_error"));
        assertEquals(PINS / 100, failing.size());
        JsonObject second = failing.get(1).getJsonObject("PeerMap").getJsonObject(SECOND.toBase58());
        assertEquals(new JsonObject().put("Status", "pin_error").put("Error", "block not found").put("Attempts", 6)
                .put("Updated", "1970-01-01T00:02:00Z"), second);
        assertEquals(cid(100).toString(), failing.get(1).getString("Cid"));
        assertEquals(PINS, ndjson(post("/api/v0/pin/status?filter=queued,pin_error")).size());
        assertEquals(0, ndjson(post("/api/v0/pin/status?filter=unpinning")).size());
    }

    @Test
    void answersNamedPinsAndRefusesUnknownOnesAndBadInput() throws Exception {
        List<JsonObject> two = ndjson(post("/api/v0/pin/status?arg=" + cid(3) + "&arg=" + cid(4)));
        assertEquals(List.of(cid(3).toString(), cid(4).toString()), two.stream().map(line -> line.getString("Cid")).toList());

        HttpResponse<Buffer> unknown = post("/api/v0/pin/status?arg=" + cid(50));
        assertEquals(500, unknown.statusCode());
        assertTrue(unknown.bodyAsJsonObject().getString("Message").contains("not pinned in the cluster"),
                unknown.bodyAsString());

        HttpResponse<Buffer> badCid = post("/api/v0/pin/status?arg=not-a-cid");
        assertEquals(500, badCid.statusCode());
        assertTrue(badCid.bodyAsJsonObject().getString("Message").contains("invalid CID"), badCid.bodyAsString());

        HttpResponse<Buffer> badFilter = post("/api/v0/pin/status?filter=lost");
        assertEquals(500, badFilter.statusCode());
        assertTrue(badFilter.bodyAsJsonObject().getString("Message").contains("unknown status lost"));
    }
}
