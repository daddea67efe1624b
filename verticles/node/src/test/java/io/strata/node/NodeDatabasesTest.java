package io.strata.node;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static io.strata.node.StrataNodeTest.await;
import static io.strata.testkit.LoopbackPorts.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A single node serves the replicated databases under /api/v0/db, and they outlive a restart. */
class NodeDatabasesTest {

    @TempDir
    Path repo;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aKeyValueDatabaseWrittenOverHttpIsReadBackAfterARestart() throws Exception {
        NodeConfig config = NodeConfig.load(Optional.empty(), Map.of(), Map.of(
                "repo", repo.toString(),
                "api.port", Integer.toString(freePort()),
                "gateway.port", Integer.toString(freePort())));
        String base = config.apiUrl() + "/api/v0/db";
        String database;
        StrataNode node = await(StrataNode.start(config));
        try {
            HttpResponse<String> opened = send(HttpRequest.newBuilder(URI.create(base))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"settings\",\"type\":\"keyvalue\"}")));
            assertEquals(200, opened.statusCode(), opened.body());
            String address = new JsonObject(opened.body()).getString("address");
            assertTrue(address.startsWith("/orbitdb/"), address);
            database = address.substring("/orbitdb/".length());

            HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(base + "/" + database + "/keys/colour"))
                    .PUT(HttpRequest.BodyPublishers.ofString("\"blue\"")));
            assertEquals(200, put.statusCode(), put.body());

            HttpResponse<String> notJson = send(HttpRequest.newBuilder(URI.create(base + "/" + database + "/keys/size"))
                    .PUT(HttpRequest.BodyPublishers.ofString("{not json")));
            assertEquals(400, notJson.statusCode());
            JsonObject error = new JsonObject(notJson.body());
            assertEquals("error", error.getString("Type"));
            assertEquals(1, error.getInteger("Code"));
        } finally {
            await(node.stop());
        }

        StrataNode restarted = await(StrataNode.start(config));
        try {
            send(HttpRequest.newBuilder(URI.create(base))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"address\":\"/orbitdb/" + database + "\"}")));
            HttpResponse<String> read = send(HttpRequest.newBuilder(URI.create(base + "/" + database + "/keys/colour")).GET());
            assertEquals(200, read.statusCode(), read.body());
            assertTrue(read.body().contains("blue"), read.body());
        } finally {
            await(restarted.stop());
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }
}
