package io.strata.dht;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a DHT request failed. The verticle replies with {@code message.fail(error.failureCode(), text)};
 * {@link DhtClient} turns it back into a {@link DhtClientException}. The numbers are stable.
 */
public enum DhtError {
    /** The lookup finished without finding the peer or a valid record. */
    NOT_FOUND(1),
    /** The request is malformed: wrong payload, a key without a known namespace, a malformed message. */
    INVALID_REQUEST(2),
    /** The namespace's validator refused the record. */
    INVALID_RECORD(3),
    /** No DHT on this node (single-node mode), or it did not answer in time. */
    UNAVAILABLE(4),
    /** An unexpected failure inside the DHT. */
    INTERNAL(5);

    private final int failureCode;

    DhtError(int failureCode) {
        this.failureCode = failureCode;
    }

    public int failureCode() {
        return failureCode;
    }

    public static Optional<DhtError> byFailureCode(int failureCode) {
        return Arrays.stream(values()).filter(error -> error.failureCode == failureCode).findFirst();
    }
}
