package io.strata.libp2p.verticle;

import io.strata.multiformats.Multiaddr;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The libp2p verticle's configuration (the {@code libp2p:} section of strata.yaml).
 *
 * @param host the address the swarm listens on ({@code 0.0.0.0}: every interface)
 * @param port the swarm's TCP port (0: any free port, for tests)
 * @param handshakeTimeoutMillis how long a new connection may take to reach Yamux before it is closed
 * @param maxConnections connections open at once beyond which new inbound ones are refused
 * @param bootstrap peers ({@code /ip4/.../tcp/.../p2p/<id>}) dialed on start and again whenever their connection drops
 * @param bootstrapBackoff the wait between dials of a bootstrap peer that cannot be reached
 */
public record Libp2pConfig(String host, int port, long handshakeTimeoutMillis, int maxConnections,
                           List<Multiaddr> bootstrap, BootstrapBackoff bootstrapBackoff) {

    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String HANDSHAKE_TIMEOUT_MILLIS = "handshakeTimeoutMillis";
    public static final String MAX_CONNECTIONS = "maxConnections";
    public static final String BOOTSTRAP = "bootstrap";
    public static final String BOOTSTRAP_BACKOFF_MILLIS = "bootstrapBackoffMillis";
    public static final String BOOTSTRAP_BACKOFF_MAX_MILLIS = "bootstrapBackoffMaxMillis";

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
        bootstrap = List.copyOf(bootstrap);
        for (Multiaddr address : bootstrap) {
            Addresses.tcpTarget(address);
        }
    }

    /** No bootstrap peers, the default backoff. */
    public Libp2pConfig(String host, int port, long handshakeTimeoutMillis, int maxConnections) {
        this(host, port, handshakeTimeoutMillis, maxConnections, List.of(), BootstrapBackoff.DEFAULT);
    }

    public static Libp2pConfig defaults() {
        return new Libp2pConfig("0.0.0.0", DEFAULT_PORT, 10_000, 1024);
    }

    public static Libp2pConfig fromJson(JsonObject json) {
        Libp2pConfig defaults = defaults();
        return new Libp2pConfig(json.getString(HOST, defaults.host()), json.getInteger(PORT, defaults.port()),
                json.getLong(HANDSHAKE_TIMEOUT_MILLIS, defaults.handshakeTimeoutMillis()),
                json.getInteger(MAX_CONNECTIONS, defaults.maxConnections()), bootstrapPeers(json.getValue(BOOTSTRAP)),
                new BootstrapBackoff(json.getLong(BOOTSTRAP_BACKOFF_MILLIS, BootstrapBackoff.DEFAULT.initialMillis()),
                        json.getLong(BOOTSTRAP_BACKOFF_MAX_MILLIS, BootstrapBackoff.DEFAULT.maxMillis())));
    }

    /** A YAML list, or comma-separated text as environment variables and flags give it; blanks are skipped. */
    private static List<Multiaddr> bootstrapPeers(Object raw) {
        List<String> texts = new ArrayList<>();
        if (raw instanceof JsonArray array) {
            array.forEach(entry -> texts.add(String.valueOf(entry)));
        } else if (raw instanceof String text) {
            texts.addAll(List.of(text.split(",")));
        } else if (raw != null) {
            throw new IllegalArgumentException("libp2p " + BOOTSTRAP + " must be a list of multiaddrs, got " + raw);
        }
        List<Multiaddr> peers = new ArrayList<>();
        for (String text : texts) {
            if (text.isBlank()) {
                continue;
            }
            Multiaddr address;
            try {
                address = Multiaddr.parse(text.trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("libp2p " + BOOTSTRAP + " entry '" + text.trim() + "' is not a multiaddr: "
                        + e.getMessage(), e);
            }
            try {
                Addresses.tcpTarget(address);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("libp2p " + BOOTSTRAP + " entry: " + e.getMessage(), e);
            }
            peers.add(address);
        }
        return peers;
    }

    public Libp2pConfig withPort(int newPort) {
        return new Libp2pConfig(host, newPort, handshakeTimeoutMillis, maxConnections, bootstrap, bootstrapBackoff);
    }
}
