package io.strata.bitswap.verticle;

import java.util.Arrays;
import java.util.Optional;

/** Why a {@link BitswapContract} request failed; {@link #failureCode()} travels in {@code message.fail}. */
public enum BitswapError {
    /** No peer delivered the block before the retrieval timeout. */
    NOT_FOUND(404),
    /** The request body was not what the address expects. */
    INVALID_REQUEST(400),
    /** No Bitswap verticle on this node: it runs only in cluster mode (the client's own verdict). */
    NOT_RUNNING(501),
    /** Bitswap did not answer in time, or the local block store failed. */
    UNAVAILABLE(503);

    private final int failureCode;

    BitswapError(int failureCode) {
        this.failureCode = failureCode;
    }

    public int failureCode() {
        return failureCode;
    }

    public static Optional<BitswapError> byFailureCode(int code) {
        return Arrays.stream(values()).filter(error -> error.failureCode == code).findFirst();
    }
}
