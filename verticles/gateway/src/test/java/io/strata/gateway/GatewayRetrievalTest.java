package io.strata.gateway;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.blockstore.verticle.BlockStoreContract;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.vertx.core.DeploymentOptions;
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

    private static HttpResponse<String> get(Vertx vertx, JsonObject config, String path) throws Exception {
        GatewayVerticle gateway = new GatewayVerticle(new SimpleMeterRegistry());
        vertx.deployVerticle(gateway, new DeploymentOptions().setConfig(config.put("port", 0)))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.actualPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
