package io.strata.api;

import io.strata.bitswap.verticle.BitswapContract;
import io.strata.bitswap.verticle.BitswapContract.BitswapStat;
import io.strata.bitswap.verticle.BitswapContract.LedgerReceipt;
import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.PeerId;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bitswap commands against a stand-in Bitswap verticle that answers fixed values on its contract. */
class BitswapCommandsTest extends ApiTestBase {

    private static final PeerId PARTNER = PeerId.fromPublicKey("bitswap-commands-test-partner".getBytes(StandardCharsets.UTF_8));
    private static final Cid OURS = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, "ours".getBytes(StandardCharsets.UTF_8));
    private static final Cid THEIRS = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, "theirs".getBytes(StandardCharsets.UTF_8));

    /** Answers the contract with fixed values; the wantlist depends on the peer asked about. */
    private static final class StandInBitswap extends VerticleBase {
        @Override
        public Future<?> start() {
            LocalObjectCodec.registerOn(vertx);
            DeliveryOptions local = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME);
            vertx.eventBus().localConsumer(BitswapContract.STAT, message -> message.reply(
                    new BitswapStat(3, 5, 300, 500, 1, 100, 7, List.of(PARTNER), 2, List.of(OURS)), local));
            vertx.eventBus().localConsumer(BitswapContract.WANTLIST, message -> message.reply(
                    message.body() == null ? List.of(OURS) : PARTNER.equals(message.body()) ? List.of(THEIRS) : List.of(), local));
            vertx.eventBus().localConsumer(BitswapContract.LEDGER, message -> message.reply(
                    new LedgerReceipt((PeerId) message.body(), 0.5, 500, 999, 12), local));
            return Future.succeededFuture();
        }
    }

    @Override
    List<Deployable> extraVerticles() {
        return List.of(new StandInBitswap());
    }

    @Test
    void statHasKubosFieldsAndShapes() throws Exception {
        JsonObject expected = new JsonObject()
                .put("BlocksReceived", 3).put("BlocksSent", 5).put("DataReceived", 300).put("DataSent", 500)
                .put("DupBlksReceived", 1).put("DupDataReceived", 100).put("MessagesReceived", 7)
                .put("Peers", new JsonArray().add(PARTNER.toBase58())).put("ProvideBufLen", 2)
                .put("Wantlist", new JsonArray().add(new JsonObject().put("/", OURS.toString())));
        assertEquals(expected, post("/api/v0/bitswap/stat").bodyAsJsonObject());
        assertEquals(expected, post("/api/v0/stats/bitswap").bodyAsJsonObject());
    }

    @Test
    void wantlistIsOursWithoutPeerAndThePeersWithIt() throws Exception {
        assertEquals(new JsonObject().put("Keys", new JsonArray().add(new JsonObject().put("/", OURS.toString()))),
                post("/api/v0/bitswap/wantlist").bodyAsJsonObject());
        assertEquals(new JsonObject().put("Keys", new JsonArray().add(new JsonObject().put("/", THEIRS.toString()))),
                post("/api/v0/bitswap/wantlist?peer=" + PARTNER.toBase58()).bodyAsJsonObject());
    }

    @Test
    void ledgerIsKubosReceipt() throws Exception {
        assertEquals(new JsonObject().put("Peer", PARTNER.toBase58()).put("Value", 0.5).put("Sent", 500)
                        .put("Recv", 999).put("Exchanged", 12),
                post("/api/v0/bitswap/ledger?arg=" + PARTNER.toBase58()).bodyAsJsonObject());
    }

    @Test
    void anInvalidPeerIdIsAnError() throws Exception {
        HttpResponse<Buffer> response = post("/api/v0/bitswap/ledger?arg=not-a-peer");
        assertEquals(500, response.statusCode());
        assertTrue(response.bodyAsJsonObject().getString("Message").contains("invalid peer id"));
        assertEquals(400, post("/api/v0/bitswap/ledger").statusCode(), "the peer argument is required");
    }
}
