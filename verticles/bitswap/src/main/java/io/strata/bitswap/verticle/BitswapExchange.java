package io.strata.bitswap.verticle;

import io.strata.bitswap.verticle.BitswapContract.BitswapStat;
import io.strata.bitswap.verticle.BitswapContract.LedgerReceipt;
import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.multiformats.Cid;
import io.strata.multiformats.PeerId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Typed access to this node's Bitswap verticle ({@link BitswapContract}). Every Future fails with
 * {@link BitswapExchangeException}. Cheap to create; safe to share.
 */
public final class BitswapExchange {

    /**
     * Reply timeout of {@link #fetch}; the verticle fails a fetch NOT_FOUND after its own retrieval timeout,
     * so this only guards against a verticle that stopped answering.
     */
    public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final DeliveryOptions fetchDelivery;
    private final DeliveryOptions delivery;

    public BitswapExchange(Vertx vertx) {
        this(vertx, DEFAULT_FETCH_TIMEOUT, DEFAULT_TIMEOUT);
    }

    public BitswapExchange(Vertx vertx, Duration fetchTimeout, Duration timeout) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        LocalObjectCodec.registerOn(vertx);
        this.fetchDelivery = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME).setSendTimeout(fetchTimeout.toMillis());
        this.delivery = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME).setSendTimeout(timeout.toMillis());
    }

    /**
     * The block's bytes, from the local store or fetched from other nodes, verified against the CID and stored
     * locally before the Future completes. Fails NOT_FOUND when no peer delivers it within the retrieval
     * timeout, NOT_RUNNING when no Bitswap verticle runs here (single-node mode). Do not modify the array.
     */
    public Future<byte[]> fetch(Cid cid) {
        return request(BitswapContract.FETCH, Objects.requireNonNull(cid, "cid"), fetchDelivery);
    }

    /**
     * Prefetch hint: starts fetching those of {@code cids} not stored locally, keeping many blocks in flight,
     * so the later {@link #fetch} calls find them stored or on their way. Completes at once.
     */
    public Future<Void> want(Collection<Cid> cids) {
        return request(BitswapContract.WANT, List.copyOf(cids), delivery);
    }

    public Future<BitswapStat> stat() {
        return request(BitswapContract.STAT, null, delivery);
    }

    /** This node's wants when {@code peer} is null, else what {@code peer} asked this node for. */
    public Future<List<Cid>> wantlist(PeerId peer) {
        return request(BitswapContract.WANTLIST, peer, delivery);
    }

    public Future<LedgerReceipt> ledger(PeerId peer) {
        return request(BitswapContract.LEDGER, Objects.requireNonNull(peer, "peer"), delivery);
    }

    private <T> Future<T> request(String address, Object body, DeliveryOptions options) {
        return vertx.eventBus().<T>request(address, body, options)
                .map(Message::body)
                .recover(failure -> Future.failedFuture(toExchangeException(address, failure)));
    }

    static BitswapExchangeException toExchangeException(String address, Throwable failure) {
        if (failure instanceof ReplyException reply) {
            return switch (reply.failureType()) {
                case RECIPIENT_FAILURE -> new BitswapExchangeException(
                        BitswapError.byFailureCode(reply.failureCode()).orElse(BitswapError.UNAVAILABLE),
                        reply.getMessage(), reply);
                case NO_HANDLERS -> new BitswapExchangeException(BitswapError.NOT_RUNNING,
                        "no Bitswap on this node (nothing listens on " + address + "); is it running in cluster mode?", reply);
                case TIMEOUT -> new BitswapExchangeException(BitswapError.UNAVAILABLE,
                        "Bitswap did not answer " + address + " in time", reply);
                default -> new BitswapExchangeException(BitswapError.UNAVAILABLE, reply.getMessage(), reply);
            };
        }
        return new BitswapExchangeException(BitswapError.UNAVAILABLE, String.valueOf(failure.getMessage()), failure);
    }
}
