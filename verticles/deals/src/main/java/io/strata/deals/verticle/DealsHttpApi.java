package io.strata.deals.verticle;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Duration;
import java.util.Base64;

/**
 * The HTTP API of the deals roles under {@code /api/v0/deals} (documented in {@code openapi/deals.yaml} on the
 * classpath): like Kubo's RPC, every command is a POST with its arguments in the query string, answers JSON,
 * and fails with Kubo's error object {@code {Message, Code, Type: "error"}}, status 400 for bad arguments and
 * 500 for a command that failed. Each command is a request to this node's client role
 * ({@link DealsContract}); deal records come from the cluster-wide directory, so any node answers for any
 * deal.
 */
public final class DealsHttpApi {

    public static final String BASE = "/api/v0/deals";
    /** Kubo's cmds error types: ErrNormal and ErrClient. */
    private static final int KUBO_NORMAL = 0;
    private static final int KUBO_CLIENT = 1;
    private static final long MAX_PROPOSAL_BYTES = 64 * 1024;

    private final Vertx vertx;
    private final DeliveryOptions options;

    /** @param requestTimeout how long a command may take; proposing streams the DAG to every provider */
    public DealsHttpApi(Vertx vertx, Duration requestTimeout) {
        this.vertx = vertx;
        this.options = new DeliveryOptions().setSendTimeout(requestTimeout.toMillis());
    }

    /** Whether {@code path} is one this API serves. */
    public static boolean serves(String path) {
        return path.equals(BASE) || path.startsWith(BASE + "/");
    }

    /** Adds the routes to {@code router} (which may serve other paths too). */
    public void mount(Router router) {
        router.route(BASE + "/*").handler(ctx -> {
            if (ctx.request().method() != HttpMethod.POST) {
                error(ctx, 405, KUBO_CLIENT, "405 - Method Not Allowed: the deals commands are POST, as Kubo's");
            } else {
                ctx.next();
            }
        });
        router.post(BASE + "/propose").handler(BodyHandler.create().setBodyLimit(MAX_PROPOSAL_BYTES)
                .setHandleFileUploads(false));
        router.post(BASE + "/asks").handler(ctx -> forward(ctx, DealsContract.CLIENT_ASKS, new JsonObject()));
        router.post(BASE + "/providers").handler(ctx -> withQuery(ctx, DealsContract.CLIENT_PROVIDERS, new JsonObject()
                .put("size", number(ctx, "size"))));
        router.post(BASE + "/estimate").handler(ctx -> withQuery(ctx, DealsContract.CLIENT_ESTIMATE, new JsonObject()
                .put("size", number(ctx, "size")).put("durationEpochs", number(ctx, "duration"))));
        router.post(BASE + "/list").handler(ctx -> forward(ctx, DealsContract.CLIENT_LIST, new JsonObject()));
        router.post(BASE + "/status").handler(ctx -> withQuery(ctx, DealsContract.CLIENT_STATUS, new JsonObject()
                .put("proposalCid", ctx.request().getParam("arg"))));
        router.post(BASE + "/propose").handler(this::propose);
        router.post(BASE + "/retrieve").handler(this::retrieve);
        router.route(BASE + "/*").handler(ctx -> error(ctx, 404, KUBO_CLIENT, "unknown deals command "
                + ctx.request().path()));
    }

    private void propose(RoutingContext ctx) {
        JsonObject request = new JsonObject().put("payloadCid", ctx.request().getParam("arg"));
        if (ctx.body().length() > 0) {
            request.put("proposal", Base64.getEncoder().encodeToString(ctx.body().buffer().getBytes()));
            withQuery(ctx, DealsContract.CLIENT_PROPOSE_SIGNED, request);
            return;
        }
        withQuery(ctx, DealsContract.CLIENT_PROPOSE, request.put("replicas", number(ctx, "replicas"))
                .put("durationEpochs", number(ctx, "duration")));
    }

    private void retrieve(RoutingContext ctx) {
        JsonObject request = new JsonObject().put("cid", ctx.request().getParam("arg"));
        vertx.eventBus().<JsonObject>request(DealsContract.CLIENT_RETRIEVE, request, options).onComplete(reply -> {
            if (reply.failed()) {
                fail(ctx, reply.cause());
                return;
            }
            JsonObject found = reply.result().body();
            String path = found.getString("path");
            ctx.response().putHeader("content-type", "application/vnd.ipld.car; version=1")
                    .putHeader("X-Payload-Cid", found.getString("payloadCid"))
                    .putHeader("X-Piece-Cid", found.getString("pieceCid"))
                    .putHeader("X-Provider", found.getString("provider"))
                    .sendFile(path)
                    .onComplete(sent -> vertx.fileSystem().delete(path));
        });
    }

    /** An optional positive integer query parameter; {@code "bad"} when it is not one, rejected downstream. */
    private static Object number(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return value;
        }
    }

    private void withQuery(RoutingContext ctx, String address, JsonObject request) {
        for (String field : request.fieldNames().toArray(String[]::new)) {
            if (request.getValue(field) == null) {
                request.remove(field);
            }
        }
        forward(ctx, address, request);
    }

    private void forward(RoutingContext ctx, String address, JsonObject request) {
        vertx.eventBus().request(address, request, options).onComplete(reply -> {
            if (reply.succeeded()) {
                ctx.response().putHeader("content-type", "application/json")
                        .end(String.valueOf(io.vertx.core.json.Json.encode(reply.result().body())));
            } else {
                fail(ctx, reply.cause());
            }
        });
    }

    private static void fail(RoutingContext ctx, Throwable failure) {
        if (failure instanceof ReplyException reply && reply.failureCode() == DealsContract.BAD_REQUEST) {
            error(ctx, 400, KUBO_CLIENT, reply.getMessage());
        } else if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
            error(ctx, 500, KUBO_NORMAL, "storage deals run only on clustered nodes; this node has no deals client");
        } else {
            error(ctx, 500, KUBO_NORMAL, String.valueOf(failure.getMessage()));
        }
    }

    private static void error(RoutingContext ctx, int status, int kuboCode, String message) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("Message", message).put("Code", kuboCode).put("Type", "error").encode());
    }
}
