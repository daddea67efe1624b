package io.strata.gateway;

/**
 * A request the gateway answers with an error status and a plain-text message. Thrown while parsing and
 * resolving; {@link GatewayErrors} turns it (and every other failure) into a response.
 */
public final class GatewayException extends RuntimeException {

    private final int status;

    public GatewayException(int status, String message) {
        super(message);
        this.status = status;
    }

    public GatewayException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static GatewayException badRequest(String message) {
        return new GatewayException(400, message);
    }

    static GatewayException notFound(String message) {
        return new GatewayException(404, message);
    }

    static GatewayException notImplemented(String message) {
        return new GatewayException(501, message);
    }
}
