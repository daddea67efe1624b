package io.strata.api.rpc;

import io.vertx.core.Future;

/**
 * Runs a command. Called on the event loop; the returned future completes once the handler has written its
 * whole response through the {@link RpcCall}, or fails with the error to report.
 */
@FunctionalInterface
public interface CommandHandler {

    Future<?> handle(RpcCall call) throws Exception;
}
