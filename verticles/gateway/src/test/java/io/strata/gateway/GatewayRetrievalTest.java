package io.strata.gateway;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.blockstore.verticle.BlockRetrievalException;
import io.strata.blockstore.verticle.BlockStoreContract;
import io.strata.blockstore.verticle.BlockStoreError;
import io.strata.blockstore.verticle.RemoteBlocks;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the gateway answers when blocks are slow to come or nothing can provide them. */
@ExtendWith(VertxExtension.class)
class GatewayRetrievalTest {

    private static final Cid CID = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, "slow".getBytes(StandardCharsets.UTF_8));

    @Test
    void aBlockThatDoesNotArriveInTimeIsAGatewayTimeout(Vertx vertx) throws Exception {
        vertx.eventBus().localConsumer(BlockStoreContract.GET, message -> {
            // never answers, like a retrieval from peers that do not respond
        }).completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        HttpResponse<String> response = get(vertx, new JsonObject().put("retrievalTimeout", 300), "/ipfs/" + CID);
        assertEquals(504, response.statusCode());
        assertEquals("60", response.headers().firstValue("Retry-After").orElse(null));
        assertTrue(response.body().contains(CID.toString()), response.body());
    }

    @Test
    void noBlockStoreIsServiceUnavailable(Vertx vertx) throws Exception {
        HttpResponse<String> response = get(vertx, new JsonObject(), "/ipfs/" + CID + "?format=raw");
        assertEquals(503, response.statusCode());
    }

    @Test
    void aBlockTheStoreLacksIsServedFromOtherNodes(Vertx vertx) throws Exception {
        storeWithoutBlocks(vertx);
        byte[] data = "slow".getBytes(StandardCharsets.UTF_8);
        List<Cid> wanted = new CopyOnWriteArrayList<>();
        RemoteBlocks remote = new RemoteBlocks() {
            @Override
            public Future<byte[]> fetch(Cid cid) {
                wanted.add(cid);
                return cid.equals(CID) ? Future.succeededFuture(data)
                        : Future.failedFuture(new BlockRetrievalException(cid, "nobody has " + cid, null));
            }

            @Override
            public void want(List<Cid> cids) {
            }
        };
        HttpResponse<String> response = get(vertx, new GatewayVerticle(new SimpleMeterRegistry(), remote), new JsonObject(),
                "/ipfs/" + CID + "?format=raw");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("slow", response.body());
        assertEquals(List.of(CID), wanted);
    }

    @Test
    void aBlockTheNetworkGaveUpOnIsAGatewayTimeout(Vertx vertx) throws Exception {
        storeWithoutBlocks(vertx);
        RemoteBlocks nobody = new RemoteBlocks() {
            @Override
            public Future<byte[]> fetch(Cid cid) {
                return Future.failedFuture(new BlockRetrievalException(cid, "no peer delivered " + cid, null));
            }

            @Override
            public void want(List<Cid> cids) {
            }
        };
        HttpResponse<String> response = get(vertx, new GatewayVerticle(new SimpleMeterRegistry(), nobody), new JsonObject(),
                "/ipfs/" + CID);
        assertEquals(504, response.statusCode(), response.body());
    }

    private static void storeWithoutBlocks(Vertx vertx) throws Exception {
        vertx.eventBus().localConsumer(BlockStoreContract.GET, message -> message.fail(BlockStoreError.NOT_FOUND.failureCode(), "not found"))
                .completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> get(Vertx vertx, JsonObject config, String path) throws Exception {
        return get(vertx, new GatewayVerticle(new SimpleMeterRegistry()), config, path);
    }

    private static HttpResponse<String> get(Vertx vertx, GatewayVerticle gateway, JsonObject config, String path) throws Exception {
        vertx.deployVerticle(gateway, new DeploymentOptions().setConfig(config.put("port", 0)))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.actualPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
