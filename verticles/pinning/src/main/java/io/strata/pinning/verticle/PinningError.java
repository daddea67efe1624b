package io.strata.pinning.verticle;

import java.util.Arrays;
import java.util.Optional;

/** Failure codes of the pinning contract, carried as {@code message.fail(code, text)}. */
public enum PinningError {
    NOT_FOUND(1),
    INVALID_REQUEST(2),
    INSUFFICIENT_PEERS(3),
    UNAVAILABLE(4),
    FAILURE(5),
    /** No pinning verticle runs on this node: it is not clustered. */
    NOT_CLUSTERED(6);

    private final int failureCode;

    PinningError(int failureCode) {
        this.failureCode = failureCode;
    }

    public int failureCode() {
        return failureCode;
    }

    public static Optional<PinningError> byFailureCode(int code) {
        return Arrays.stream(values()).filter(error -> error.failureCode == code).findFirst();
    }
}
