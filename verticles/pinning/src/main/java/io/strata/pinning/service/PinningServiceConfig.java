package io.strata.pinning.service;

import io.strata.pinning.ReplicationFactor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the IPFS Pinning Service API, section {@code pinningService} of conf/strata.yaml: where it
 * listens, the bearer tokens it accepts, and the replication factor of the pins its clients create. It runs
 * only with a port and at least one token: a service that accepts no token serves nobody.
 */
public record PinningServiceConfig(String host, int port, List<String> tokens, ReplicationFactor replication) {

    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String TOKENS = "tokens";
    public static final String REPLICATION_MIN = "replicationMin";
    public static final String REPLICATION_MAX = "replicationMax";
    public static final int DEFAULT_PORT = 5002;

    public PinningServiceConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("pinningService.port must be 0..65535, got " + port);
        }
        tokens = tokens.stream().filter(token -> !token.isBlank()).toList();
    }

    public boolean enabled() {
        return port != 0 && !tokens.isEmpty();
    }

    /** Reads the section; absent keys take their defaults (127.0.0.1, port 5002, replication -1/-1). */
    public static PinningServiceConfig from(JsonObject json) {
        List<String> tokens = new ArrayList<>();
        Object raw = json.getValue(TOKENS);
        if (raw instanceof JsonArray array) {
            array.forEach(token -> tokens.add(String.valueOf(token)));
        } else if (raw instanceof String text) {
            for (String token : text.split(",")) {
                if (!token.isBlank()) {
                    tokens.add(token.trim());
                }
            }
        }
        return new PinningServiceConfig(json.getString(HOST, "127.0.0.1"), json.getInteger(PORT, DEFAULT_PORT),
                tokens, new ReplicationFactor(json.getInteger(REPLICATION_MIN, ReplicationFactor.EVERY_NODE),
                json.getInteger(REPLICATION_MAX, ReplicationFactor.EVERY_NODE)));
    }
}
