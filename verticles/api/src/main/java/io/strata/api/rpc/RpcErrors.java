package io.strata.api.rpc;

import io.strata.api.multipart.BodyTooLargeException;
import io.strata.dht.DhtClientException;
import io.strata.dht.DhtError;
import io.strata.ipld.IpldException;
import io.strata.multiformats.MultiformatException;
import io.vertx.core.json.JsonObject;

/**
 * The one place where failures from the rest of Strata become RPC errors (and so HTTP statuses). Kubo
 * reports nearly every command failure as a normal error (500); only explicit client errors get 400.
 */
public final class RpcErrors {

    private RpcErrors() {
    }

    public static RpcException toRpcException(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof RpcException rpc) {
            return rpc;
        }
        for (Throwable link = cause; link != null; link = link.getCause()) {
            if (link instanceof BodyTooLargeException tooLarge) {
                return new RpcException(ErrorType.CLIENT, tooLarge.getMessage(), tooLarge, 413);
            }
        }
        if (cause instanceof IpldException ipld) {
            return new RpcException(ErrorType.NORMAL, ipld.getMessage(), ipld);
        }
        if (cause instanceof DhtClientException dht) {
            return new RpcException(ErrorType.NORMAL, dht.error() == DhtError.UNAVAILABLE
                    ? "this command must be run in online mode: this node runs without a cluster, so it has no DHT"
                    : dht.getMessage(), dht);
        }
        if (cause instanceof MultiformatException multiformat) {
            return new RpcException(ErrorType.NORMAL, multiformat.getMessage(), multiformat);
        }
        String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return new RpcException(ErrorType.NORMAL, message, cause);
    }

    /** Kubo's error body: {@code {"Message":...,"Code":...,"Type":"error"}}. */
    public static JsonObject toJson(RpcException error) {
        return new JsonObject()
                .put("Message", error.getMessage() == null ? "" : error.getMessage())
                .put("Code", error.type().code())
                .put("Type", "error");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof java.util.concurrent.CompletionException
                || current instanceof java.util.concurrent.ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
