package io.strata.blockstore.verticle;

import io.strata.blockstore.verticle.BlockStoreContract.GcRequest;
import io.strata.blockstore.verticle.BlockStoreContract.KeysRequest;
import io.strata.blockstore.verticle.BlockStoreContract.PinListRequest;
import io.strata.blockstore.verticle.BlockStoreContract.PinRequest;
import io.strata.blockstore.verticle.BlockStoreContract.PinUpdateRequest;
import io.strata.blockstore.BadBlock;
import io.strata.blockstore.KeyPage;
import io.strata.blockstore.PinStatus;
import io.strata.blockstore.PinType;
import io.strata.blockstore.PinVerification;
import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Typed access to this node's block store over the event bus ({@link BlockStoreContract}). Every method
 * returns a Future that fails with {@link BlockStoreClientException}; its {@link BlockStoreError} says why.
 * Safe to share between verticles; cheap to create.
 */
public final class BlockStoreClient {

    /** Default reply timeout for block operations. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Reply timeout for whole-store operations (gc, gc holds, verify, pin ls/verify, recursive pin add). */
    public static final Duration DEFAULT_LONG_TIMEOUT = Duration.ofHours(2);

    private final Vertx vertx;
    private final DeliveryOptions shortDelivery;
    private final DeliveryOptions longDelivery;

    public BlockStoreClient(Vertx vertx) {
        this(vertx, DEFAULT_TIMEOUT, DEFAULT_LONG_TIMEOUT);
    }

