package io.strata.api.events;

import io.strata.api.pubsub.PubsubService;
import io.strata.deals.verticle.DealsContract;
import io.strata.ipns.IpnsException;
import io.strata.ipns.IpnsName;
import io.strata.ipns.verticle.IpnsClient;
import io.strata.ipns.verticle.IpnsContract;
import io.strata.ipns.verticle.IpnsContract.NameChanged;
import io.strata.multiformats.Cid;
import io.strata.multiformats.MultiformatException;
import io.strata.pinning.verticle.PinningContract;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The WebSocket at {@code /api/v0/ws}: live streams by subscription, one JSON object per text frame.
 *
 * <pre>
 * client: {"op":"subscribe","topic":"add"}            add progress and results of every add on this node
 * client: {"op":"subscribe","topic":"pubsub:NAME"}    messages of pubsub topic NAME (UTF-8), cluster-wide
 * client: {"op":"subscribe","topic":"ipns/NAME"}      changes of IPNS name NAME (value or sequence), checked when
 *                                                     its record's TTL passes and on every publish on this node
 * client: {"op":"subscribe","topic":"pins"}           every node's pin status changes, cluster-wide
 * client: {"op":"subscribe","topic":"pins/CID"}       the status changes of the cluster pin of CID
 * client: {"op":"subscribe","topic":"deals"}          every storage deal state change in the cluster
 * client: {"op":"subscribe","topic":"deals/PROPOSAL"} the state changes of the deal with proposal CID PROPOSAL
 * server: {"op":"subscribed","topic":T}
 * server: {"op":"event","topic":T,"data":{...}}       data: an add event (Name, Bytes / Hash, Size), a pubsub
 *                                                     message (from, data, seqno, topicIDs), a name change
 *                                                     (name, value, sequence, validity), a pin status change
 *                                                     (cid, peer, previous, status, error, attempts, time) or a
 *                                                     deal's record with the change (from, to, epoch; see
 *                                                     /api/v0/deals/status)
 * client: {"op":"unsubscribe","topic":T}  server: {"op":"unsubscribed","topic":T}
 * server: {"op":"error","message":M}                  a frame that could not be understood
 * </pre>
 */
public final class EventSocket {

    public static final String PATH = "/api/v0/ws";
    /** Where {@code add} publishes its progress and results (local to the node). */
    public static final String ADD_EVENTS_ADDRESS = "strata.api.events.add";
    private static final String PUBSUB_PREFIX = "pubsub:";
    private static final String IPNS_PREFIX = "ipns/";
    private static final String PINS = "pins";
    private static final String PINS_PREFIX = "pins/";
    private static final String DEALS_TOPIC = "deals";
    private static final String DEAL_PREFIX = "deals/";

    private final Vertx vertx;
    private final PubsubService pubsub;
    private final IpnsClient names;
    private final java.util.List<String> allowedOrigins;

    /** @param allowedOrigins browser origins allowed to connect ({@code *} for any), as for the RPC API */
    public EventSocket(Vertx vertx, PubsubService pubsub, IpnsClient names, java.util.List<String> allowedOrigins) {
        this.vertx = vertx;
        this.pubsub = pubsub;
        this.names = names;
        this.allowedOrigins = java.util.List.copyOf(allowedOrigins);
    }

    public void handle(ServerWebSocket socket) {
        if (!PATH.equals(socket.path())) {
            socket.close((short) 1008, "unknown WebSocket path " + socket.path());
            return;
        }
        String origin = socket.headers().get("Origin");
        if (!io.strata.api.rpc.CommandRouter.isAllowedOrigin(origin, socket.headers().get("Host"), allowedOrigins)) {
            socket.close((short) 1008, "origin " + origin + " is not allowed");
            return;
        }
        Map<String, Runnable> subscriptions = new HashMap<>();
        socket.textMessageHandler(text -> {
            JsonObject frame;
            try {
                frame = new JsonObject(text);
            } catch (DecodeException e) {
                send(socket, new JsonObject().put("op", "error").put("message", "frame is not a JSON object"));
                return;
            }
            String op = frame.getString("op", "");
            Object topicValue = frame.getValue("topic");
            if (!(topicValue instanceof String topic) || topic.isEmpty()) {
                send(socket, new JsonObject().put("op", "error").put("message", "frame has no topic"));
                return;
            }
            switch (op) {
                case "subscribe" -> subscribe(socket, subscriptions, topic);
                case "unsubscribe" -> {
                    Runnable cancel = subscriptions.remove(topic);
                    if (cancel != null) {
                        cancel.run();
                    }
                    send(socket, new JsonObject().put("op", "unsubscribed").put("topic", topic));
                }
                default -> send(socket, new JsonObject().put("op", "error").put("message", "unknown op '" + op + "'"));
            }
        });
        socket.closeHandler(ignored -> {
            subscriptions.values().forEach(Runnable::run);
            subscriptions.clear();
        });
    }

