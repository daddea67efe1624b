package io.strata.cluster;

import io.strata.blockstore.verticle.LocalObjectCodec;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Typed access to this node's membership verticle ({@link ClusterContract}). Requests fail with the
 * event bus' {@link io.vertx.core.eventbus.ReplyException} (NO_HANDLERS when no membership verticle runs).
 * Safe to share; cheap to create.
 */
public final class ClusterMembership {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final DeliveryOptions delivery;

    public ClusterMembership(Vertx vertx) {
        this(vertx, DEFAULT_TIMEOUT);
    }

    public ClusterMembership(Vertx vertx, Duration timeout) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        LocalObjectCodec.registerOn(vertx);
        this.delivery = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME).setLocalOnly(true)
                .setSendTimeout(timeout.toMillis());
    }

    /** The live members other than this node (empty outside a cluster). */
    public Future<List<PeerInfo>> peers() {
        return vertx.eventBus().<List<PeerInfo>>request(ClusterContract.PEERS, null, delivery).map(Message::body);
    }

    /** This node as the other members see it. */
    public Future<PeerInfo> self() {
        return vertx.eventBus().<PeerInfo>request(ClusterContract.SELF, null, delivery).map(Message::body);
    }

    /** Calls {@code handler} on the caller's context for every member that joins; unregister to stop. */
    public MessageConsumer<PeerInfo> onJoined(Handler<PeerInfo> handler) {
        return vertx.eventBus().<PeerInfo>localConsumer(ClusterContract.JOINED, message -> handler.handle(message.body()));
    }

    /** Calls {@code handler} for every member that leaves or crashes; unregister to stop. */
    public MessageConsumer<PeerInfo> onLeft(Handler<PeerInfo> handler) {
        return vertx.eventBus().<PeerInfo>localConsumer(ClusterContract.LEFT, message -> handler.handle(message.body()));
    }
}
