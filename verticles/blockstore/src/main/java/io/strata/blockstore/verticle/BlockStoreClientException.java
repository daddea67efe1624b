package io.strata.blockstore.verticle;

/** A failed block store request as a caller sees it; {@link #error()} is machine-readable. */
public final class BlockStoreClientException extends RuntimeException {

    private final BlockStoreError error;

    public BlockStoreClientException(BlockStoreError error, String message) {
        super(message);
        this.error = error;
    }

    public BlockStoreClientException(BlockStoreError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public BlockStoreError error() {
        return error;
    }
}
