package io.strata.node;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.strata.api.ApiVerticle;
import io.strata.blockstore.verticle.BlockStoreConfig;
import io.strata.blockstore.verticle.BlockStoreVerticle;
import io.strata.crypto.NodeIdentity;
import io.strata.gateway.GatewayVerticle;
import io.strata.health.NodeHealth;
import io.strata.ipld.DagLinks;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

/**
 * One Strata node in this JVM: creates the repository and identity on first start, starts Vert.x (with
 * Micrometer metrics on a Prometheus registry), and deploys the verticles in order: the block store (which
 * takes the repository's lock, so a second node on the same repository stops here), then the RPC API, then
 * the trustless gateway; all share one Prometheus registry (Vert.x' own meters only when metrics are enabled).
 * Any failure undoes what was started and fails the returned Future with the reason. Health: each deployed
 * verticle and a block store probe are checks of {@link NodeHealth}, which {@code /health} and {@code /ready}
 * answer from; other parts of the node (the cluster) add their own checks there.
 */
public final class StrataNode {

    private static final System.Logger LOG = System.getLogger(StrataNode.class.getName());

    private final Vertx vertx;
    private final NodeConfig config;
    private final PrometheusMeterRegistry registry;
    private NodeIdentity identity;

    private StrataNode(Vertx vertx, NodeConfig config, PrometheusMeterRegistry registry) {
        this.vertx = vertx;
        this.config = config;
        this.registry = registry;
    }

    /** Starts a node; call from a plain thread (it creates the repository directory before Vert.x runs). */
    public static Future<StrataNode> start(NodeConfig config) {
        try {
            Files.createDirectories(config.repo());
        } catch (IOException e) {
            return Future.failedFuture(new UncheckedIOException(
                    "cannot create the repository directory " + config.repo() + ": " + e.getMessage(), e));
        }
        PrometheusMeterRegistry registry = NodeMetrics.registry();
        Vertx vertx;
        if (config.metricsEnabled()) {
            vertx = Vertx.builder()
                    .with(new VertxOptions().setMetricsOptions(NodeMetrics.vertxOptions()))
                    .withMetrics(new MicrometerMetricsFactory(registry))
                    .build();
        } else {
            vertx = Vertx.vertx();
        }
        StrataNode node = new StrataNode(vertx, config, registry);
        Promise<StrataNode> started = Promise.promise();
        node.deploy().onComplete(deployed -> {
            if (deployed.succeeded()) {
                started.complete(node);
                return;
            }
            // Closed from outside Vert.x: a close() issued on one of its own event loops would complete on
            // that loop after it has shut down, and the failure would never be reported.
            CompletableFuture.runAsync(() -> vertx.close().onComplete(closed -> started.fail(deployed.cause())));
        });
        return started.future();
    }

    private Future<Void> deploy() {
        BlockStoreConfig blockStoreConfig = BlockStoreConfig.from(config.blockStoreDeployment());
        NodeHealth health = NodeHealth.of(vertx);
        BlockStoreHealthCheck.register(vertx, health);
        return vertx.deployVerticle(new BlockStoreVerticle(blockStoreConfig, registry, DagLinks::links))
                .compose(blockStore -> {
                    health.verticleDeployed("blockstore", blockStore);
                    return vertx.executeBlocking(() -> NodeIdentity.loadOrCreate(config.repo(), new SecureRandom()));
                })
                .compose(loaded -> {
                    identity = loaded;
                    LOG.log(System.Logger.Level.INFO, "peer id {0}, repository {1}", identity.peerId(), config.repo());
                    return vertx.deployVerticle(new ApiVerticle(registry), new DeploymentOptions().setConfig(apiDeployment()));
                })
                .compose(api -> {
                    health.verticleDeployed("api", api);
                    return vertx.deployVerticle(new GatewayVerticle(registry),
                            new DeploymentOptions().setConfig(config.gateway()));
                })
                .<Void>map(gateway -> {
                    health.verticleDeployed("gateway", gateway).startupComplete();
                    return null;
                });
    }

    /** The API section plus what only the node knows: its identity. */
    JsonObject apiDeployment() {
        return config.api().copy()
                .put("peerId", identity.peerId().toBase58())
                .put("publicKey", Base64.getEncoder().encodeToString(identity.publicKey().marshal()));
    }

    /** Undeploys every verticle (closing RocksDB cleanly) and stops Vert.x. */
    public Future<Void> stop() {
        return vertx.close();
    }

    public Vertx vertx() {
        return vertx;
    }

    public NodeConfig config() {
        return config;
    }

    public NodeIdentity identity() {
        return identity;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
