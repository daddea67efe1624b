package io.strata.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.strata.api.commands.AddCommand;
import io.strata.api.commands.BitswapCommands;
import io.strata.api.commands.BlockCommands;
import io.strata.api.commands.CidCommands;
import io.strata.api.commands.ClusterPinStatusCommand;
import io.strata.api.commands.DagCommands;
import io.strata.api.commands.FileCommands;
import io.strata.api.commands.FilesCommands;
import io.strata.api.commands.IpnsCommands;
import io.strata.api.commands.NodeCommands;
import io.strata.api.commands.PinCommands;
import io.strata.pinning.verticle.PinningClient;
import io.strata.api.commands.RepoCommands;
import io.strata.api.commands.Libp2pSwarmCommands;
import io.strata.api.commands.SwarmCommands;
import io.strata.api.commands.RoutingCommands;
import io.strata.api.commands.PubsubCommands;
import io.strata.api.events.EventSocket;
import io.strata.api.pubsub.PubsubService;
import io.strata.api.store.StoreBlockGetter;
import io.strata.api.metrics.ApiMetrics;
import io.strata.api.rpc.CommandRouter;
import io.strata.api.security.ApiGuard;
import io.strata.api.security.ApiLimits;
import io.strata.bitswap.verticle.BitswapExchange;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.RemoteBlocks;
import io.strata.cluster.ClusterMembership;
import io.strata.ipns.verticle.IpnsClient;
import io.strata.dht.DhtClient;
import io.strata.orbit.verticle.OrbitHttpApi;
import io.strata.deals.verticle.DealsHttpApi;
import io.strata.health.HealthEndpoint;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The Kubo-compatible RPC API on {@code /api/v0} (port 5001 by default), plus Prometheus metrics on
 * {@code /debug/metrics/prometheus} and {@code /metrics}, and the node's {@code /health} and {@code /ready}
 * ({@link HealthEndpoint}). Configuration: {@link ApiConfig}; access rules and limits: {@link ApiLimits}, applied
 * by {@link ApiGuard} before any other handling.
 */
public final class ApiVerticle extends VerticleBase {

    private static final int REQUEST_CHUNK_BYTES = 64 * 1024;
    private static final Duration DATABASE_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Proposing streams a DAG to every provider and retrieving reads a whole piece back. */
    private static final Duration DEALS_REQUEST_TIMEOUT = Duration.ofHours(2);

    private final PrometheusMeterRegistry sharedRegistry;
    private final RemoteBlocks remoteBlocks;
    private HttpServer server;
    private Router databaseRoutes;
    private WorkerExecutor workers;
    private ApiMetrics metrics;
    private PubsubService pubsub;

    /** Metrics go to Vert.x' Prometheus registry if it has one, else to a registry of this verticle's own. */
    public ApiVerticle() {
        this(null);
    }

    /**
     * @param registry the node's registry, so that one scrape of {@code /metrics} shows every verticle's
     *                 meters (pass the one given to the block store verticle); null for the default
     */
    public ApiVerticle(PrometheusMeterRegistry registry) {
        this.sharedRegistry = registry;
        this.remoteBlocks = null;
    }

    /**
     * A clustered node's API: reads ({@code cat}, {@code get}, {@code ls}, {@code dag get}, {@code block get}
     * ...) retrieve blocks the local store lacks from {@code remoteBlocks}.
     */
    public ApiVerticle(PrometheusMeterRegistry registry, RemoteBlocks remoteBlocks) {
        this.sharedRegistry = registry;
        this.remoteBlocks = Objects.requireNonNull(remoteBlocks, "remoteBlocks");
    }

