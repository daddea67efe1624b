package io.strata.blockstore.verticle;

import io.strata.blockstore.BlockStoreException;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a block store request failed. The verticle replies with {@code message.fail(error.failureCode(), text)};
 * {@link BlockStoreClient} turns the {@link io.vertx.core.eventbus.ReplyException} back into a
 * {@link BlockStoreClientException} carrying this value. The numbers are stable: callers may rely on them.
 */
public enum BlockStoreError {
    /** The block (or a block of the DAG to pin) is not in this node's store. */
    NOT_FOUND(1),
    /** The block is larger than {@link io.strata.blockstore.BlockStore#MAX_BLOCK_SIZE}. */
    BLOCK_TOO_LARGE(2),
    /** The block cannot be deleted because a pin protects it. */
    PINNED(3),
    /** The CID named in a pin removal or update is not pinned (in that mode). */
    NOT_PINNED(4),
    /** The pin request contradicts an existing pin (a direct pin on a recursive one, rm of a recursive pin without recursive). */
    PIN_CONFLICT(5),
    /** The request itself is malformed (wrong payload type, bad argument). */
    INVALID_REQUEST(6),
    /** The store failed underneath (I/O error, corrupt data, store closed). */
    STORE_FAILURE(7),
    /** Nobody answered: no block store verticle is deployed on this node, or the reply timed out. */
    UNAVAILABLE(8);

    private final int failureCode;

    BlockStoreError(int failureCode) {
        this.failureCode = failureCode;
    }

    /** The {@link io.vertx.core.eventbus.ReplyException#failureCode()} this error travels as. */
    public int failureCode() {
        return failureCode;
    }

    public static Optional<BlockStoreError> byFailureCode(int failureCode) {
        return Arrays.stream(values()).filter(error -> error.failureCode == failureCode).findFirst();
    }

    /** The error a store failure is reported as. */
    public static BlockStoreError of(BlockStoreException.Code code) {
        return switch (code) {
            case NOT_FOUND -> NOT_FOUND;
            case BLOCK_TOO_LARGE -> BLOCK_TOO_LARGE;
            case NOT_PINNED -> NOT_PINNED;
            case PIN_CONFLICT -> PIN_CONFLICT;
            case REPO_LOCKED, REPO_INCOMPATIBLE, CLOSED, IO, CORRUPT -> STORE_FAILURE;
        };
    }
}
