package io.strata.dht;

import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.cluster.PeerInfo;
import io.strata.dht.DhtContract.FindProvidersRequest;
import io.strata.dht.DhtContract.PutValueRequest;
import io.strata.multiformats.Cid;
import io.strata.multiformats.PeerId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Typed access to this node's DHT ({@link DhtContract}). Every method returns a Future that fails with
 * {@link DhtClientException}; its {@link DhtError} says why (UNAVAILABLE when no DHT runs on this node).
 * Safe to share; cheap to create.
 */
public final class DhtClient {

    /** Lookups cross several nodes with a per-RPC timeout each, so the default reply timeout is generous. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Vertx vertx;
    private final DeliveryOptions delivery;

    public DhtClient(Vertx vertx) {
        this(vertx, DEFAULT_TIMEOUT);
    }

    public DhtClient(Vertx vertx, Duration timeout) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        LocalObjectCodec.registerOn(vertx);
        this.delivery = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME).setSendTimeout(timeout.toMillis());
    }

    /** Announces that this node provides {@code cid}, and keeps reproviding it. */
    public Future<Void> provide(Cid cid) {
        return request(DhtContract.PROVIDE, Objects.requireNonNull(cid, "cid"));
    }

    /** Up to {@code count} other peers that provide {@code cid}; empty when none is known. */
    public Future<List<PeerInfo>> findProviders(Cid cid, int count) {
        return request(DhtContract.FIND_PROVIDERS, new FindProvidersRequest(cid, count));
    }

    /** The addresses of a peer. Fails with NOT_FOUND. */
    public Future<PeerInfo> findPeer(PeerId peer) {
        return request(DhtContract.FIND_PEER, Objects.requireNonNull(peer, "peer"));
    }

    /** The best valid record stored under {@code key}. Fails with NOT_FOUND or INVALID_REQUEST. */
    public Future<byte[]> getValue(byte[] key) {
        return request(DhtContract.GET_VALUE, key.clone());
    }

    /** Stores a record on the closest peers; answers how many stored it. Fails with INVALID_RECORD. */
    public Future<Integer> putValue(byte[] key, byte[] record) {
        return request(DhtContract.PUT_VALUE, new PutValueRequest(key, record));
    }

    public Future<DhtStat> stat() {
        return request(DhtContract.STAT, null);
    }

    private <T> Future<T> request(String address, Object body) {
        return vertx.eventBus().<T>request(address, body, delivery)
                .map(Message::body)
                .recover(failure -> Future.failedFuture(toClientException(address, failure)));
    }

    static DhtClientException toClientException(String address, Throwable failure) {
        if (failure instanceof ReplyException reply) {
            return switch (reply.failureType()) {
                case RECIPIENT_FAILURE -> new DhtClientException(
                        DhtError.byFailureCode(reply.failureCode()).orElse(DhtError.INTERNAL), reply.getMessage(), reply);
                case NO_HANDLERS -> new DhtClientException(DhtError.UNAVAILABLE,
                        "no DHT on this node (nothing listens on " + address + "): it runs without a cluster", reply);
                case TIMEOUT -> new DhtClientException(DhtError.UNAVAILABLE,
                        "the DHT did not answer " + address + " in time", reply);
                default -> new DhtClientException(DhtError.INTERNAL, reply.getMessage(), reply);
            };
        }
        return new DhtClientException(DhtError.INTERNAL, String.valueOf(failure.getMessage()), failure);
    }
}
