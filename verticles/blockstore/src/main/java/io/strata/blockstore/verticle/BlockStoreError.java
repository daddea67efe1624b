package io.strata.blockstore.verticle;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a block store request failed. The verticle replies with {@code message.fail(error.failureCode(), text)};
 * {@link BlockStoreClient} turns the {@link io.vertx.core.eventbus.ReplyException} back into a
 * {@link BlockStoreClientException} carrying this value. The numbers are stable: callers on other nodes
 * or in other languages may rely on them.
 */
public enum BlockStoreError {
    /** The block (or the pinned root) is not in this node's store. */
    NOT_FOUND(1),
    /** The block is larger than the store accepts (the configured maximum block size). */
    BLOCK_TOO_LARGE(2),
    /** The bytes do not hash to the CID they were sent with. */
    HASH_MISMATCH(3),
    /** The block cannot be deleted because a pin protects it. */
    PINNED(4),
    /** The CID named in a pin removal or update is not pinned (in the requested mode). */
    NOT_PINNED(5),
    /** The request itself is malformed (wrong payload type, unsupported CID, bad argument). */
    INVALID_REQUEST(6),
    /** The store failed underneath (I/O error, corrupt data, store closed). */
    STORE_FAILURE(7),
    /** Nobody answered: the block store verticle is not deployed on this node, or the request timed out. */
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
}
