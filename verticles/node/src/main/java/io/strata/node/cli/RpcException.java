package io.strata.node.cli;

/** The RPC API answered with an error (Kubo's {@code {"Message","Code","Type":"error"}}) or could not be reached. */
public final class RpcException extends Exception {

    public RpcException(String message) {
        super(message);
    }

    public RpcException(String message, Throwable cause) {
        super(message, cause);
    }
}
