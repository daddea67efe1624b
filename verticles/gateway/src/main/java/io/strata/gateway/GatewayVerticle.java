package io.strata.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.RemoteBlocks;
import io.strata.dht.DhtClient;
import io.strata.gateway.PreparedResponse.BytesBody;
import io.strata.gateway.PreparedResponse.StreamBody;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.micrometer.backends.BackendRegistries;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The IPFS HTTP gateway: {@code GET/HEAD /ipfs/<cid>[/path]} as the path gateway (files, ranges,
 * index.html, directory listings) and the trustless gateway (raw blocks, CAR streams with dag-scope and
 * entity-bytes) specify. Blocks come from the node's block store, through {@link BlockStoreClient}, and on a
 * clustered node from the other nodes ({@link RemoteBlocks}) when the store lacks them.
 * The same port serves the Delegated Routing V1 HTTP API under {@code /routing/v1/} ({@link DelegatedRouting}).
 *
 * <p>The event loop parses each request; resolution and body streaming run on this verticle's worker
 * pool, since the IPLD readers block while they wait for blocks. Configuration: {@link GatewayConfig}.
 * Metrics: {@link GatewayMetrics}, on the registry handed in or else the one Vert.x' Micrometer metrics
 * use (the global registry when metrics are off).
 */
public final class GatewayVerticle extends VerticleBase {

    private static final System.Logger LOG = System.getLogger(GatewayVerticle.class.getName());

    private final MeterRegistry registryOverride;
    private final RemoteBlocks remoteBlocks;
    private GatewayConfig gatewayConfig;
    private GatewayMetrics metrics;
    private GatewayResponder responder;
    private DelegatedRouting routing;
    private WorkerExecutor workers;
    private HttpServer server;

    /** For deployment by class name: configuration from {@code config()}, meters on the Vert.x registry. */
    public GatewayVerticle() {
        this(null);
    }

    public GatewayVerticle(MeterRegistry registry) {
        this.registryOverride = registry;
        this.remoteBlocks = null;
    }

    /** A clustered node's gateway: blocks the local store lacks are retrieved from {@code remoteBlocks}. */
    public GatewayVerticle(MeterRegistry registry, RemoteBlocks remoteBlocks) {
        this.registryOverride = registry;
        this.remoteBlocks = Objects.requireNonNull(remoteBlocks, "remoteBlocks");
    }

    @Override
    public Future<?> start() {
        try {
            gatewayConfig = GatewayConfig.from(config());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        metrics = new GatewayMetrics(registry());
        // the event-bus request outlives the getter's own wait, so an answer that is late is a retrieval timeout
        BlockStoreClient store = new BlockStoreClient(vertx, gatewayConfig.retrievalTimeout().plusSeconds(5),
                BlockStoreClient.DEFAULT_LONG_TIMEOUT);
        responder = new GatewayResponder(remoteBlocks == null
                ? new StoreBlockGetter(store, gatewayConfig.retrievalTimeout())
                : new StoreBlockGetter(store, remoteBlocks, gatewayConfig.retrievalTimeout()));
        routing = new DelegatedRouting(vertx, new DhtClient(vertx), new BlockStoreClient(vertx));
        workers = vertx.createSharedWorkerExecutor("strata-gateway-" + deploymentID(), gatewayConfig.workerThreads(),
                TimeUnit.HOURS.toNanos(24));
        server = vertx.createHttpServer(new HttpServerOptions().setHost(gatewayConfig.host())
                .setPort(gatewayConfig.port()));
        return server.requestHandler(this::handle).listen()
                .onSuccess(listening -> LOG.log(System.Logger.Level.INFO, "gateway listening on http://{0}:{1}",
                        gatewayConfig.host(), String.valueOf(listening.actualPort())))
                .recover(failure -> Future.failedFuture(new IllegalStateException("gateway cannot listen on "
                        + gatewayConfig.host() + ":" + gatewayConfig.port() + ": " + failure.getMessage(), failure)));
    }

    @Override
    public Future<?> stop() {
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return closed.onComplete(done -> {
            if (workers != null) {
                workers.close();
            }
        });
    }

    /** The port the server listens on (useful when the config asked for 0). */
    public int actualPort() {
        return server.actualPort();
    }

    private MeterRegistry registry() {
        if (registryOverride != null) {
            return registryOverride;
        }
        MeterRegistry shared = BackendRegistries.getDefaultNow();
        return shared != null ? shared : Metrics.globalRegistry;
    }

    private void handle(HttpServerRequest request) {
        if (DelegatedRouting.handles(request.path())) {
            routing.handle(request);
            return;
        }
        Exchange exchange = new Exchange(request);
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            exchange.fail(new GatewayException(405, request.method() + " is not supported; use GET or HEAD"));
            return;
        }
        GatewayRequest parsed;
        try {
            parsed = GatewayRequest.parse(request.method() == HttpMethod.HEAD, request.path(), request.query(),
                    request::getParam, new GatewayRequest.Headers(request.getHeader("Accept"),
                            request.getHeader("Range"), request.getHeader("If-None-Match"),
                            request.getHeader("Cache-Control"), request.getHeader("Service-Worker")));
        } catch (RuntimeException e) {
            exchange.fail(e);
            return;
        }
        exchange.format = parsed.format().metricName();
        workers.executeBlocking(() -> responder.prepare(parsed), false)
                .onSuccess(prepared -> exchange.send(parsed, prepared))
                .onFailure(exchange::fail);
    }