    private void subscribe(ServerWebSocket socket, Map<String, Runnable> subscriptions, String topic) {
        if (subscriptions.containsKey(topic)) {
            send(socket, new JsonObject().put("op", "subscribed").put("topic", topic));
            return;
        }
        if (topic.equals("add")) {
            MessageConsumer<JsonObject> consumer = vertx.eventBus().localConsumer(ADD_EVENTS_ADDRESS,
                    message -> send(socket, event(topic, message.body())));
            subscriptions.put(topic, consumer::unregister);
            confirm(socket, topic, consumer.completion());
        } else if (topic.startsWith(PUBSUB_PREFIX)) {
            byte[] name = topic.substring(PUBSUB_PREFIX.length()).getBytes(StandardCharsets.UTF_8);
            Future<MessageConsumer<JsonObject>> subscribed = pubsub.subscribe(name,
                    message -> send(socket, event(topic, message)));
            subscriptions.put(topic, () -> subscribed.onSuccess(consumer -> pubsub.unsubscribe(name, consumer)));
            confirm(socket, topic, subscribed.mapEmpty());
        } else if (topic.startsWith(IPNS_PREFIX)) {
            followName(socket, subscriptions, topic);
        } else if (topic.equals(PINS) || topic.startsWith(PINS_PREFIX)) {
            followPins(socket, subscriptions, topic);
        } else if (topic.equals(DEALS_TOPIC) || topic.startsWith(DEAL_PREFIX)) {
            String proposalCid = topic.equals(DEALS_TOPIC) ? null : topic.substring(DEAL_PREFIX.length());
            // Deal changes are published cluster-wide by the node that tracks the deal, so this is a
            // cluster-wide consumer: a local one would see only this node's deals.
            MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(DealsContract.EVENTS, message -> {
                if (proposalCid == null || proposalCid.equals(message.body().getString("proposalCid"))) {
                    send(socket, event(topic, message.body()));
                }
            });
            subscriptions.put(topic, consumer::unregister);
            confirm(socket, topic, consumer.completion());
        } else {
            send(socket, new JsonObject().put("op", "error").put("message", "unknown topic '" + topic
                    + "': use 'add', 'pubsub:<name>', 'ipns/<name>', 'pins', 'pins/<cid>', 'deals' or 'deals/<proposal CID>'"));
        }
    }

    /**
     * Pin status changes, which every node's pinning verticle publishes on the clustered event bus: a
     * cluster-wide consumer here sees the changes of every node, not only this one's.
     */
    private void followPins(ServerWebSocket socket, Map<String, Runnable> subscriptions, String topic) {
        String address;
        if (topic.equals(PINS)) {
            address = PinningContract.EVENTS;
        } else {
            try {
                address = PinningContract.eventsAddress(Cid.parse(topic.substring(PINS_PREFIX.length())));
            } catch (MultiformatException e) {
                send(socket, new JsonObject().put("op", "error").put("message", "cannot subscribe to " + topic
                        + ": not a CID: " + e.getMessage()));
                return;
            }
        }
        MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address,
                message -> send(socket, event(topic, message.body())));
        subscriptions.put(topic, consumer::unregister);
        confirm(socket, topic, consumer.completion());
    }

    private void followName(ServerWebSocket socket, Map<String, Runnable> subscriptions, String topic) {
        IpnsName name;
        try {
            name = IpnsName.parse(topic.substring(IPNS_PREFIX.length()));
        } catch (IpnsException e) {
            send(socket, new JsonObject().put("op", "error").put("message", "cannot subscribe to " + topic + ": " + e.getMessage()));
            return;
        }
        MessageConsumer<NameChanged> consumer = vertx.eventBus().localConsumer(IpnsContract.changesAddress(name),
                message -> send(socket, event(topic, changeEvent(message.body()))));
        Future<Void> following = consumer.completion().compose(listening -> names.follow(name));
        subscriptions.put(topic, () -> {
            consumer.unregister();
            following.onSuccess(followed -> names.unfollow(name));
        });
        following.onFailure(failure -> {
            consumer.unregister();
            subscriptions.remove(topic);
        });
        confirm(socket, topic, following);
    }

    private static JsonObject changeEvent(NameChanged change) {
        return new JsonObject().put("name", change.name().toString()).put("value", change.value())
                .put("sequence", change.sequence()).put("validity", change.validity());
    }

    private static void confirm(ServerWebSocket socket, String topic, Future<Void> live) {
        live.onComplete(result -> send(socket, result.succeeded()
                ? new JsonObject().put("op", "subscribed").put("topic", topic)
                : new JsonObject().put("op", "error").put("message", "cannot subscribe to " + topic + ": "
                        + result.cause().getMessage())));
    }

    private static JsonObject event(String topic, JsonObject data) {
        return new JsonObject().put("op", "event").put("topic", topic).put("data", data);
    }

    private static void send(ServerWebSocket socket, JsonObject frame) {
        if (!socket.isClosed()) {
            socket.writeTextMessage(frame.encode());
        }
    }
}