    @Override
    public Future<?> start() {
        ApiConfig apiConfig;
        ApiLimits limits;
        try {
            apiConfig = ApiConfig.from(config());
            limits = ApiLimits.from(config());
            limits.checkExposure(apiConfig.host());
        } catch (RuntimeException e) {
            return Future.failedFuture(new IllegalArgumentException("invalid api config: " + e.getMessage(), e));
        }
        metrics = sharedRegistry != null ? new ApiMetrics(sharedRegistry) : ApiMetrics.sharedOrOwn();
        // Imports of large files legitimately keep a worker busy for a long time.
        workers = vertx.createSharedWorkerExecutor("strata-api-workers", apiConfig.workerPoolSize(), 24, TimeUnit.HOURS);
        PubsubService pubsub = new PubsubService(vertx, apiConfig.peerId());
        BlockStoreClient blocks = new BlockStoreClient(vertx);
        IpnsClient names = new IpnsClient(vertx);
        FileCommands files = new FileCommands(blockGetter(blocks), names);
        Duration stall = apiConfig.bodyStallSeconds() == 0 ? Duration.ofDays(365)
                : Duration.ofSeconds(apiConfig.bodyStallSeconds());
        CommandRouter router = new CommandRouter(vertx, workers, metrics, apiConfig.bodyBufferBytes(), stall,
                apiConfig.allowedOrigins(), limits.maxRequestBodyBytes())
                .registerAll(new NodeCommands(apiConfig).commands())
                .registerAll(new SwarmCommands(new ClusterMembership(vertx)).commands())
                .registerAll(new Libp2pSwarmCommands().commands())
                .registerAll(new CidCommands().commands())
                .registerAll(new PubsubCommands(pubsub).commands())
                .registerAll(new BlockCommands(blocks, blockGetter(blocks)).commands())
                .register(new AddCommand(vertx, blocks).command())
                .registerAll(files.commands())
                .registerAll(new PinCommands(blocks, files, new PinningClient(vertx, Duration.ofSeconds(30))).commands())
                .register(new ClusterPinStatusCommand(new PinningClient(vertx, Duration.ofSeconds(30))).command())
                .registerAll(new RepoCommands(blocks).commands())
                .registerAll(new RoutingCommands(new DhtClient(vertx), blocks, apiConfig.peerId()).commands())
                .registerAll(new BitswapCommands(new BitswapExchange(vertx)).commands())
                .registerAll(new IpnsCommands(names, blockGetter(blocks), Clock.systemUTC()).commands())
                .registerAll(new DagCommands(blocks, blockGetter(blocks)).commands())
                .registerAll(new FilesCommands(blocks, blockGetter(blocks)).commands());
        EventSocket events = new EventSocket(vertx, pubsub, names, apiConfig.allowedOrigins());
        OrbitHttpApi databases = new OrbitHttpApi(vertx, DATABASE_REQUEST_TIMEOUT);
        databaseRoutes = Router.router(vertx);
        databases.mount(databaseRoutes);
        new DealsHttpApi(vertx, DEALS_REQUEST_TIMEOUT).mount(databaseRoutes);
        HttpServerOptions options = new HttpServerOptions()
                .setHost(apiConfig.host())
                .setPort(apiConfig.port())
                .setIdleTimeout(apiConfig.idleTimeoutSeconds())
                // Request bodies (adds) arrive in pieces of at most this size; Netty's 8 KiB default meant
                // eight times the handler calls, buffer copies and reader wake-ups per byte uploaded.
                .setMaxChunkSize(REQUEST_CHUNK_BYTES);
        ApiGuard guard = new ApiGuard(vertx, limits);
        server = vertx.createHttpServer(options)
                .requestHandler(request -> {
                    if (guard.admit(request)) {
                        dispatch(request, router);
                    }
                })
                .webSocketHandshakeHandler(guard::handshake)
                .webSocketHandler(socket -> {
                    if (OrbitHttpApi.servesWebSocket(socket.path())) {
                        databases.handleWebSocket(socket);
                    } else {
                        events.handle(socket);
                    }
                });
        this.pubsub = pubsub;
        return pubsub.start().compose(ready -> server.listen()).recover(failure -> Future.failedFuture(new IllegalStateException(
                "api cannot listen on " + apiConfig.host() + ":" + apiConfig.port() + ": " + failure.getMessage(),
                failure)));
    }

    @Override
    public Future<?> stop() {
        Future<Void> closed = server != null ? server.close() : Future.succeededFuture();
        closed = closed.eventually(() -> pubsub != null ? pubsub.stop() : Future.succeededFuture());
        return closed.eventually(() -> workers != null ? workers.close() : Future.succeededFuture());
    }

    private StoreBlockGetter blockGetter(BlockStoreClient blocks) {
        return remoteBlocks == null ? new StoreBlockGetter(blocks) : new StoreBlockGetter(blocks, remoteBlocks);
    }

    /** The port actually bound (useful with port 0). */
    public int actualPort() {
        return server.actualPort();
    }

    public ApiMetrics metrics() {
        return metrics;
    }

    private void dispatch(HttpServerRequest request, CommandRouter router) {
        String path = request.path();
        if (HealthEndpoint.handle(vertx, request)) {
            return;
        }
        if (path.equals(OrbitHttpApi.BASE) || path.startsWith(OrbitHttpApi.BASE + "/") || DealsHttpApi.serves(path)) {
            databaseRoutes.handle(request);
        } else if (path.startsWith(CommandRouter.PREFIX)) {
            router.handle(request);
        } else if ((path.equals("/debug/metrics/prometheus") || path.equals("/metrics"))
                && (request.method() == HttpMethod.GET || request.method() == HttpMethod.POST)) {
            request.response().putHeader("Content-Type", ApiMetrics.PROMETHEUS_CONTENT_TYPE).end(metrics.scrape());
        } else {
            request.response().setStatusCode(404)
                    .putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("404 page not found\n");
        }
    }
}
