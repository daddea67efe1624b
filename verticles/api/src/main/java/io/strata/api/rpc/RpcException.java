package io.strata.api.rpc;

/** A command failure as the RPC API reports it: Kubo's message text and error category. */
public final class RpcException extends RuntimeException {

    private final ErrorType type;

    public RpcException(ErrorType type, String message) {
        super(message);
        this.type = type;
    }

    public RpcException(ErrorType type, String message, Throwable cause) {
        super(message, cause);
        this.type = type;
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
}
