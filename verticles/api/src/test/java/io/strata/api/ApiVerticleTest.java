package io.strata.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiVerticleTest extends ApiTestBase {

    @Test
    void versionHasKuboFieldsAsASingleJsonValue() throws Exception {
        HttpResponse<Buffer> response = post("/api/v0/version");

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.getHeader("Content-Type"));
        assertEquals("X-Stream-Error", response.getHeader("Trailer"));
        assertNull(response.getHeader("X-Chunked-Output"));
        JsonObject body = response.bodyAsJsonObject();
        assertEquals(java.util.Set.of("Version", "Commit", "Repo", "System", "Golang"), body.fieldNames());
        assertTrue(response.bodyAsString().endsWith("}\n"));
    }

    @Test
    void idReportsTheConfiguredIdentity() throws Exception {
        JsonObject body = post("/api/v0/id").bodyAsJsonObject();

        assertEquals("12D3KooWTestPeer", body.getString("ID"));
        assertEquals("CAESIKey", body.getString("PublicKey"));
        assertTrue(body.containsKey("Addresses"));
        assertTrue(body.containsKey("AgentVersion"));
        assertTrue(body.containsKey("Protocols"));
    }

    @Test
    void getIsNotAllowed() throws Exception {
        HttpResponse<Buffer> response = send(HttpMethod.GET, "/api/v0/version");

        assertEquals(405, response.statusCode());
        assertEquals("405 - Method Not Allowed\n", response.bodyAsString());
    }

    @Test
    void unknownCommandIs404() throws Exception {
        HttpResponse<Buffer> response = post("/api/v0/no-such-command");

        assertEquals(404, response.statusCode());
        assertEquals("404 page not found\n", response.bodyAsString());
    }

    @Test
    void badOptionValueIsAPlainText400() throws Exception {
        HttpResponse<Buffer> response = post("/api/v0/version?number=maybe");

        assertEquals(400, response.statusCode());
        assertEquals("could not convert value \"maybe\" to type \"bool\" (for option \"-number\")\n",
                response.bodyAsString());
        assertEquals(200, post("/api/v0/version").statusCode());
    }

    @Test
    void unknownOptionIsAJson400AndKuboRootOptionsAreAccepted() throws Exception {
        HttpResponse<Buffer> response = post("/api/v0/version?foo=1");

        assertEquals(400, response.statusCode());
        assertEquals("application/json", response.getHeader("Content-Type"));
        assertEquals(new JsonObject().put("Message", "unknown option \"foo\"").put("Code", 1).put("Type", "error"),
                response.bodyAsJsonObject());
        assertEquals(400, post("/api/v0/version?arg=x&numbr=true").statusCode(), "a misspelt option");
        assertEquals(200, post("/api/v0/version?stream-channels=true&enc=json&timeout=10s&offline=false"
                + "&cid-base=base32&upgrade-cidv0-in-output=true&api=/ip4/127.0.0.1/tcp/5001&api-auth=x"
                + "&config=c&config-file=f&repo-dir=r&debug=false&D=false&help=false&h=false&local=false&L=false"
                + "&number=true").statusCode());
        assertEquals(200, post("/api/v0/version?stream=true&paths=x&headers=%5Bobject+Object%5D").statusCode(),
                "keys kubo-rpc-client adds by itself");
    }

    @Test
    void foreignBrowserOriginsAreForbidden() throws Exception {
        HttpResponse<Buffer> response = await(client.request(HttpMethod.POST, "/api/v0/version")
                .putHeader("Origin", "https://evil.example").send());
        assertEquals(403, response.statusCode());
        assertEquals("403 - Forbidden\n", response.bodyAsString());

        HttpResponse<Buffer> referred = await(client.request(HttpMethod.POST, "/api/v0/version")
                .putHeader("Referer", "https://evil.example/page").send());
        assertEquals(403, referred.statusCode());

        HttpResponse<Buffer> ownOrigin = await(client.request(HttpMethod.POST, "/api/v0/version")
                .putHeader("Origin", "http://127.0.0.1:" + port).send());
        assertEquals(200, ownOrigin.statusCode());
    }

    @Test
    void metricsCountRequestsByCommandAndStatus() throws Exception {
        post("/api/v0/version");
        send(HttpMethod.GET, "/api/v0/version");

        String metrics = send(HttpMethod.GET, "/debug/metrics/prometheus").bodyAsString();
        assertTrue(metrics.contains("strata_api_requests_total{command=\"version\",status=\"200\"}"), metrics);
        assertTrue(metrics.contains("strata_api_requests_total{command=\"version\",status=\"405\"}"), metrics);
        assertTrue(metrics.contains("strata_api_request_duration_seconds_bucket{command=\"version\""), metrics);
        assertEquals(200, send(HttpMethod.GET, "/metrics").statusCode());
    }
}
