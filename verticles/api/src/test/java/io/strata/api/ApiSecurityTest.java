package io.strata.api;

import io.strata.blockstore.verticle.BlockStoreContract;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Authorizations, the loopback rule, CORS defaults and the request limits, over real HTTP. */
class ApiSecurityTest {

    private static final String ALICE = "Bearer alice-token";
    private static final String BOB = "Basic " + Base64.getEncoder().encodeToString("bob:pw".getBytes(StandardCharsets.UTF_8));

    private Vertx vertx;
    private WebClient client;
    private int port;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        client = WebClient.create(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        await(vertx.close());
    }

    private JsonObject config() {
        return new JsonObject().put("port", 0).put("peerId", "12D3KooWTestPeer").put("publicKey", "CAESIKey");
    }

    private static JsonObject authorizations() {
        return new JsonObject()
                .put("alice", new JsonObject().put("AuthSecret", "bearer:alice-token")
                        .put("AllowedPaths", new JsonArray().add("/api/v0/version").add("/metrics")))
                .put("bob", new JsonObject().put("AuthSecret", "basic:bob:pw").put("AllowedPaths", new JsonArray().add("/api/v0")));
    }

    private void deploy(JsonObject config) throws Exception {
        ApiVerticle verticle = new ApiVerticle();
        await(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)));
        port = verticle.actualPort();
    }

    private HttpResponse<Buffer> post(String path, String authorization) throws Exception {
        var request = client.request(HttpMethod.POST, port, "127.0.0.1", path);
        if (authorization != null) {
            request.putHeader("Authorization", authorization);
        }
        return await(request.send());
    }

    @Test
    void listensOnLoopbackByDefaultAndNeedsNoCredentialsThere() throws Exception {
        assertEquals("127.0.0.1", ApiConfig.from(new JsonObject()).host());
        deploy(config());
        assertEquals(200, post("/api/v0/version", null).statusCode());
    }

    @Test
    void refusesToListenBeyondLoopbackWithoutAuthorizations() throws Exception {
        ExecutionException refused = assertThrows(ExecutionException.class, () -> deploy(config().put("host", "0.0.0.0")));
        assertTrue(refused.getCause().getMessage().contains("not a loopback address")
                && refused.getCause().getMessage().contains("api.authorizations"), refused.getCause().getMessage());
        deploy(config().put("host", "0.0.0.0").put("authorizations", authorizations()));
        assertEquals(200, post("/api/v0/version", ALICE).statusCode());
    }

    @Test
    void unauthorizedCallsGet401AndPathsOutsideTheirPrefixes403() throws Exception {
        deploy(config().put("authorizations", authorizations()));
        HttpResponse<Buffer> missing = post("/api/v0/version", null);
        assertEquals(401, missing.statusCode());
        assertTrue(missing.getHeader("WWW-Authenticate").contains("Bearer"), missing.getHeader("WWW-Authenticate"));
        JsonObject error = missing.bodyAsJsonObject();
        assertEquals("error", error.getString("Type"));
        assertTrue(error.getString("Message").contains("Authorization"), error.encode());
        assertEquals(401, post("/api/v0/version", "Bearer wrong").statusCode());
        assertEquals(401, post("/api/v0/version", "Basic " + Base64.getEncoder()
                .encodeToString("bob:wrong".getBytes(StandardCharsets.UTF_8))).statusCode());

        assertEquals(200, post("/api/v0/version", ALICE).statusCode());
        HttpResponse<Buffer> forbidden = post("/api/v0/id", ALICE);
        assertEquals(403, forbidden.statusCode());
        assertEquals(4, forbidden.bodyAsJsonObject().getInteger("Code"), forbidden.bodyAsString());
        assertEquals(403, post("/api/v0/versionx", ALICE).statusCode(), "prefixes match whole segments");
        assertEquals(200, await(client.request(HttpMethod.GET, port, "127.0.0.1", "/metrics")
                .putHeader("Authorization", ALICE).send()).statusCode());
        assertEquals(401, await(client.request(HttpMethod.GET, port, "127.0.0.1", "/metrics").send()).statusCode());

        assertEquals(200, post("/api/v0/id", BOB).statusCode());
        assertEquals(403, await(client.request(HttpMethod.GET, port, "127.0.0.1", "/metrics")
                .putHeader("Authorization", BOB).send()).statusCode());
        assertNotEquals(401, await(client.request(HttpMethod.GET, port, "127.0.0.1", "/health").send()).statusCode(),
                "probes need no credentials");
    }

    @Test
    void theWebSocketEndpointAuthenticatesLikeTheApi() throws Exception {
        deploy(config().put("authorizations", authorizations()));
        WebSocketClient sockets = vertx.createWebSocketClient();
        ExecutionException rejected = assertThrows(ExecutionException.class, () -> await(sockets.connect(
                new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/api/v0/ws"))));
        assertEquals(401, assertInstanceOf(UpgradeRejectedException.class, rejected.getCause()).getStatus());
        ExecutionException forbidden = assertThrows(ExecutionException.class, () -> await(sockets.connect(
                new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/api/v0/ws")
                        .addHeader("Authorization", ALICE))));
        assertEquals(403, assertInstanceOf(UpgradeRejectedException.class, forbidden.getCause()).getStatus());
        var socket = await(sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI("/api/v0/ws").addHeader("Authorization", BOB)));
        await(socket.close());
    }

    @Test
    void corsIsOffByDefault() throws Exception {
        deploy(config());
        HttpResponse<Buffer> foreign = await(client.request(HttpMethod.POST, port, "127.0.0.1", "/api/v0/version")
                .putHeader("Origin", "https://evil.example").send());
        assertEquals(403, foreign.statusCode());
        assertNull(foreign.getHeader("Access-Control-Allow-Origin"));
    }

    @Test
    void aBodyLargerThanTheLimitGets413() throws Exception {
        deploy(config().put("maxRequestBodyBytes", 1000));
        byte[] large = new byte[5000];
        HttpResponse<Buffer> response = await(client.request(HttpMethod.POST, port, "127.0.0.1", "/api/v0/add")
                .putHeader("Content-Type", "multipart/form-data; boundary=" + ApiTestBase.BOUNDARY)
                .sendBuffer(ApiTestBase.singleFile(large)));
        assertEquals(413, response.statusCode());
        assertTrue(response.bodyAsJsonObject().getString("Message").contains("api.maxRequestBodyBytes"));
        HttpResponse<Buffer> small = await(client.request(HttpMethod.POST, port, "127.0.0.1", "/api/v0/version")
                .sendBuffer(Buffer.buffer("x")));
        assertEquals(200, small.statusCode());
    }

    @Test
    void aChunkedBodyGrowingPastTheLimitGets413(@org.junit.jupiter.api.io.TempDir java.nio.file.Path repo) throws Exception {
        await(vertx.deployVerticle(new io.strata.blockstore.verticle.BlockStoreVerticle(
                new io.strata.blockstore.verticle.BlockStoreConfig(repo.resolve("blocks"), false, true, 2),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), io.strata.ipld.DagLinks::links)));
        deploy(config().put("maxRequestBodyBytes", 1000));
        // small enough to be on the wire before the server answers, so the client reads the answer rather than
        // meeting a connection closed under a body it is still sending
        byte[] large = ApiTestBase.singleFile(new byte[5_000]).getBytes();
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/v0/add"))
                        .timeout(java.time.Duration.ofSeconds(30))
                        .header("Content-Type", "multipart/form-data; boundary=" + ApiTestBase.BOUNDARY)
                        // an InputStream of unknown length goes out chunked, without Content-Length
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(large)))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.body().contains("api.maxRequestBodyBytes"), response.body());

        byte[] small = ApiTestBase.singleFile(new byte[100]).getBytes();
        java.net.http.HttpResponse<String> accepted = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/v0/add"))
                        .header("Content-Type", "multipart/form-data; boundary=" + ApiTestBase.BOUNDARY)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(small)))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, accepted.statusCode(), accepted.body());
    }

    @Test
    void requestsPastTheConcurrencyLimitGet429WithRetryAfter() throws Exception {
        deploy(config().put("maxConcurrentRequests", 1).put("retryAfterSeconds", 7));
        try (Socket stuck = startStuckAdd()) {
            Thread.sleep(200);
            HttpResponse<Buffer> refused = post("/api/v0/version", null);
            assertEquals(429, refused.statusCode());
            assertEquals("7", refused.getHeader("Retry-After"));
            assertEquals(3, refused.bodyAsJsonObject().getInteger("Code"), refused.bodyAsString());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int status;
        do {
            Thread.sleep(50);
            status = post("/api/v0/version", null).statusCode();
        } while (status == 429 && System.nanoTime() < deadline);
        assertEquals(200, status, "the slot is released when the first request's connection closes");
    }

    @Test
    void aRequestNotAnsweredInTimeGets503() throws Exception {
        deploy(config().put("requestTimeoutSeconds", 1));
        try (Socket socket = startStuckAdd()) {
            socket.setSoTimeout(10_000);
            byte[] buffer = new byte[4096];
            int read = socket.getInputStream().read(buffer);
            String answer = new String(buffer, 0, Math.max(read, 0), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
            assertTrue(answer.contains("api.requestTimeoutSeconds"), answer);
        }
    }

    /**
     * An add that never finishes: it announces a body it does not send, and the block store it waits on (a
     * stand-in that never answers) keeps it waiting too.
     */
    private Socket startStuckAdd() throws Exception {
        vertx.eventBus().localConsumer(BlockStoreContract.GC_HOLD, message -> { });
        Socket socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/v0/add HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary="
                + ApiTestBase.BOUNDARY + "\r\nContent-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
