package io.strata.health;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeHealthTest {

    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        await(vertx.close());
    }

    @Test
    void oneRegistryPerVertxInstance() throws Exception {
        assertSame(NodeHealth.of(vertx), NodeHealth.of(vertx));
        Vertx other = Vertx.vertx();
        try {
            assertTrue(NodeHealth.of(other) != NodeHealth.of(vertx));
        } finally {
            await(other.close());
        }
    }

    @Test
    void verticlesCheckIsDownWhileStartingAndAfterAnUndeploy() throws Exception {
        NodeHealth health = NodeHealth.of(vertx);
        String id = await(vertx.deployVerticle(new Idle()));
        health.verticleDeployed("idle", id);
        assertFalse(CheckResult.isUp(await(health.liveness())), "starting");
        health.startupComplete();
        assertTrue(CheckResult.isUp(await(health.liveness())));
        await(vertx.undeploy(id));
        CheckResult after = await(health.liveness());
        assertFalse(CheckResult.isUp(after));
        JsonObject verticles = after.getChecks().get(0).toJson();
        assertEquals("undeployed", verticles.getJsonObject("data").getString("idle"), verticles.encode());
    }

    @Test
    void readinessAddsItsOwnChecksToLiveness() throws Exception {
        NodeHealth health = NodeHealth.of(vertx).startupComplete();
        AtomicBoolean member = new AtomicBoolean(false);
        health.registerReadiness("cluster", Duration.ofSeconds(1),
                promise -> promise.complete(member.get() ? Status.OK() : Status.KO()));
        assertTrue(CheckResult.isUp(await(health.liveness())));
        assertFalse(CheckResult.isUp(await(health.readiness())));
        member.set(true);
        assertTrue(CheckResult.isUp(await(health.readiness())));
    }

    @Test
    void aCheckThatNeverAnswersIsDownAfterItsTimeout() throws Exception {
        NodeHealth health = NodeHealth.of(vertx).startupComplete();
        health.registerLiveness("stuck", Duration.ofMillis(200), promise -> { });
        assertFalse(CheckResult.isUp(await(health.liveness())));
    }

    @Test
    void endpointAnswers200Or503WithTheChecksAsJson() throws Exception {
        NodeHealth health = NodeHealth.of(vertx);
        HttpServer server = await(vertx.createHttpServer().requestHandler(request -> {
            if (!HealthEndpoint.handle(vertx, request)) {
                request.response().setStatusCode(404).end();
            }
        }).listen(0, "127.0.0.1"));
        HttpClient client = vertx.createHttpClient();
        int port = server.actualPort();
        assertEquals(503, get(client, port, HttpMethod.GET, "/ready").statusCode());
        health.startupComplete();
        Answer ready = get(client, port, HttpMethod.GET, "/ready");
        assertEquals(200, ready.statusCode());
        JsonObject body = ready.body();
        assertEquals("UP", body.getString("status"), body.encode());
        assertEquals(NodeHealth.VERTICLES, body.getJsonArray("checks").getJsonObject(0).getString("id"));
        assertEquals(200, get(client, port, HttpMethod.GET, "/health").statusCode());
        assertEquals(405, get(client, port, HttpMethod.POST, "/health").statusCode());
        assertEquals(404, get(client, port, HttpMethod.GET, "/healthz").statusCode());
    }

    private record Answer(int statusCode, JsonObject body) {
    }

    private static Answer get(HttpClient client, int port, HttpMethod method, String path) throws Exception {
        // The body is asked for in the task that sent the request: chained from the test thread, that callback
        // can run after the response has ended, and the body never comes.
        return await(client.request(method, port, "127.0.0.1", path).compose(request -> request.send()
                .compose(response -> response.body().map(body -> new Answer(response.statusCode(),
                        body.length() > 0 && body.getByte(0) == '{' ? body.toJsonObject() : new JsonObject())))));
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static final class Idle extends VerticleBase {
    }
}
