package io.strata.orbit.verticle;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The HTTP and WebSocket API of the orbit verticle under {@code /api/v0/db} (documented in
 * {@code openapi/orbit-db.yaml} on the classpath): a thin translation of requests into
 * {@link OrbitContract#REQUEST} actions, with {@link OrbitError} codes mapped to HTTP statuses here only.
 * A database is named in paths by its manifest hash, the part of its address after {@code /orbitdb/}.
 */
public final class OrbitHttpApi {

    public static final String BASE = "/api/v0/db";

    private final Vertx vertx;
    private final DeliveryOptions options;

    public OrbitHttpApi(Vertx vertx, Duration requestTimeout) {
        this.vertx = vertx;
        this.options = new DeliveryOptions().setSendTimeout(requestTimeout.toMillis());
    }

    /** Adds the routes to {@code router} (which may serve other paths too). */
    public void mount(Router router) {
        BodyHandler bodies = BodyHandler.create().setBodyLimit(16L << 20);
        router.route(BASE + "*").method(HttpMethod.POST).method(HttpMethod.PUT).handler(bodies);
        router.get(BASE).handler(ctx -> forward(ctx, new JsonObject().put("action", "list")));
        router.post(BASE).handler(ctx -> withBody(ctx, body -> body.copy().put("action", "open")));
        router.get(BASE + "/identity").handler(ctx -> forward(ctx, new JsonObject().put("action", "identity")));
        router.get(BASE + "/:db").handler(ctx -> forward(ctx, action(ctx, "status")));
        router.delete(BASE + "/:db").handler(ctx -> forward(ctx, action(ctx, "drop")));
        router.get(BASE + "/:db/all").handler(ctx -> forward(ctx, action(ctx, "all")));
        router.get(BASE + "/:db/events").handler(ctx -> {
            JsonObject request = action(ctx, "iterate");
            for (String bound : List.of("gt", "gte", "lt", "lte")) {
                String value = ctx.request().getParam(bound);
                if (value != null) {
                    request.put(bound, value);
                }
            }
            String limit = ctx.request().getParam("limit");
            if (limit != null) {
                try {
                    request.put("limit", Integer.parseInt(limit));
                } catch (NumberFormatException e) {
                    fail(ctx, OrbitError.BAD_REQUEST, "limit must be an integer");
                    return;
                }
            }
            forward(ctx, request);
        });
        router.post(BASE + "/:db/events").handler(ctx -> withValue(ctx, value -> action(ctx, "add").put("value", value)));
        router.get(BASE + "/:db/events/:hash").handler(ctx -> forward(ctx, action(ctx, "get")
                .put("key", ctx.pathParam("hash"))));
        router.get(BASE + "/:db/keys/:key").handler(ctx -> forward(ctx, action(ctx, "get").put("key", ctx.pathParam("key"))));
        router.put(BASE + "/:db/keys/:key").handler(ctx -> withValue(ctx, value -> action(ctx, "put")
                .put("key", ctx.pathParam("key")).put("value", value)));
        router.delete(BASE + "/:db/keys/:key").handler(ctx -> forward(ctx, action(ctx, "del").put("key", ctx.pathParam("key"))));
        router.post(BASE + "/:db/documents").handler(ctx -> withValue(ctx, value -> action(ctx, "put").put("document", value)));
        router.get(BASE + "/:db/documents/:key").handler(ctx -> forward(ctx, action(ctx, "get").put("key", ctx.pathParam("key"))));
        router.delete(BASE + "/:db/documents/:key").handler(ctx -> forward(ctx, action(ctx, "del").put("key", ctx.pathParam("key"))));
        router.post(BASE + "/:db/query").handler(ctx -> withBody(ctx, body -> action(ctx, "query")
                .put("where", body.getJsonObject("where", new JsonObject()))));
        router.get(BASE + "/:db/counter").handler(ctx -> forward(ctx, action(ctx, "value")));
        router.post(BASE + "/:db/counter/increment").handler(ctx -> withBody(ctx, body -> action(ctx, "increment")
                .put("amount", body.getLong("amount", 1L))));
        router.post(BASE + "/:db/counter/decrement").handler(ctx -> withBody(ctx, body -> action(ctx, "decrement")
                .put("amount", body.getLong("amount", 1L))));
    }

    private static String address(RoutingContext ctx) {
        return "/orbitdb/" + ctx.pathParam("db");
    }

    private static JsonObject action(RoutingContext ctx, String action) {
        return new JsonObject().put("action", action).put("address", address(ctx));
    }

    private void withBody(RoutingContext ctx, Function<JsonObject, JsonObject> request) {
        JsonObject body;
        try {
            body = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            fail(ctx, OrbitError.BAD_REQUEST, "the body must be a JSON object");
            return;
        }
        forward(ctx, request.apply(body));
    }

    private void withValue(RoutingContext ctx, Function<Object, JsonObject> request) {
        Object value;
        try {
            value = Json.decodeValue(ctx.body().buffer());
        } catch (DecodeException | NullPointerException e) {
            fail(ctx, OrbitError.BAD_REQUEST, "the body must be a JSON value");
            return;
        }
        if (value == null) {
            fail(ctx, OrbitError.BAD_REQUEST, "the body must be a JSON value other than null");
            return;
        }
        forward(ctx, request.apply(value));
    }

    private void forward(RoutingContext ctx, JsonObject request) {
        vertx.eventBus().<JsonObject>request(OrbitContract.REQUEST, request, options).onComplete(reply -> {
            if (reply.succeeded()) {
                ctx.response().putHeader("content-type", "application/json").end(reply.result().body().encode());
            } else if (reply.cause() instanceof ReplyException failure && failure.failureCode() > 0) {
                fail(ctx, OrbitError.fromFailureCode(failure.failureCode()), failure.getMessage());
            } else {
                fail(ctx, OrbitError.INTERNAL, String.valueOf(reply.cause().getMessage()));
            }
        });
    }

    private static void fail(RoutingContext ctx, OrbitError error, String message) {
        ctx.response().setStatusCode(error.httpStatus()).putHeader("content-type", "application/json")
                .end(new JsonObject().put("Message", message).put("Code", error.kuboCode()).put("Type", "error").encode());
    }

    /** Whether a WebSocket handshake on {@code path} is a subscription this API serves. */
    public static boolean servesWebSocket(String path) {
        return subscribedDatabase(path) != null;
    }

    private static String subscribedDatabase(String path) {
        String prefix = BASE + "/";
        String suffix = "/subscribe";
        if (path == null || !path.startsWith(prefix) || !path.endsWith(suffix)
                || path.length() <= prefix.length() + suffix.length()) {
            return null;
        }
        String db = path.substring(prefix.length(), path.length() - suffix.length());
        return db.indexOf('/') >= 0 ? null : db;
    }

    /**
     * Serves a WebSocket on {@code /api/v0/db/{db}/subscribe} (install it as, or dispatch to it from, the HTTP
     * server's {@code webSocketHandler}; upgrades never reach a router). The socket receives
     * {@code {type: "subscribed"}} once listening, then one text frame per update ({@code {type: "update",
     * ...}} as {@link OrbitContract#UPDATES} describes) and per catch-up ({@code {type: "synced", address}});
     * it is closed with status 4404 when the database is not open here, 1008 for another path.
     */
    public void handleWebSocket(ServerWebSocket socket) {
        String db = subscribedDatabase(socket.path());
        if (db == null) {
            socket.close((short) 1008, "unknown WebSocket path " + socket.path());
            return;
        }
        String address = "/orbitdb/" + db;
        socket.pause();
        vertx.eventBus().<JsonObject>request(OrbitContract.REQUEST,
                new JsonObject().put("action", "status").put("address", address), options).onComplete(status -> {
            if (status.failed()) {
                socket.close((short) 4404, "no open database " + address);
                return;
            }
            MessageConsumer<JsonObject> updates = vertx.eventBus().localConsumer(OrbitContract.UPDATES + address,
                    message -> socket.writeTextMessage(message.body().copy().put("type", "update").encode()));
            MessageConsumer<JsonObject> synced = vertx.eventBus().localConsumer(OrbitContract.SYNCED + address,
                    message -> socket.writeTextMessage(message.body().copy().put("type", "synced").encode()));
            socket.closeHandler(closed -> {
                updates.unregister();
                synced.unregister();
            });
            socket.resume();
            Future.all(updates.completion(), synced.completion()).onSuccess(ready ->
                    socket.writeTextMessage(new JsonObject().put("type", "subscribed").put("address", address).encode()));
        });
    }
}
