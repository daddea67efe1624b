package io.strata.node;

import io.strata.health.NodeHealth;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static io.strata.node.StrataNodeTest.await;
import static io.strata.testkit.LoopbackPorts.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NodeHealthEndpointTest {

    @TempDir
    Path repo;

    @Test
    void healthAndReadyReflectDeploymentsAndAProbeOfTheBlockStore() throws Exception {
        int apiPort = freePort();
        int gatewayPort = freePort();
        StrataNode node = await(StrataNode.start(NodeConfig.load(Optional.empty(), Map.of(), Map.of(
                "repo", repo.toString(), "api.port", Integer.toString(apiPort),
                "gateway.port", Integer.toString(gatewayPort)))));
        try {
            HttpClient client = node.vertx().createHttpClient();
            for (int port : new int[] {apiPort, gatewayPort}) {
                for (String path : new String[] {"/health", "/ready"}) {
                    Answer response = get(client, port, path);
                    JsonObject body = response.body();
                    assertEquals(200, response.statusCode(), port + path + " " + body.encode());
                    assertEquals("UP", check(body, "blockstore").getString("status"), body.encode());
                    assertEquals("running", check(body, NodeHealth.VERTICLES).getJsonObject("data").getString("state"));
                }
            }

            String blockStore = NodeHealth.of(node.vertx()).deploymentOf("blockstore").orElseThrow();
            await(node.vertx().undeploy(blockStore));
            Answer response = get(client, apiPort, "/health");
            JsonObject body = response.body();
            assertEquals(503, response.statusCode(), body.encode());
            assertEquals("DOWN", check(body, "blockstore").getString("status"), body.encode());
            JsonObject verticles = check(body, NodeHealth.VERTICLES);
            assertEquals("undeployed", verticles.getJsonObject("data").getString("blockstore"), body.encode());
            assertEquals(503, get(client, gatewayPort, "/ready").statusCode());
        } finally {
            await(node.stop());
        }
    }

    @Test
    void aClusteredNodeIsReadyOnlyWhileItIsAClusterMember() throws Exception {
        int apiPort = freePort();
        int clusterPort = freePort();
        String clusterName = "health-test-" + java.util.UUID.randomUUID();
        StrataNode node = await(StrataNode.start(NodeConfig.load(Optional.empty(), Map.of(), Map.of(
                "repo", repo.toString(), "api.port", Integer.toString(apiPort),
                "gateway.port", Integer.toString(freePort()), "cluster.enabled", "true", "cluster.name", clusterName,
                "cluster.host", "127.0.0.1", "cluster.port", Integer.toString(clusterPort),
                "cluster.members", "127.0.0.1:" + clusterPort))));
        try {
            HttpClient client = node.vertx().createHttpClient();
            Answer ready = get(client, apiPort, "/ready");
            assertEquals(200, ready.statusCode(), ready.body().encode());
            assertEquals(1, check(ready.body(), "cluster").getJsonObject("data").getInteger("members"));
            assertEquals(-1, get(client, apiPort, "/health").body().encode().indexOf("\"cluster\""),
                    "membership is a readiness check only");

            com.hazelcast.core.Hazelcast.getAllHazelcastInstances().stream()
                    .filter(instance -> instance.getConfig().getClusterName().equals(clusterName))
                    .forEach(instance -> instance.getLifecycleService().terminate());
            Answer cutOff = get(client, apiPort, "/ready");
            assertEquals(503, cutOff.statusCode(), cutOff.body().encode());
            assertEquals("DOWN", check(cutOff.body(), "cluster").getString("status"), cutOff.body().encode());
            assertEquals(200, get(client, apiPort, "/health").statusCode(), "leaving the cluster is no reason to restart");
        } finally {
            node.stop().toCompletionStage().toCompletableFuture().handle((ignored, failure) -> null).get();
        }
    }

    private record Answer(int statusCode, JsonObject body) {
    }

    private static Answer get(HttpClient client, int port, String path) throws Exception {
        // The body is asked for in the task that sent the request: chained from the test thread, that callback
        // can run after the response has ended, and the body never comes.
        return await(client.request(HttpMethod.GET, port, "127.0.0.1", path).compose(request -> request.send()
                .compose(response -> response.body().map(body -> new Answer(response.statusCode(), body.toJsonObject())))));
    }

    private static JsonObject check(JsonObject body, String id) {
        JsonArray checks = body.getJsonArray("checks");
        for (int i = 0; i < checks.size(); i++) {
            if (id.equals(checks.getJsonObject(i).getString("id"))) {
                return checks.getJsonObject(i);
            }
        }
        throw new AssertionError("no check " + id + " in " + body.encode());
    }
}
