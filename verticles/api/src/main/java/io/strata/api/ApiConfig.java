package io.strata.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The API verticle's configuration, read from its deployment config JSON.
 *
 * <table>
 *   <caption>keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>host</td><td>127.0.0.1</td><td>address the RPC server listens on</td></tr>
 *   <tr><td>port</td><td>5001</td><td>RPC port; 0 picks a free one</td></tr>
 *   <tr><td>peerId</td><td>""</td><td>the node's peer ID (set by the launcher from its identity)</td></tr>
 *   <tr><td>publicKey</td><td>""</td><td>the node's public key, base64 protobuf as Kubo prints it</td></tr>
 *   <tr><td>addresses</td><td>[]</td><td>multiaddrs reported by {@code id}</td></tr>
 *   <tr><td>agentVersion</td><td>strata/0.1.0</td><td>reported by {@code id}</td></tr>
 *   <tr><td>allowedOrigins</td><td>[]</td><td>browser origins allowed to call the API ({@code "*"}: any);
 *       requests with another Origin or Referer get 403, as in Kubo</td></tr>
 *   <tr><td>bodyBufferBytes</td><td>4194304</td><td>upload bytes held in memory before the request is paused</td></tr>
 *   <tr><td>workerPoolSize</td><td>8</td><td>threads for imports, exports and block-store waits</td></tr>
 *   <tr><td>bodyStallSeconds</td><td>300</td><td>an upload sending nothing this long fails (0: never)</td></tr>
 *   <tr><td>idleTimeoutSeconds</td><td>0</td><td>a connection silent this long is closed (0: never, so idle
 *       pubsub subscriptions stay open)</td></tr>
 * </table>
 */
public record ApiConfig(String host, int port, String peerId, String publicKey, List<String> addresses,
                        String agentVersion, List<String> allowedOrigins, int bodyBufferBytes, int workerPoolSize, int bodyStallSeconds,
                        int idleTimeoutSeconds) {

    public static final String AGENT_VERSION = "strata/0.1.0";

    public ApiConfig {
        addresses = List.copyOf(addresses);
        allowedOrigins = List.copyOf(allowedOrigins);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("api port must be between 0 and 65535, got " + port);
        }
        if (bodyBufferBytes < 64 * 1024) {
            throw new IllegalArgumentException("bodyBufferBytes must be at least 65536, got " + bodyBufferBytes);
        }
        if (bodyStallSeconds < 0 || idleTimeoutSeconds < 0) {
            throw new IllegalArgumentException("bodyStallSeconds and idleTimeoutSeconds must not be negative");
        }
        if (workerPoolSize < 1) {
            throw new IllegalArgumentException("workerPoolSize must be at least 1, got " + workerPoolSize);
        }
    }

    public static ApiConfig from(JsonObject json) {
        JsonArray addresses = json.getJsonArray("addresses", new JsonArray());
        return new ApiConfig(
                json.getString("host", "127.0.0.1"),
                json.getInteger("port", 5001),
                json.getString("peerId", ""),
                json.getString("publicKey", ""),
                addresses.stream().map(String::valueOf).toList(),
                json.getString("agentVersion", AGENT_VERSION),
                json.getJsonArray("allowedOrigins", new JsonArray()).stream().map(String::valueOf).toList(),
                json.getInteger("bodyBufferBytes", 4 * 1024 * 1024),
                json.getInteger("workerPoolSize", 8),
                json.getInteger("bodyStallSeconds", 300),
                json.getInteger("idleTimeoutSeconds", 0));
    }
}
