package io.strata.pinning.verticle;

/** A failed pinning request as the typed client reports it. */
public final class PinningClientException extends RuntimeException {

    private final PinningError error;

    public PinningClientException(PinningError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public PinningError error() {
        return error;
    }
}
