package io.strata.dht;

/** A failed DHT request as a caller sees it; {@link #error()} is machine-readable. */
public final class DhtClientException extends RuntimeException {

    private final DhtError error;

    public DhtClientException(DhtError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public DhtError error() {
        return error;
    }
}
