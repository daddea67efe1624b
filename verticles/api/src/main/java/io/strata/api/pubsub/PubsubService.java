package io.strata.api.pubsub;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publish/subscribe over the (clustered) event bus: one address per topic, {@code strata.pubsub.<base64url
 * of the topic bytes>}, so every node's subscribers receive what any node publishes. Messages travel as
 * JSON in the shape Kubo's {@code pubsub sub} prints: {@code from}, and multibase base64url {@code data},
 * {@code seqno} and {@code topicIDs}.
 */
public final class PubsubService {

    public static final String ADDRESS_PREFIX = "strata.pubsub.";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final Vertx vertx;
    private final String peerId;
    private final AtomicLong sequence = new AtomicLong(new SecureRandom().nextLong() & Long.MAX_VALUE);
    private final Map<String, AtomicInteger> localSubscriptions = new ConcurrentHashMap<>();

    public PubsubService(Vertx vertx, String peerId) {
        this.vertx = vertx;
        this.peerId = peerId;
    }

    public static String address(byte[] topic) {
        return ADDRESS_PREFIX + BASE64URL.encodeToString(topic);
    }

    /** The multibase (base64url, prefix {@code u}) form Kubo uses for topics and payloads over HTTP. */
    public static String multibase(byte[] bytes) {
        return "u" + BASE64URL.encodeToString(bytes);
    }

    public void publish(byte[] topic, byte[] data) {
        byte[] seqno = ByteBuffer.allocate(8).putLong(sequence.incrementAndGet()).array();
        JsonObject message = new JsonObject()
                .put("from", peerId)
                .put("data", multibase(data))
                .put("seqno", multibase(seqno))
                .put("topicIDs", new JsonArray().add(multibase(topic)));
        vertx.eventBus().publish(address(topic), message);
    }

    /** Subscribes until the returned consumer is unregistered; completes once the subscription is live. */
    public Future<MessageConsumer<JsonObject>> subscribe(byte[] topic, Handler<JsonObject> handler) {
        String key = new String(topic, StandardCharsets.ISO_8859_1);
        MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address(topic),
                message -> handler.handle(message.body()));
        localSubscriptions.computeIfAbsent(key, ignored -> new AtomicInteger()).incrementAndGet();
        return consumer.completion().map(consumer).onFailure(ignored -> release(key));
    }

    public Future<Void> unsubscribe(byte[] topic, MessageConsumer<JsonObject> consumer) {
        release(new String(topic, StandardCharsets.ISO_8859_1));
        return consumer.unregister();
    }

    /** Topics this node subscribes to, as raw bytes in ISO-8859-1 strings, sorted. */
    public Set<String> localTopics() {
        return new TreeSet<>(localSubscriptions.keySet());
    }

    private void release(String key) {
        localSubscriptions.computeIfPresent(key, (ignored, count) -> count.decrementAndGet() <= 0 ? null : count);
    }
}
