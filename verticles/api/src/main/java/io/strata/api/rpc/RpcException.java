package io.strata.api.rpc;

/** A command failure as the RPC API reports it: Kubo's message text and error category. */
public final class RpcException extends RuntimeException {

    private final ErrorType type;
    private final int httpStatus;

    public RpcException(ErrorType type, String message) {
        super(message);
        this.type = type;
        this.httpStatus = type.httpStatus();
    }

    public RpcException(ErrorType type, String message, Throwable cause) {
        this(type, message, cause, type.httpStatus());
    }

    /** A failure whose HTTP status is not the category's own (413 for a body past the limit). */
    public RpcException(ErrorType type, String message, Throwable cause, int httpStatus) {
        super(message, cause);
        this.type = type;
        this.httpStatus = httpStatus;
    }

    public static RpcException normal(String message) {
        return new RpcException(ErrorType.NORMAL, message);
    }

    public static RpcException client(String message) {
        return new RpcException(ErrorType.CLIENT, message);
    }

    public ErrorType type() {
        return type;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
