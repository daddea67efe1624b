package io.strata.node;

import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.health.NodeHealth;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;

import java.time.Duration;

/**
 * The {@value #NAME} liveness check: a real {@code stat} through the block store's event-bus contract, so it
 * fails when the verticle is gone, its consumers are unregistered, or RocksDB stops answering in time.
 */
final class BlockStoreHealthCheck {

    static final String NAME = "blockstore";
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final BlockStoreClient client;

    private BlockStoreHealthCheck(Vertx vertx) {
        Duration probe = TIMEOUT.minusSeconds(1);
        this.client = new BlockStoreClient(vertx, probe, probe);
    }

    static void register(Vertx vertx, NodeHealth health) {
        health.registerLiveness(NAME, TIMEOUT, new BlockStoreHealthCheck(vertx)::probe);
    }

    private void probe(Promise<Status> result) {
        client.stat().onComplete(stat -> {
            if (stat.succeeded()) {
                result.complete(Status.OK(new JsonObject().put("blocks", stat.result().blocks())
                        .put("bytes", stat.result().bytes())));
            } else {
                result.complete(Status.KO(new JsonObject().put("error", String.valueOf(stat.cause().getMessage()))));
            }
        });
    }
}
