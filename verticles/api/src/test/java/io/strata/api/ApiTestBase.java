package io.strata.api;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts one node's API on a random port for a test class and talks to it over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiTestBase {

    static final String BOUNDARY = "strataTestBoundary0123456789";

    Vertx vertx;
    WebClient client;
    int port;

    @BeforeAll
    void deploy() throws Exception {
        vertx = Vertx.vertx();
        for (var other : extraVerticles()) {
            await(vertx.deployVerticle(other));
        }
        ApiVerticle verticle = new ApiVerticle();
        JsonObject config = new JsonObject().put("port", 0).put("peerId", "12D3KooWTestPeer")
                .put("publicKey", "CAESIKey").put("bodyBufferBytes", 65536);
        await(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)));
        port = verticle.actualPort();
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    }

    /** Verticles the API needs (the block store) deployed first; none by default. */
    List<io.vertx.core.Deployable> extraVerticles() {
        return List.of();
    }

    @AfterAll
    void close() throws Exception {
        await(vertx.close());
    }

    static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    HttpResponse<Buffer> post(String uri) throws Exception {
        return await(client.request(HttpMethod.POST, uri).send());
    }

    HttpResponse<Buffer> send(HttpMethod method, String uri) throws Exception {
        return await(client.request(method, uri).send());
    }

    /** POSTs a multipart/form-data body built from the given parts. */
    HttpResponse<Buffer> postMultipart(String uri, Buffer body) throws Exception {
        return await(client.request(HttpMethod.POST, uri)
                .putHeader("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .sendBuffer(body));
    }

    static Buffer filePart(Buffer body, String name, byte[] content) {
        return body.appendString("--" + BOUNDARY + "\r\n"
                        + "Content-Disposition: form-data; name=\"file\"; filename=\""
                        + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20") + "\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n")
                .appendBytes(content).appendString("\r\n");
    }

    static Buffer directoryPart(Buffer body, String name) {
        return body.appendString("--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\""
                + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8) + "\"\r\n"
                + "Content-Type: application/x-directory\r\n\r\n\r\n");
    }

    static Buffer closing(Buffer body) {
        return body.appendString("--" + BOUNDARY + "--\r\n");
    }

    static Buffer singleFile(byte[] content) {
        return closing(filePart(Buffer.buffer(), "file", content));
    }

    static List<JsonObject> ndjson(HttpResponse<Buffer> response) {
        List<JsonObject> values = new ArrayList<>();
        if (response.body() == null) {
            return values;
        }
        for (String line : response.bodyAsString().split("\n")) {
            if (!line.isBlank()) {
                values.add(new JsonObject(line));
            }
        }
        return values;
    }
}
