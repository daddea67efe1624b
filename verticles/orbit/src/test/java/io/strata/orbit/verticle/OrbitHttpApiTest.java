package io.strata.orbit.verticle;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrbitHttpApiTest {

    private Vertx vertx;
    private HttpClient client;
    private int port;

    @TempDir
    Path directory;

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        await(vertx.deployVerticle(new OrbitVerticle(new OrbitConfig(directory, false, Duration.ofSeconds(5),
                Duration.ofSeconds(2), 1_000), BlockFetcher.NONE)));
        Router router = Router.router(vertx);
        OrbitHttpApi api = new OrbitHttpApi(vertx, Duration.ofSeconds(10));
        api.mount(router);
        HttpServer server = await(vertx.createHttpServer().requestHandler(router).webSocketHandler(api::handleWebSocket)
                .listen(0, "127.0.0.1"));
        port = server.actualPort();
        client = vertx.createHttpClient();
    }

    @AfterEach
    void stop() throws Exception {
        await(vertx.close());
    }

    private record Reply(int status, Object body) {
        JsonObject json() {
            return (JsonObject) body;
        }
    }

    private Reply call(HttpMethod method, String path, String body) throws Exception {
        // The body is asked for in the task that sent the request: chained from the test thread, that callback
        // can run after the response has ended, and the body never comes.
        return await(client.request(method, port, "127.0.0.1", path)
                .compose(request -> (body == null ? request.send() : request.send(Buffer.buffer(body)))
                        .compose(response -> response.body().map(bytes -> new Reply(response.statusCode(),
                                bytes.length() == 0 ? null : bytes.toJsonValue())))));
    }

    @Test
    void keyvalueOverHttpWithAWebSocketSubscription() throws Exception {
        Reply opened = call(HttpMethod.POST, "/api/v0/db", "{\"name\":\"http-kv\",\"type\":\"keyvalue\"}");
        assertEquals(200, opened.status());
        String address = opened.json().getString("address");
        String db = address.substring("/orbitdb/".length());

        LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        // The server greets at once, so the handler must be in place in the callback that completes the handshake.
        WebSocket socket = await(vertx.createWebSocketClient().connect(port, "127.0.0.1",
                "/api/v0/db/" + db + "/subscribe").map(connected -> {
                    connected.textMessageHandler(text -> frames.add(new JsonObject(text)));
                    return connected;
                }));
        assertEquals("subscribed", frames.poll(10, TimeUnit.SECONDS).getString("type"));

        assertEquals(200, call(HttpMethod.PUT, "/api/v0/db/" + db + "/keys/greeting", "{\"text\":\"hello\",\"n\":1}").status());
        JsonObject update = frames.poll(10, TimeUnit.SECONDS);
        assertEquals("update", update.getString("type"));
        assertEquals("PUT", update.getString("op"));
        assertEquals(new JsonObject().put("text", "hello").put("n", 1L), update.getJsonObject("current"));

        Reply got = call(HttpMethod.GET, "/api/v0/db/" + db + "/keys/greeting", null);
        assertEquals(true, got.json().getBoolean("found"));
        assertEquals("hello", got.json().getJsonObject("value").getString("text"));
        assertEquals(1, call(HttpMethod.GET, "/api/v0/db/" + db + "/all", null).json().getJsonArray("entries").size());
        assertEquals(200, call(HttpMethod.DELETE, "/api/v0/db/" + db + "/keys/greeting", null).status());
        assertEquals(false, call(HttpMethod.GET, "/api/v0/db/" + db + "/keys/greeting", null).json().getBoolean("found"));
        assertTrue(call(HttpMethod.GET, "/api/v0/db/" + db, null).json().getBoolean("synced"));

        assertEquals(404, call(HttpMethod.GET, "/api/v0/db/zdpuAmrcSRUhkQcnRQ6p4bphs7DJWGBkqczSGFYynX6moTcDL", null).status());
        assertEquals(400, call(HttpMethod.POST, "/api/v0/db/" + db + "/counter/increment", "{}").status(),
                "a keyvalue database has no counter");
        assertEquals(400, call(HttpMethod.PUT, "/api/v0/db/" + db + "/keys/x", "not json").status());
        socket.close();
    }

    @Test
    void counterEventsAndDocuments() throws Exception {
        String counter = call(HttpMethod.POST, "/api/v0/db", "{\"name\":\"c\",\"type\":\"counter\"}").json()
                .getString("address").substring(9);
        call(HttpMethod.POST, "/api/v0/db/" + counter + "/counter/increment", "{\"amount\":5}");
        call(HttpMethod.POST, "/api/v0/db/" + counter + "/counter/decrement", "{\"amount\":2}");
        assertEquals(3L, call(HttpMethod.GET, "/api/v0/db/" + counter + "/counter", null).json().getLong("value"));

        String events = call(HttpMethod.POST, "/api/v0/db", "{\"name\":\"e\",\"type\":\"events\"}").json()
                .getString("address").substring(9);
        for (int i = 0; i < 5; i++) {
            call(HttpMethod.POST, "/api/v0/db/" + events + "/events", String.valueOf(i));
        }
        JsonArray newest = call(HttpMethod.GET, "/api/v0/db/" + events + "/events?limit=2", null).json()
                .getJsonArray("entries");
        assertEquals(4L, newest.getJsonObject(0).getLong("value"));
        assertEquals(3L, newest.getJsonObject(1).getLong("value"));
        assertEquals(2, newest.size());

        String docs = call(HttpMethod.POST, "/api/v0/db",
                "{\"name\":\"d\",\"type\":\"documents\",\"indexedFields\":[\"age\"]}").json()
                .getString("address").substring(9);
        call(HttpMethod.POST, "/api/v0/db/" + docs + "/documents", "{\"_id\":\"1\",\"tag\":\"x\",\"age\":17}");
        call(HttpMethod.POST, "/api/v0/db/" + docs + "/documents", "{\"_id\":\"2\",\"tag\":\"y\",\"age\":30}");
        call(HttpMethod.POST, "/api/v0/db/" + docs + "/documents", "{\"_id\":\"3\",\"tag\":\"y\",\"age\":70}");
        JsonArray adults = call(HttpMethod.POST, "/api/v0/db/" + docs + "/query",
                "{\"where\":{\"age\":{\"gte\":18,\"lt\":65}}}").json().getJsonArray("entries");
        assertEquals(List.of("2"), adults.stream().map(doc -> ((JsonObject) doc).getString("key")).toList());
        assertEquals(400, call(HttpMethod.POST, "/api/v0/db/" + docs + "/query",
                "{\"where\":{\"age\":{\"over\":18}}}").status());
        JsonArray found = call(HttpMethod.POST, "/api/v0/db/" + docs + "/query",
                "{\"where\":{\"tag\":\"y\",\"age\":70}}").json().getJsonArray("entries");
        assertEquals(1, found.size());
        assertEquals("3", found.getJsonObject(0).getString("key"));
        assertEquals(400, call(HttpMethod.POST, "/api/v0/db/" + docs + "/documents", "{\"name\":\"no id\"}").status());
        assertEquals(404, call(HttpMethod.DELETE, "/api/v0/db/" + docs + "/documents/nope", null).status());
        assertEquals(3, call(HttpMethod.GET, "/api/v0/db", null).json().getJsonArray("databases").size());
    }
}
