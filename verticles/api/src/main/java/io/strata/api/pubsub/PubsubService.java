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
 * {@code seqno} and {@code topicIDs}. Every node announces its subscribed topics on
 * {@value #PRESENCE_ADDRESS} when they change and every {@value #ANNOUNCE_MILLIS} ms, so
 * {@link #peers} knows which other nodes listen to a topic (an announcement lives three periods).
 */
public final class PubsubService {

    public static final String ADDRESS_PREFIX = "strata.pubsub.";
    /** Where every node announces the topics it subscribes to, so others can answer {@code pubsub peers}. */
    public static final String PRESENCE_ADDRESS = "strata.pubsub.presence";
    static final long ANNOUNCE_MILLIS = 5_000;
    static final long PRESENCE_TTL_NANOS = 3 * ANNOUNCE_MILLIS * 1_000_000L;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final Vertx vertx;
    private final String peerId;
    private final AtomicLong sequence = new AtomicLong(new SecureRandom().nextLong() & Long.MAX_VALUE);
    private final Map<String, AtomicInteger> localSubscriptions = new ConcurrentHashMap<>();
    /** topic (ISO-8859-1 string of its bytes) -> peer -> System.nanoTime() when its announcement expires */
    private final Map<String, Map<String, Long>> remotePeers = new ConcurrentHashMap<>();
    private MessageConsumer<JsonObject> presenceConsumer;
    private long announceTimer = -1;

    public PubsubService(Vertx vertx, String peerId) {
        this.vertx = vertx;
        this.peerId = peerId;
    }

    /** Starts listening to and sending presence announcements; completes once the listener is registered. */
    public Future<Void> start() {
        presenceConsumer = vertx.eventBus().consumer(PRESENCE_ADDRESS, message -> onPresence(message.body()));
        announceTimer = vertx.setPeriodic(ANNOUNCE_MILLIS, ignored -> announce());
        return presenceConsumer.completion();
    }

    public Future<Void> stop() {
        if (announceTimer >= 0) {
            vertx.cancelTimer(announceTimer);
        }
        return presenceConsumer != null ? presenceConsumer.unregister() : Future.succeededFuture();
    }

    /** Other nodes subscribed to {@code topic}, as far as their last announcements tell. */
    public Set<String> peers(byte[] topic) {
        long now = System.nanoTime();
        Map<String, Long> peers = remotePeers.getOrDefault(new String(topic, StandardCharsets.ISO_8859_1), Map.of());
        Set<String> live = new TreeSet<>();
        peers.forEach((peer, expiry) -> {
            if (expiry - now > 0) {
                live.add(peer);
            }
        });
        return live;
    }

    private void announce() {
        JsonArray topics = new JsonArray();
        localSubscriptions.keySet().forEach(topic -> topics.add(multibase(topic.getBytes(StandardCharsets.ISO_8859_1))));
        vertx.eventBus().publish(PRESENCE_ADDRESS, new JsonObject().put("peer", peerId).put("topics", topics));
    }

    private void onPresence(JsonObject announcement) {
        String peer = announcement.getString("peer", "");
        if (peer.isEmpty() || peer.equals(peerId)) {
            return;
        }
        long expiry = System.nanoTime() + PRESENCE_TTL_NANOS;
        Set<String> announced = new java.util.HashSet<>();
        for (Object topic : announcement.getJsonArray("topics", new JsonArray())) {
            String key = new String(Base64.getUrlDecoder().decode(String.valueOf(topic).substring(1)),
                    StandardCharsets.ISO_8859_1);
            announced.add(key);
            remotePeers.computeIfAbsent(key, ignored -> new ConcurrentHashMap<>()).put(peer, expiry);
        }
        remotePeers.forEach((topic, peers) -> {
            if (!announced.contains(topic)) {
                peers.remove(peer);
            }
        });
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
        return consumer.completion().map(consumer)
                .onSuccess(ignored -> announce())
                .onFailure(ignored -> release(key));
    }

    public Future<Void> unsubscribe(byte[] topic, MessageConsumer<JsonObject> consumer) {
        release(new String(topic, StandardCharsets.ISO_8859_1));
        announce();
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
