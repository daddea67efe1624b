package io.strata.api.security;

import io.strata.api.rpc.ErrorType;
import io.strata.health.HealthEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.JsonObject;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every API request passes before it reaches a command: authorization ({@link ApiAuthorization}), the
 * body size limit, the concurrency limit and the request timeout ({@link ApiLimits}). Refusals are Kubo's JSON
 * errors: 401 (no or unknown credentials, with {@code WWW-Authenticate}), 403 (a path the credentials do not
 * allow), 413, 429 (with {@code Retry-After}) and 503 for a timeout.
 */
public final class ApiGuard {

    private final Vertx vertx;
    private final ApiLimits limits;
    private final AtomicInteger inFlight = new AtomicInteger();

    public ApiGuard(Vertx vertx, ApiLimits limits) {
        this.vertx = vertx;
        this.limits = limits;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Lets the request through (true) or answers it with the refusal (false). */
    public boolean admit(HttpServerRequest request) {
        String path = request.path();
        if (HealthEndpoint.isHealthPath(path)) {
            return true;
        }
        Optional<Refusal> refused = authorize(path, request.getHeader("Authorization"));
        if (refused.isPresent()) {
            refuse(request, refused.get());
            return false;
        }
        String length = request.getHeader("Content-Length");
        if (limits.maxRequestBodyBytes() > 0 && length != null && declaredLength(length) > limits.maxRequestBodyBytes()) {
            refuse(request, new Refusal(413, ErrorType.CLIENT, "request body of " + length + " bytes is larger than"
                    + " the limit of " + limits.maxRequestBodyBytes() + " bytes (api.maxRequestBodyBytes)"));
            return false;
        }
        if (inFlight.incrementAndGet() > limits.maxConcurrentRequests()) {
            inFlight.decrementAndGet();
            request.response().putHeader("Retry-After", Integer.toString(limits.retryAfterSeconds()));
            refuse(request, new Refusal(429, ErrorType.RATE_LIMITED, "too many requests in flight (more than "
                    + limits.maxConcurrentRequests() + "); retry later"));
            return false;
        }
        track(request);
        return true;
    }

    /** The WebSocket endpoint authenticates like the API: its handshake is rejected with 401 or 403. */
    public void handshake(ServerWebSocketHandshake handshake) {
        Optional<Refusal> refused = authorize(handshake.path(), handshake.headers().get("Authorization"));
        if (refused.isPresent()) {
            handshake.reject(refused.get().status());
        } else {
            handshake.accept();
        }
    }

    private Optional<Refusal> authorize(String path, String header) {
        if (!limits.authorizationRequired()) {
            return Optional.empty();
        }
        if (header == null) {
            return Optional.of(new Refusal(401, ErrorType.CLIENT, "this API requires an Authorization header"
                    + " (api.authorizations)"));
        }
        for (ApiAuthorization authorization : limits.authorizations()) {
            if (authorization.matches(header)) {
                return authorization.allows(path) ? Optional.empty()
                        : Optional.of(new Refusal(403, ErrorType.FORBIDDEN, "authorization '" + authorization.name()
                        + "' does not allow " + path));
            }
        }
        return Optional.of(new Refusal(401, ErrorType.CLIENT, "the provided Authorization header is invalid"));
    }

    private void track(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        AtomicBoolean released = new AtomicBoolean();
        long timer = limits.requestTimeoutSeconds() == 0 ? -1
                : vertx.setTimer(limits.requestTimeoutSeconds() * 1000L, fired -> timeOut(request));
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
                if (timer >= 0) {
                    vertx.cancelTimer(timer);
                }
            }
        };
        // the command router owns endHandler (for its metrics)
        response.bodyEndHandler(ended -> release.run());
        response.closeHandler(closed -> release.run());
    }

    private void timeOut(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.reset();
            return;
        }
        // the command may still be reading the body: closing the connection ends its upload too
        answer(response, new Refusal(503, ErrorType.NORMAL, "request took longer than "
                + limits.requestTimeoutSeconds() + " s (api.requestTimeoutSeconds)"))
                .onComplete(sent -> request.connection().close());
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Refuses before the body is read. The body is still drained: closing at once would make the client's TCP
     * stack discard the answer it has not read yet (a reset), and the client would see no 413 at all.
     */
    private static void refuse(HttpServerRequest request, Refusal refusal) {
        request.handler(ignored -> { });
        request.resume();
        answer(request.response(), refusal);
    }

    private static Future<Void> answer(HttpServerResponse response, Refusal refusal) {
        if (refusal.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer realm=\"strata\", Basic realm=\"strata\"");
        }
        return response.setStatusCode(refusal.status())
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("Message", refusal.message()).put("Code", refusal.type().code())
                        .put("Type", "error").encode());
    }

    private record Refusal(int status, ErrorType type, String message) {
    }
}