    /** One request in flight: sends the prepared response and records its metrics when it ends. */
    private final class Exchange {

        private final HttpServerRequest request;
        private final HttpServerResponse response;
        private final long started = System.nanoTime();
        private final AtomicLong bodyBytes = new AtomicLong();
        private final CompletableFuture<Void> closed = new CompletableFuture<>();
        private final AtomicBoolean observed = new AtomicBoolean();
        private String format = "unknown";

        Exchange(HttpServerRequest request) {
            this.request = request;
            this.response = request.response();
            response.endHandler(ended -> observe());
            response.closeHandler(gone -> {
                closed.complete(null);
                observe();
            });
        }

        /** Records the request once: when its response ends, or when it is cut or its client leaves first. */
        private void observe() {
            if (observed.compareAndSet(false, true)) {
                metrics.observe(format, response.getStatusCode(), bodyBytes.get(), System.nanoTime() - started);
            }
        }

        void send(GatewayRequest parsed, PreparedResponse prepared) {
            try {
                sendPrepared(parsed, prepared);
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        private void sendPrepared(GatewayRequest parsed, PreparedResponse prepared) {
            response.setStatusCode(prepared.status());
            for (Map.Entry<String, String> header : prepared.headers().entrySet()) {
                response.putHeader(header.getKey(), header.getValue());
            }
            if (prepared.body() instanceof StreamBody stream) {
                stream(parsed, stream);
            } else if (prepared.body() instanceof BytesBody bytes) {
                if (parsed.head()) {
                    response.putHeader("Content-Length", Integer.toString(bytes.data().length)).end();
                } else {
                    bodyBytes.addAndGet(bytes.data().length);
                    response.end(Buffer.buffer(bytes.data()));
                }
            } else {
                response.end();
            }
        }

        private void stream(GatewayRequest parsed, StreamBody body) {
            if (body.length() >= 0) {
                response.putHeader("Content-Length", Long.toString(body.length()));
            } else {
                response.setChunked(true);
            }
            if (parsed.head()) {
                response.end();
                return;
            }
            workers.executeBlocking(() -> {
                        ResponseOutputStream out = new ResponseOutputStream(response, bodyBytes, closed);
                        body.writer().writeTo(out);
                        out.flush();
                        return null;
                    }, false)
                    .onSuccess(done -> response.end())
                    .onFailure(this::fail);
        }

        /** Answers with the failure's status and message, or, once the body has begun, cuts the response. */
        void fail(Throwable failure) {
            if (response.ended() || closed.isDone()) {
                observe();
                return;
            }
            int status = GatewayErrors.statusOf(failure);
            if (status >= 500 && status != 501 && status != 503 && status != 504) {
                LOG.log(System.Logger.Level.WARNING, "gateway request " + request.path() + " failed", failure);
            }
            if (response.headWritten()) {
                LOG.log(System.Logger.Level.DEBUG, "cutting the response to {0}: {1}", request.path(),
                        failure.getMessage());
                response.reset();
                observe();
                return;
            }
            byte[] message = (GatewayErrors.messageOf(failure) + "\n").getBytes(StandardCharsets.UTF_8);
            response.headers().clear();
            if (status == 405) {
                response.putHeader("Allow", "GET, HEAD");
            }
            if (status == 504) {
                response.putHeader("Retry-After", "60");
            }
            response.setChunked(false);
            response.setStatusCode(status)
                    .putHeader("Content-Type", "text/plain; charset=utf-8")
                    .putHeader("X-Content-Type-Options", "nosniff");
            if (request.method() == HttpMethod.HEAD) {
                response.putHeader("Content-Length", Integer.toString(message.length)).end();
            } else {
                bodyBytes.addAndGet(message.length);
                response.end(Buffer.buffer(message));
            }
        }
    }
}
