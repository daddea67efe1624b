package io.strata.api;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PubsubTest extends ApiTestBase {

    private static String multibase(String text) {
        return "u" + Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void subscriberReceivesPublishedMessageInKuboShape() throws Exception {
        String topic = multibase("strata-test");
        HttpClient http = vertx.createHttpClient();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpClientResponse response = await(http.request(new RequestOptions().setMethod(HttpMethod.POST)
                        .setHost("127.0.0.1").setPort(port).setURI("/api/v0/pubsub/sub?arg=" + topic))
                .compose(request -> request.send()));
        assertEquals("1", response.getHeader("X-Chunked-Output"));
        response.handler(chunk -> {
            for (String line : chunk.toString().split("\n")) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        });

        JsonArray topics = post("/api/v0/pubsub/ls").bodyAsJsonObject().getJsonArray("Strings");
        assertTrue(topics.contains(topic), topics.encode());
        HttpResponse<Buffer> published = postMultipart("/api/v0/pubsub/pub?arg=" + topic,
                singleFile("hello pubsub".getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, published.statusCode());

        String line = lines.poll(10, TimeUnit.SECONDS);
        assertNotNull(line, "no message arrived");
        JsonObject message = new JsonObject(line);
        assertEquals("12D3KooWTestPeer", message.getString("from"));
        assertEquals(multibase("hello pubsub"), message.getString("data"));
        assertEquals(new JsonArray().add(topic), message.getJsonArray("topicIDs"));
        assertTrue(message.getString("seqno").startsWith("u"));
        await(http.shutdown(1, TimeUnit.SECONDS));
    }

    @Test
    void peersListsOtherNodesSubscribedToTheTopic() throws Exception {
        io.strata.api.pubsub.PubsubService otherNode = new io.strata.api.pubsub.PubsubService(vertx, "12D3KooWOtherPeer");
        await(otherNode.start());
        byte[] topic = "shared-topic".getBytes(StandardCharsets.UTF_8);
        var subscription = await(otherNode.subscribe(topic, message -> { }));

        JsonArray peers = new JsonArray();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (peers.isEmpty() && System.nanoTime() < deadline) {
            peers = post("/api/v0/pubsub/peers?arg=" + multibase("shared-topic")).bodyAsJsonObject().getJsonArray("Strings");
        }
        assertEquals(new JsonArray().add("12D3KooWOtherPeer"), peers);
        assertEquals(new JsonArray(), post("/api/v0/pubsub/peers?arg=" + multibase("other-topic")).bodyAsJsonObject()
                .getJsonArray("Strings"));

        await(otherNode.unsubscribe(topic, subscription));
        await(otherNode.stop());
    }

    @Test
    void topicMustBeBase64urlMultibase() throws Exception {
        HttpResponse<Buffer> response = postMultipart("/api/v0/pubsub/pub?arg=plain-topic",
                singleFile("x".getBytes(StandardCharsets.UTF_8)));

        assertEquals(500, response.statusCode());
        assertTrue(response.bodyAsJsonObject().getString("Message").startsWith("URL arg must be"));
        assertEquals(400, post("/api/v0/pubsub/pub?arg=" + multibase("t")).statusCode());
    }

    @Test
    void webSocketFromAForeignOriginIsClosed() throws Exception {
        WebSocketClient sockets = vertx.createWebSocketClient();
        Future<Short> closeStatus = sockets.connect(new io.vertx.core.http.WebSocketConnectOptions().setPort(port)
                        .setHost("127.0.0.1").setURI("/api/v0/ws").addHeader("Origin", "https://evil.example"))
                .compose(socket -> {
                    if (socket.isClosed()) {
                        return Future.succeededFuture(socket.closeStatusCode());
                    }
                    Promise<Short> closed = Promise.promise();
                    socket.closeHandler(ignored -> closed.tryComplete(socket.closeStatusCode()));
                    return closed.future();
                });

        assertEquals((short) 1008, await(closeStatus));
        await(sockets.close());
    }

    @Test
    void webSocketDeliversPubsubMessages() throws Exception {
        WebSocketClient sockets = vertx.createWebSocketClient();
        WebSocket socket = await(sockets.connect(port, "127.0.0.1", "/api/v0/ws"));
        LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        socket.textMessageHandler(text -> frames.add(new JsonObject(text)));

        socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("topic", "pubsub:ws-topic").encode());
        JsonObject confirmation = frames.poll(10, TimeUnit.SECONDS);
        assertEquals(new JsonObject().put("op", "subscribed").put("topic", "pubsub:ws-topic"), confirmation);

        postMultipart("/api/v0/pubsub/pub?arg=" + multibase("ws-topic"), singleFile("via ws".getBytes(StandardCharsets.UTF_8)));
        JsonObject event = frames.poll(10, TimeUnit.SECONDS);
        assertNotNull(event);
        assertEquals("event", event.getString("op"));
        assertEquals(multibase("via ws"), event.getJsonObject("data").getString("data"));

        socket.writeTextMessage("not json");
        assertEquals("error", frames.poll(10, TimeUnit.SECONDS).getString("op"));
        await(socket.close());
        await(sockets.close());
    }
}
