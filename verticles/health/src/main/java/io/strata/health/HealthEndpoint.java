package io.strata.health;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.healthchecks.CheckResult;

/**
 * Answers {@code GET /health} (liveness) and {@code GET /ready} (readiness) from {@link NodeHealth}: 200 when
 * every check is UP, 503 otherwise, with vertx-health-check's JSON ({@code {"status":"UP","checks":[...]}}).
 */
public final class HealthEndpoint {

    public static final String LIVENESS_PATH = "/health";
    public static final String READINESS_PATH = "/ready";

    private HealthEndpoint() {
    }

    public static boolean isHealthPath(String path) {
        return LIVENESS_PATH.equals(path) || READINESS_PATH.equals(path);
    }

    /** Answers the request if it is a health path and returns true; otherwise leaves it alone and returns false. */
    public static boolean handle(Vertx vertx, HttpServerRequest request) {
        String path = request.path();
        if (!isHealthPath(path)) {
            return false;
        }
        HttpServerResponse response = request.response();
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            response.setStatusCode(405).putHeader("Allow", "GET, HEAD")
                    .putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("405 - Method Not Allowed\n");
            return true;
        }
        NodeHealth health = NodeHealth.of(vertx);
        Future<CheckResult> outcome = LIVENESS_PATH.equals(path) ? health.liveness() : health.readiness();
        outcome.onComplete(done -> {
            CheckResult result = done.succeeded() ? done.result() : CheckResult.from("node", done.cause());
            String body = result.toJson().encode();
            response.setStatusCode(CheckResult.isUp(result) ? 200 : 503)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store");
            if (request.method() == HttpMethod.HEAD) {
                response.putHeader("Content-Length", Integer.toString(body.length())).end();
            } else {
                response.end(body);
            }
        });
        return true;
    }
}
