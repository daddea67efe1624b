package io.strata.ipns.verticle;

/** A failed IPNS request as {@link IpnsClient} reports it. */
public final class IpnsClientException extends RuntimeException {

    private final IpnsError error;

    public IpnsClientException(IpnsError error, String message) {
        super(message);
        this.error = error;
    }

    public IpnsClientException(IpnsError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public IpnsError error() {
        return error;
    }
}
