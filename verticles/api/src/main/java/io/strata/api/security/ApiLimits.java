package io.strata.api.security;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The API's access rules and limits, read from the {@code api} section beside {@code io.strata.api.ApiConfig}.
 *
 * <table>
 *   <caption>keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>authorizations</td><td>{}</td><td>Kubo's {@code API.Authorizations}: named entries, each with
 *       {@code AuthSecret} ({@code bearer:TOKEN} or {@code basic:USER:PASSWORD}) and {@code AllowedPaths}
 *       (path prefixes); when present every request except {@code /health} and {@code /ready} must carry one of
 *       the secrets (401 otherwise) and stay within its paths (403 otherwise). Required when {@code host} is
 *       not a loopback address</td></tr>
 *   <tr><td>maxRequestBodyBytes</td><td>0</td><td>a request declaring a larger Content-Length gets 413
 *       (0: no limit; Kubo sets none either, and adds can be many GiB)</td></tr>
 *   <tr><td>maxConcurrentRequests</td><td>256</td><td>requests in flight past this get 429 with
 *       Retry-After</td></tr>
 *   <tr><td>requestTimeoutSeconds</td><td>0</td><td>a request not answered in this time gets 503, or is cut if
 *       its answer has begun (0: none, since pubsub subscriptions and large adds legitimately run long)</td></tr>
 *   <tr><td>retryAfterSeconds</td><td>1</td><td>the Retry-After of a 429</td></tr>
 * </table>
 */
public record ApiLimits(List<ApiAuthorization> authorizations, long maxRequestBodyBytes, int maxConcurrentRequests,
                        int requestTimeoutSeconds, int retryAfterSeconds) {

    public static final String AUTHORIZATIONS = "authorizations";
    public static final String MAX_REQUEST_BODY_BYTES = "maxRequestBodyBytes";
    public static final String MAX_CONCURRENT_REQUESTS = "maxConcurrentRequests";
    public static final String REQUEST_TIMEOUT_SECONDS = "requestTimeoutSeconds";
    public static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";
    /** The keys of the {@code api} section this record reads. */
    public static final List<String> KEYS = List.of(AUTHORIZATIONS, MAX_REQUEST_BODY_BYTES, MAX_CONCURRENT_REQUESTS,
            REQUEST_TIMEOUT_SECONDS, RETRY_AFTER_SECONDS);

    public ApiLimits {
        authorizations = List.copyOf(authorizations);
        if (maxRequestBodyBytes < 0 || requestTimeoutSeconds < 0) {
            throw new IllegalArgumentException("maxRequestBodyBytes and requestTimeoutSeconds must not be negative");
        }
        if (maxConcurrentRequests < 1) {
            throw new IllegalArgumentException("maxConcurrentRequests must be at least 1, got " + maxConcurrentRequests);
        }
        if (retryAfterSeconds < 1) {
            throw new IllegalArgumentException("retryAfterSeconds must be at least 1, got " + retryAfterSeconds);
        }
    }

    public static ApiLimits from(JsonObject api) {
        return new ApiLimits(authorizations(api.getJsonObject(AUTHORIZATIONS, new JsonObject())),
                api.getLong(MAX_REQUEST_BODY_BYTES, 0L),
                api.getInteger(MAX_CONCURRENT_REQUESTS, 256),
                api.getInteger(REQUEST_TIMEOUT_SECONDS, 0),
                api.getInteger(RETRY_AFTER_SECONDS, 1));
    }

    public boolean authorizationRequired() {
        return !authorizations.isEmpty();
    }

    /**
     * Refuses a configuration that would expose the API beyond this machine without authorizations, as Kubo
     * advises against: anyone who reaches the RPC API controls the node.
     */
    public void checkExposure(String host) {
        if (!authorizationRequired() && !isLoopback(host)) {
            throw new IllegalArgumentException("the API would listen on " + host + ", which is not a loopback address,"
                    + " without api.authorizations: anyone reaching it could control this node. Add an"
                    + " api.authorizations entry (AuthSecret bearer:TOKEN or basic:USER:PASSWORD, AllowedPaths) or"
                    + " listen on 127.0.0.1");
        }
    }

    static boolean isLoopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static List<ApiAuthorization> authorizations(JsonObject entries) {
        List<ApiAuthorization> result = new ArrayList<>();
        for (String name : entries.fieldNames()) {
            Object value = entries.getValue(name);
            if (!(value instanceof JsonObject entry)) {
                throw new IllegalArgumentException("api authorization '" + name + "' must be a map with AuthSecret"
                        + " and AllowedPaths");
            }
            String secret = entry.getString("AuthSecret", entry.getString("authSecret"));
            JsonArray paths = entry.getJsonArray("AllowedPaths", entry.getJsonArray("allowedPaths", new JsonArray()));
            result.add(ApiAuthorization.of(name, secret, paths.stream().map(String::valueOf).toList()));
        }
        return result;
    }
}
