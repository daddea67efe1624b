package io.strata.pinning.service;

import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.cluster.ClusterContract;
import io.strata.cluster.PeerInfo;
import io.strata.multiformats.Cid;
import io.strata.multiformats.PeerId;
import io.strata.pinning.ClusterPin;
import io.strata.pinning.NodePinState;
import io.strata.pinning.PinMode;
import io.strata.pinning.PinServiceStatus;
import io.strata.pinning.verticle.PinningClient;
import io.strata.pinning.verticle.PinningClientException;
import io.strata.pinning.verticle.PinningContract;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The IPFS Pinning Service API (ipfs/pinning-services-api-spec, {@code ipfs-pinning-service.yaml}) on its own
 * port, acting on the cluster pin set through {@link PinningClient}. The request id of a pin is its CID: the
 * cluster holds one pin per CID. {@code GET /pins} answers newest first through the pin set's creation-time
 * index ({@link PinningContract#PAGE}), reading the pins of the page and those its filters skip, never the
 * whole set; a client pages on with {@code before} set to the {@code created} of the last result. Its
 * {@code count} is exact on the last page; on an earlier one it is the results plus one (the walk stops at the
 * first match beyond the page), so a client that pages until {@code count} equals the results it got, as the
 * Go and JS clients do, reads every match.
 */
public final class PinningServiceVerticle extends VerticleBase {

    private static final int MAX_DELEGATES = 20;

    private final PinningServiceConfig config;
    private final List<byte[]> tokens;
    private PinningClient pinning;
    private DeliveryOptions local;
    private HttpServer server;

    private record ListedPin(ClusterPin pin, PinServiceStatus status, Map<PeerId, NodePinState> states) {
    }

    public PinningServiceVerticle(PinningServiceConfig config) {
        this.config = config;
        this.tokens = config.tokens().stream().map(token -> token.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** The port the server listens on, once started (useful when configured as an ephemeral port). */
    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> start() {
        pinning = new PinningClient(vertx);
        local = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME).setLocalOnly(true).setSendTimeout(10_000);
        Router router = Router.router(vertx);
        router.route().handler(this::authorize);
        router.route().handler(BodyHandler.create().setBodyLimit(64 * 1024));
        router.get("/pins").handler(this::list);
        router.post("/pins").handler(this::add);
        router.get("/pins/:requestid").handler(this::get);
        router.post("/pins/:requestid").handler(this::replace);
        router.delete("/pins/:requestid").handler(this::remove);
        router.route().handler(ctx -> failure(ctx, 404, "NOT_FOUND", "no such endpoint: " + ctx.request().method()
                + " " + ctx.request().path()));
        return vertx.createHttpServer().requestHandler(router).listen(config.port(), config.host())
                .onSuccess(listening -> server = listening)
                .recover(failure -> Future.failedFuture(new IllegalStateException("the Pinning Service API cannot listen on "
                        + config.host() + ":" + config.port() + ": " + failure.getMessage(), failure)));
    }

    private void authorize(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
            for (byte[] token : tokens) {
                if (MessageDigest.isEqual(token, presented)) {
                    ctx.next();
                    return;
                }
            }
        }
        failure(ctx, 401, "UNAUTHORIZED", header == null ? "an Authorization: Bearer <token> header is required"
                : "the access token is not valid");
    }

    private void list(RoutingContext ctx) {
        PinListQuery query;
        try {
            query = PinListQuery.parse(ctx.queryParams());
        } catch (IllegalArgumentException e) {
            failure(ctx, 400, "BAD_REQUEST", e.getMessage());
            return;
        }
        pinning.page(new PinningContract.PageRequest(
                        query.before() == null ? Long.MAX_VALUE : query.before().toEpochMilli(),
                        query.after() == null ? Long.MIN_VALUE : query.after().toEpochMilli(), query.limit(), query.cids(),
                        info -> query.matches(info.pin(), PinServiceStatus.of(info.pin(), info.states()))))
                .compose(page -> cluster().map(peers -> {
                    JsonArray rendered = new JsonArray();
                    for (PinningContract.PinInfo info : page.pins()) {
                        rendered.add(pinStatus(new ListedPin(info.pin(), PinServiceStatus.of(info.pin(), info.states()),
                                info.states()), peers));
                    }
                    return new JsonObject().put("count", page.matched()).put("results", rendered);
                }))
                .onSuccess(results -> json(ctx, 200, results)).onFailure(failure -> clientFailure(ctx, failure));
    }

    private void add(RoutingContext ctx) {
        PinRequestBody body;
        try {
            body = PinRequestBody.parse(bodyJson(ctx));
        } catch (IllegalArgumentException e) {
            failure(ctx, 400, "BAD_REQUEST", e.getMessage());
            return;
        }
        pin(body).compose(pin -> cluster().map(peers -> pinStatus(fresh(pin), peers)))
                .onSuccess(status -> json(ctx, 202, status)).onFailure(failure -> clientFailure(ctx, failure));
    }

    private void get(RoutingContext ctx) {
        Cid cid = requestId(ctx);
        if (cid == null) {
            return;
        }
        pinning.status(cid).compose(info -> cluster().map(peers -> pinStatus(new ListedPin(info.pin(),
                        PinServiceStatus.of(info.pin(), info.states()), info.states()), peers)))
                .onSuccess(status -> json(ctx, 200, status)).onFailure(failure -> clientFailure(ctx, failure));
    }

    private void replace(RoutingContext ctx) {
        Cid existing = requestId(ctx);
        if (existing == null) {
            return;
        }
        PinRequestBody body;
        try {
            body = PinRequestBody.parse(bodyJson(ctx));
        } catch (IllegalArgumentException e) {
            failure(ctx, 400, "BAD_REQUEST", e.getMessage());
            return;
        }
        pinning.status(existing).compose(ignored -> pin(body))
                .compose(pin -> pin.cid().equals(existing) ? Future.succeededFuture(pin)
                        : pinning.remove(existing).map(pin))
                .compose(pin -> cluster().map(peers -> pinStatus(fresh(pin), peers)))
                .onSuccess(status -> json(ctx, 202, status)).onFailure(failure -> clientFailure(ctx, failure));
    }

    private void remove(RoutingContext ctx) {
        Cid cid = requestId(ctx);
        if (cid == null) {
            return;
        }
        pinning.remove(cid).onSuccess(ignored -> ctx.response().setStatusCode(202).end())
                .onFailure(failure -> clientFailure(ctx, failure));
    }

    private Future<ClusterPin> pin(PinRequestBody body) {
        return pinning.add(new PinningContract.PinRequest(body.cid(), body.name(), PinMode.RECURSIVE,
                config.replication(), Map.of(), 0, body.meta(), body.origins()));
    }

    private static ListedPin fresh(ClusterPin pin) {
        return new ListedPin(pin, PinServiceStatus.of(pin, Map.of()), Map.of());
    }

    /** The request id is the pin's CID; one that is not a CID names no pin. */
    private static Cid requestId(RoutingContext ctx) {
        String text = ctx.pathParam("requestid");
        try {
            return Cid.parse(text);
        } catch (IllegalArgumentException e) {
            failure(ctx, 404, "NOT_FOUND", "no pin with request id " + text);
            return null;
        }
    }

    private static JsonObject bodyJson(RoutingContext ctx) {
        try {
            return ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("the body is not a JSON object: " + e.getMessage());
        }
    }

    /** This node and its cluster peers by id; empty when the membership verticle does not answer. */
    private Future<Map<PeerId, PeerInfo>> cluster() {
        Future<PeerInfo> self = vertx.eventBus().<PeerInfo>request(ClusterContract.SELF, null, local).map(Message::body);
        Future<List<PeerInfo>> peers = vertx.eventBus().<List<PeerInfo>>request(ClusterContract.PEERS, null, local)
                .map(Message::body);
        return Future.join(self, peers).transform(ignored -> {
            Map<PeerId, PeerInfo> byId = new HashMap<>();
            if (peers.succeeded()) {
                peers.result().forEach(peer -> byId.put(peer.peerId(), peer));
            }
            if (self.succeeded()) {
                byId.put(self.result().peerId(), self.result());
            }
            return Future.succeededFuture(byId);
        });
    }

    private JsonObject pinStatus(ListedPin listed, Map<PeerId, PeerInfo> cluster) {
        ClusterPin pin = listed.pin();
        JsonObject body = new JsonObject().put("cid", pin.cid().toString());
        if (!pin.name().isEmpty()) {
            body.put("name", pin.name());
        }
        body.put("origins", new JsonArray(new ArrayList<>(pin.origins())));
        body.put("meta", new JsonObject(new HashMap<>(pin.metadata())));
        JsonObject info = new JsonObject();
        listed.states().forEach((peer, state) -> info.put("node:" + peer.toBase58(),
                state.status().wireName()));
        return new JsonObject()
                .put("requestid", pin.cid().toString())
                .put("status", listed.status().wireName())
                .put("created", Instant.ofEpochMilli(pin.createdAtMillis()).toString())
                .put("pin", body)
                .put("delegates", new JsonArray(delegates(pin, cluster)))
                .put("info", info);
    }

    /**
     * Multiaddrs of the nodes allocated the pin, each ending in {@code /p2p/<peerId>}; this cluster's nodes
     * when none of them advertises an address; at least the bare {@code /p2p/<peerId>} of a known node.
     */
    private static List<Object> delegates(ClusterPin pin, Map<PeerId, PeerInfo> cluster) {
        List<Object> delegates = new ArrayList<>();
        for (PeerId peer : pin.allocations()) {
            addresses(cluster.get(peer), peer, delegates);
        }
        if (delegates.isEmpty()) {
            cluster.forEach((peer, info) -> addresses(info, peer, delegates));
        }
        if (delegates.isEmpty()) {
            pin.allocations().forEach(peer -> delegates.add("/p2p/" + peer.toBase58()));
        }
        return delegates.size() > MAX_DELEGATES ? delegates.subList(0, MAX_DELEGATES) : delegates;
    }

    private static void addresses(PeerInfo info, PeerId peer, List<Object> into) {
        if (info == null) {
            return;
        }
        String suffix = "/p2p/" + peer.toBase58();
        for (String address : info.addresses()) {
            into.add(address.contains("/p2p/") ? address : address + suffix);
        }
        if (info.addresses().isEmpty()) {
            into.add(suffix);
        }
    }

    private static void clientFailure(RoutingContext ctx, Throwable failure) {
        if (failure instanceof PinningClientException pinning) {
            switch (pinning.error()) {
                case NOT_FOUND -> failure(ctx, 404, "NOT_FOUND", pinning.getMessage());
                case INVALID_REQUEST -> failure(ctx, 400, "BAD_REQUEST", pinning.getMessage());
                case INSUFFICIENT_PEERS -> failure(ctx, 503, "INSUFFICIENT_PEERS", pinning.getMessage());
                case NOT_CLUSTERED, UNAVAILABLE -> failure(ctx, 503, "UNAVAILABLE", pinning.getMessage());
                default -> failure(ctx, 500, "INTERNAL_SERVER_ERROR", pinning.getMessage());
            }
        } else {
            failure(ctx, 500, "INTERNAL_SERVER_ERROR", String.valueOf(failure.getMessage()));
        }
    }

    /** The spec's {@code Failure} body. */
    private static void failure(RoutingContext ctx, int status, String reason, String details) {
        json(ctx, status, new JsonObject().put("error", new JsonObject().put("reason", reason).put("details", details)));
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