    public BlockStoreClient(Vertx vertx, Duration timeout, Duration longTimeout) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        LocalObjectCodec.registerOn(vertx);
        this.shortDelivery = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME).setLocalOnly(true)
                .setSendTimeout(timeout.toMillis());
        this.longDelivery = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME).setLocalOnly(true)
                .setSendTimeout(longTimeout.toMillis());
    }

    /** Stores a block; idempotent. Fails with BLOCK_TOO_LARGE. The bytes are not rehashed: producers made the CID. */
    public Future<Void> put(Block block) {
        return request(BlockStoreContract.PUT, Objects.requireNonNull(block, "block"), shortDelivery);
    }

    /** Stores blocks in one atomic batch. Fails with BLOCK_TOO_LARGE, storing none. */
    public Future<Void> putAll(List<Block> blocks) {
        return request(BlockStoreContract.PUT_ALL, List.copyOf(blocks), shortDelivery);
    }

    /** The block's bytes. Fails with NOT_FOUND. The array is shared: do not modify it. */
    public Future<byte[]> get(Cid cid) {
        return request(BlockStoreContract.GET, Objects.requireNonNull(cid, "cid"), shortDelivery);
    }

    public Future<Boolean> has(Cid cid) {
        return request(BlockStoreContract.HAS, Objects.requireNonNull(cid, "cid"), shortDelivery);
    }

    /** The block's size in bytes. Fails with NOT_FOUND. */
    public Future<Integer> size(Cid cid) {
        return request(BlockStoreContract.SIZE, Objects.requireNonNull(cid, "cid"), shortDelivery);
    }

    /** Removes a block. Fails with NOT_FOUND, or PINNED when a pin protects it. */
    public Future<Void> delete(Cid cid) {
        return request(BlockStoreContract.DELETE, Objects.requireNonNull(cid, "cid"), shortDelivery);
    }

    /**
     * Up to {@code limit} (1 to {@link BlockStoreContract#MAX_KEYS_PAGE}) stored CIDs whose multihash sorts
     * after {@code after}'s, null for the first page. Pass the page's last CID to read the next one while
     * {@link KeyPage#more()}; every block stored throughout such a walk is listed once.
     *
     * @throws IllegalArgumentException for a limit out of range
     */
    public Future<KeyPage> keys(Cid after, int limit) {
        return request(BlockStoreContract.KEYS, new KeysRequest(after, limit), shortDelivery);
    }

    public Future<RepoStat> stat() {
        return request(BlockStoreContract.STAT, null, shortDelivery);
    }

    /**
     * Pins {@code cid} recursively (the whole DAG, which must be in the store) or directly, under
     * {@code name} ("" for none). Fails with NOT_FOUND when a block of the DAG is missing, PIN_CONFLICT for a
     * direct pin on a recursively pinned CID.
     */
    public Future<Void> pinAdd(Cid cid, boolean recursive, String name) {
        return request(BlockStoreContract.PIN_ADD, new PinRequest(cid, recursive, name, false), longDelivery);
    }

    /**
     * Pins recursively a DAG this caller has just written in full, each put answered, while holding a GC hold
     * ({@link #holdGc()}): as Kubo's adder, it does not read the DAG back to prove it complete, which for a
     * 1 GiB file is 1 GiB of reads. Fails with NOT_FOUND only when the root itself is missing.
     */
    public Future<Void> pinWritten(Cid root, String name) {
        return request(BlockStoreContract.PIN_ADD, new PinRequest(root, true, name, true), longDelivery);
    }

    /** Removes a direct pin, or a recursive one when {@code recursive}. Fails with NOT_PINNED or PIN_CONFLICT. */
    public Future<Void> pinRm(Cid cid, boolean recursive) {
        return request(BlockStoreContract.PIN_RM, new PinRequest(cid, recursive, "", false), shortDelivery);
    }

    /** The pins of the given types; INDIRECT walks every recursive pin's DAG. */
    public Future<List<PinStatus>> pinLs(Set<PinType> types) {
        return request(BlockStoreContract.PIN_LS, new PinListRequest(types), longDelivery);
    }

    /** How {@code cid} is pinned, if at all (INDIRECT, with the recursive pin that reaches it, may walk DAGs). */
    public Future<Optional<PinStatus>> isPinned(Cid cid) {
        return request(BlockStoreContract.PIN_IS_PINNED, Objects.requireNonNull(cid, "cid"), longDelivery);
    }

    /**
     * Kubo's {@code pin update}: moves the recursive pin on {@code from} to {@code to} (whose DAG must be in
     * the store), keeping {@code from} pinned unless {@code unpin}. Fails with NOT_PINNED or NOT_FOUND.
     */
    public Future<Void> pinUpdate(Cid from, Cid to, boolean unpin) {
        return request(BlockStoreContract.PIN_UPDATE, new PinUpdateRequest(from, to, unpin), longDelivery);
    }

    /** Checks every recursive pin's DAG for missing, corrupt or undecodable blocks. */
    public Future<List<PinVerification>> pinVerify() {
        return request(BlockStoreContract.PIN_VERIFY, null, longDelivery);
    }

    /**
     * Deletes every block that no pin and none of {@code extraRoots} reaches. Waits for every {@link GcHold}
     * to be released first.
     */
    public Future<CollectedGarbage> gc(Collection<Cid> extraRoots) {
        return request(BlockStoreContract.GC, new GcRequest(List.copyOf(extraRoots)), longDelivery);
    }

    /**
     * Holds off garbage collection until the returned hold is released; take it before putting the blocks of
     * an add and release it once they are pinned. Waits while a collection runs.
     */
    public Future<GcHold> holdGc() {
        return this.<Long>request(BlockStoreContract.GC_HOLD, null, longDelivery).map(id -> new GcHold(this, id));
    }

    Future<Void> releaseGcHold(GcHold hold) {
        return request(BlockStoreContract.GC_RELEASE, hold.id(), shortDelivery);
    }

    /** Re-hashes every block (Kubo's {@code repo verify}); answers the blocks that fail. */
    public Future<List<BadBlock>> verify() {
        return request(BlockStoreContract.VERIFY, null, longDelivery);
    }

    private <T> Future<T> request(String address, Object body, DeliveryOptions delivery) {
        return vertx.eventBus().<T>request(address, body, delivery)
                .map(Message::body)
                .recover(failure -> Future.failedFuture(toClientException(address, failure)));
    }

    static BlockStoreClientException toClientException(String address, Throwable failure) {
        if (failure instanceof ReplyException reply) {
            return switch (reply.failureType()) {
                case RECIPIENT_FAILURE -> new BlockStoreClientException(
                        BlockStoreError.byFailureCode(reply.failureCode()).orElse(BlockStoreError.STORE_FAILURE),
                        reply.getMessage(), reply);
                case NO_HANDLERS -> new BlockStoreClientException(BlockStoreError.UNAVAILABLE,
                        "no block store on this node (nothing listens on " + address + ")", reply);
                case TIMEOUT -> new BlockStoreClientException(BlockStoreError.UNAVAILABLE,
                        "the block store did not answer " + address + " in time", reply);
                default -> new BlockStoreClientException(BlockStoreError.STORE_FAILURE, reply.getMessage(), reply);
            };
        }
        return new BlockStoreClientException(BlockStoreError.STORE_FAILURE, String.valueOf(failure.getMessage()), failure);
    }
}
