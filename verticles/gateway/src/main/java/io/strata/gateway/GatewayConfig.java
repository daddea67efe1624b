package io.strata.gateway;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Objects;

/**
 * The gateway verticle's configuration (the {@code gateway:} section of strata.yaml).
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code host}</td><td>127.0.0.1</td><td>address the HTTP server binds</td></tr>
 * <tr><td>{@code port}</td><td>8080</td><td>HTTP port; 0 picks a free one</td></tr>
 * <tr><td>{@code retrievalTimeout}</td><td>30000</td><td>milliseconds one block may take to arrive before
 * the request fails with 504</td></tr>
 * <tr><td>{@code workerThreads}</td><td>16</td><td>threads resolving paths and streaming responses; each
 * request in flight holds one</td></tr>
 * <tr><td>{@code maxConcurrentRequests}</td><td>1024</td><td>requests in flight past this get 429 with
 * Retry-After</td></tr>
 * </table>
 */
public record GatewayConfig(String host, int port, Duration retrievalTimeout, int workerThreads,
                            int maxConcurrentRequests) {

    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String RETRIEVAL_TIMEOUT = "retrievalTimeout";
    public static final String WORKER_THREADS = "workerThreads";
    public static final String MAX_CONCURRENT_REQUESTS = "maxConcurrentRequests";

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_RETRIEVAL_TIMEOUT_MILLIS = 30_000;
    public static final int DEFAULT_WORKER_THREADS = 16;
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 1024;

    public GatewayConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(retrievalTimeout, "retrievalTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("gateway port must be between 0 and 65535, got " + port);
        }
        if (retrievalTimeout.isNegative() || retrievalTimeout.isZero()) {
            throw new IllegalArgumentException("gateway retrievalTimeout must be positive, got " + retrievalTimeout);
        }
        if (maxConcurrentRequests < 1) {
            throw new IllegalArgumentException("gateway maxConcurrentRequests must be at least 1, got "
                    + maxConcurrentRequests);
        }
        if (workerThreads < 1) {
            throw new IllegalArgumentException("gateway workerThreads must be at least 1, got " + workerThreads);
        }
    }

    public static GatewayConfig defaults() {
        return from(new JsonObject());
    }

    /** Reads the verticle's deployment config; every key is optional. */
    public static GatewayConfig from(JsonObject json) {
        return new GatewayConfig(json.getString(HOST, DEFAULT_HOST), json.getInteger(PORT, DEFAULT_PORT),
                Duration.ofMillis(json.getLong(RETRIEVAL_TIMEOUT, DEFAULT_RETRIEVAL_TIMEOUT_MILLIS)),
                json.getInteger(WORKER_THREADS, DEFAULT_WORKER_THREADS),
                json.getInteger(MAX_CONCURRENT_REQUESTS, DEFAULT_MAX_CONCURRENT_REQUESTS));
    }

    public JsonObject toJson() {
        return new JsonObject().put(HOST, host).put(PORT, port).put(RETRIEVAL_TIMEOUT, retrievalTimeout.toMillis())
                .put(WORKER_THREADS, workerThreads).put(MAX_CONCURRENT_REQUESTS, maxConcurrentRequests);
    }
}
