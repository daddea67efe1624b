package io.strata.pinning.verticle;

import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.multiformats.Cid;
import io.strata.pinning.ClusterPin;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Typed client of {@link PinningContract}; failures are {@link PinningClientException}s. */
public final class PinningClient {

    private final Vertx vertx;
    private final DeliveryOptions delivery;

    public PinningClient(Vertx vertx) {
        this(vertx, Duration.ofSeconds(30));
    }

    public PinningClient(Vertx vertx, Duration timeout) {
        this.vertx = vertx;
        this.delivery = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME).setLocalOnly(true)
                .setSendTimeout(timeout.toMillis());
    }

    public Future<ClusterPin> add(PinningContract.PinRequest request) {
        return request(PinningContract.ADD, request);
    }

    public Future<Void> remove(Cid cid) {
        return request(PinningContract.REMOVE, cid);
    }

    public Future<PinningContract.PinInfo> status(Cid cid) {
        return request(PinningContract.STATUS, cid);
    }

    /** Opens a walk over the whole cluster pin set; pull it batch by batch with {@link PinCursor#next}. */
    public Future<PinCursor> list() {
        return request(PinningContract.LIST, null);
    }

    /** The newest pins a page asks for, read through the pin set's creation-time index. */
    public Future<PinningContract.Page> page(PinningContract.PageRequest request) {
        return request(PinningContract.PAGE, request);
    }

    /** Which of {@code cids} the cluster pin set holds, in one round trip. */
    public Future<Set<Cid>> contains(List<Cid> cids) {
        return request(PinningContract.CONTAINS, List.copyOf(cids));
    }

    /** Runs a repair pass now if this node is the planner; answers how many pins changed. */
    public Future<Integer> repair() {
        return request(PinningContract.REPAIR, null);
    }

    private <T> Future<T> request(String address, Object body) {
        return vertx.eventBus().<T>request(address, body, delivery).map(Message::body).recover(failure -> {
            if (failure instanceof ReplyException reply) {
                PinningError error = switch (reply.failureType()) {
                    case RECIPIENT_FAILURE -> PinningError.byFailureCode(reply.failureCode())
                            .orElse(PinningError.FAILURE);
                    case NO_HANDLERS -> PinningError.NOT_CLUSTERED;
                    case TIMEOUT -> PinningError.UNAVAILABLE;
                    default -> PinningError.FAILURE;
                };
                return Future.failedFuture(new PinningClientException(error, reply.getMessage(), reply));
            }
            return Future.failedFuture(new PinningClientException(PinningError.FAILURE,
                    String.valueOf(failure.getMessage()), failure));
        });
    }
}
