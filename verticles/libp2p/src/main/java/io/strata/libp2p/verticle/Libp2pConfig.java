package io.strata.libp2p.verticle;

import io.vertx.core.json.JsonObject;

/**
 * The libp2p verticle's configuration (the {@code libp2p:} section of strata.yaml).
 *
 * @param host the address the swarm listens on ({@code 0.0.0.0}: every interface)
 * @param port the swarm's TCP port (0: any free port, for tests)
 * @param handshakeTimeoutMillis how long a new connection may take to reach Yamux before it is closed
 * @param maxConnections connections open at once beyond which new inbound ones are refused
 */
public record Libp2pConfig(String host, int port, long handshakeTimeoutMillis, int maxConnections) {

    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String HANDSHAKE_TIMEOUT_MILLIS = "handshakeTimeoutMillis";
    public static final String MAX_CONNECTIONS = "maxConnections";

    public static final int DEFAULT_PORT = 4001;

    public Libp2pConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("libp2p " + PORT + " must lie in [0, 65535], got " + port);
        }
        if (handshakeTimeoutMillis <= 0) {
            throw new IllegalArgumentException("libp2p " + HANDSHAKE_TIMEOUT_MILLIS + " must be positive, got " + handshakeTimeoutMillis);
        }
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("libp2p " + MAX_CONNECTIONS + " must be positive, got " + maxConnections);
        }
    }

    public static Libp2pConfig defaults() {
        return new Libp2pConfig("0.0.0.0", DEFAULT_PORT, 10_000, 1024);
    }

    public static Libp2pConfig fromJson(JsonObject json) {
        Libp2pConfig defaults = defaults();
        return new Libp2pConfig(json.getString(HOST, defaults.host()), json.getInteger(PORT, defaults.port()),
                json.getLong(HANDSHAKE_TIMEOUT_MILLIS, defaults.handshakeTimeoutMillis()),
                json.getInteger(MAX_CONNECTIONS, defaults.maxConnections()));
    }

    public Libp2pConfig withPort(int newPort) {
        return new Libp2pConfig(host, newPort, handshakeTimeoutMillis, maxConnections);
    }
}
