package io.strata.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.YamlConfigBuilder;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code cluster:} section of strata.yaml: whether the node joins a cluster, and the few Hazelcast
 * settings an operator usually changes, laid over the Hazelcast YAML in conf/cluster.yaml (or the file
 * {@code hazelcastConfig} names). Empty text and port 0 keep the YAML's value.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code enabled}</td><td>false</td><td>join a cluster; otherwise the node is alone and has no peers</td></tr>
 * <tr><td>{@code hazelcastConfig}</td><td>""</td><td>a Hazelcast YAML file used instead of the bundled cluster.yaml</td></tr>
 * <tr><td>{@code name}</td><td>""</td><td>cluster name; nodes only join nodes with the same one</td></tr>
 * <tr><td>{@code host}</td><td>""</td><td>local address Hazelcast and the event bus bind (Hazelcast picks one when empty)</td></tr>
 * <tr><td>{@code port}</td><td>0</td><td>first Hazelcast port tried (taken ones are skipped)</td></tr>
 * <tr><td>{@code members}</td><td>""</td><td>comma-separated {@code host} or {@code host:port} to join over TCP/IP</td></tr>
 * <tr><td>{@code kubernetesServiceDns}</td><td>""</td><td>DNS name of a headless Service: find members by DNS
 * lookup instead of the member list</td></tr>
 * <tr><td>{@code advertisedHost}</td><td>""</td><td>host in this node's advertised multiaddrs (default: the
 * address the cluster bound)</td></tr>
 * <tr><td>{@code failureTimeoutSeconds}</td><td>0</td><td>a silent member is removed after this long</td></tr>
 * <tr><td>{@code tags}</td><td>""</td><td>{@code key=value,key=value} (or a YAML map) shown to other members</td></tr>
 * <tr><td>{@code secret}</td><td>""</td><td>shared cluster secret (at least 16 characters): only nodes holding it
 * join and are listed as members ({@link ClusterSecurity})</td></tr>
 * <tr><td>{@code tls}</td><td>false</td><td>event bus between nodes over TLS with client authentication, with
 * certificates from a CA derived from {@code secret} (requires it)</td></tr>
 * </table>
 */
public record ClusterConfig(boolean enabled, String hazelcastConfig, String name, String host, int port,
                            List<String> members, String kubernetesServiceDns, String advertisedHost,
                            int failureTimeoutSeconds, Map<String, String> tags, String secret, boolean tls) {

    /** The bundled Hazelcast YAML (conf/cluster.yaml) on the class path. */
    public static final String BUNDLED_HAZELCAST_CONFIG = "/cluster.yaml";

    /** JUL keeps loggers weakly; this reference keeps Hazelcast's level set. */
    private static final Logger HAZELCAST_LOGGER = Logger.getLogger("com.hazelcast");
    /** Warns at every start that CP structures are unsafe; Vert.x uses none. */
    private static final Logger CP_SUBSYSTEM_LOGGER = Logger.getLogger("com.hazelcast.cp.CPSubsystem");

    public ClusterConfig {
        Objects.requireNonNull(hazelcastConfig, "hazelcastConfig");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(kubernetesServiceDns, "kubernetesServiceDns");
        Objects.requireNonNull(advertisedHost, "advertisedHost");
        members = List.copyOf(members);
        tags = Map.copyOf(tags);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("cluster port must be between 0 and 65535, got " + port);
        }
        Objects.requireNonNull(secret, "secret");
        if (!secret.isEmpty() && secret.length() < 16) {
            throw new IllegalArgumentException("cluster secret must have at least 16 characters");
        }
        if (tls && secret.isEmpty()) {
            throw new IllegalArgumentException("cluster tls needs a cluster secret: the certificates derive from it");
        }
        if (failureTimeoutSeconds < 0) {
            throw new IllegalArgumentException("cluster failureTimeoutSeconds must not be negative, got " + failureTimeoutSeconds);
        }
    }

    /** A cluster without a secret: any node with the cluster name joins, and the event bus is plain TCP. */
    public ClusterConfig(boolean enabled, String hazelcastConfig, String name, String host, int port, List<String> members,
                         String kubernetesServiceDns, String advertisedHost, int failureTimeoutSeconds, Map<String, String> tags) {
        this(enabled, hazelcastConfig, name, host, port, members, kubernetesServiceDns, advertisedHost,
                failureTimeoutSeconds, tags, "", false);
    }

    public static ClusterConfig disabled() {
        return from(new JsonObject());
    }

    /** Reads the section; every key is optional. */
    public static ClusterConfig from(JsonObject json) {
        return new ClusterConfig(json.getBoolean("enabled", false), json.getString("hazelcastConfig", ""),
                json.getString("name", ""), json.getString("host", ""), json.getInteger("port", 0),
                splitList(json.getString("members", "")), json.getString("kubernetesServiceDns", ""),
                json.getString("advertisedHost", ""), json.getInteger("failureTimeoutSeconds", 0),
                tags(json.getValue("tags")), json.getString("secret", ""), json.getBoolean("tls", false));
    }

    /** What the secret gives (admission checks and the TLS CA), when one is configured. */
    public Optional<ClusterSecurity> security() {
        return secret.isEmpty() ? Optional.empty() : Optional.of(ClusterSecurity.fromSecret(secret));
    }

    /** The event-bus options of a clustered node: {@code base}, with TLS when {@code tls} is on. */
    public EventBusOptions eventBus(EventBusOptions base, String nodeName) {
        return tls ? ClusterSecurity.fromSecret(secret).tls(base, nodeName) : base;
    }

    /** The secret must not end up in logs or in a member's published config. */
    @Override
    public String toString() {
        return "ClusterConfig[enabled=" + enabled + ", name=" + name + ", host=" + host + ", port=" + port
                + ", members=" + members + ", kubernetesServiceDns=" + kubernetesServiceDns + ", secret="
                + (secret.isEmpty() ? "none" : "set") + ", tls=" + tls + "]";
    }

    /**
     * The Hazelcast configuration: the YAML file, then this section's non-empty values. Also turns
     * Hazelcast's own console logging down to warnings.
     */
    public Config hazelcast() {
        HAZELCAST_LOGGER.setLevel(Level.WARNING);
        CP_SUBSYSTEM_LOGGER.setLevel(Level.SEVERE);
        Config config = readYaml();
        if (!name.isEmpty()) {
            config.setClusterName(name);
        }
        if (!host.isEmpty()) {
            config.setProperty("hazelcast.local.localAddress", host);
        }
        if (port != 0) {
            config.getNetworkConfig().setPort(port);
        }
        if (failureTimeoutSeconds != 0) {
            config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(failureTimeoutSeconds));
        }
        security().ifPresent(security -> {
            config.setClusterName(security.hazelcastClusterName(config.getClusterName()));
            config.getMemberAttributeConfig().setAttribute(ClusterSecurity.PROOF_ATTRIBUTE, security.memberProof());
        });
        JoinConfig join = config.getNetworkConfig().getJoin();
        if (!members.isEmpty()) {
            join.getTcpIpConfig().setMembers(members);
        }
        if (!kubernetesServiceDns.isEmpty()) {
            join.getTcpIpConfig().setEnabled(false);
            join.getMulticastConfig().setEnabled(false);
            join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", kubernetesServiceDns);
        }
        return config;
    }

    private Config readYaml() {
        if (hazelcastConfig.isEmpty()) {
            try (InputStream in = ClusterConfig.class.getResourceAsStream(BUNDLED_HAZELCAST_CONFIG)) {
                if (in == null) {
                    throw new IllegalStateException("the bundled " + BUNDLED_HAZELCAST_CONFIG + " is missing from the class path");
                }
                return new YamlConfigBuilder(in).build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the bundled " + BUNDLED_HAZELCAST_CONFIG, e);
            }
        }
        try (InputStream in = Files.newInputStream(Path.of(hazelcastConfig))) {
            return new YamlConfigBuilder(in).build();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the Hazelcast config " + hazelcastConfig + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the Hazelcast config " + hazelcastConfig + " is invalid: " + e.getMessage(), e);
        }
    }

    private static List<String> splitList(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    private static Map<String, String> tags(Object value) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (value == null) {
            return tags;
        }
        if (value instanceof JsonObject map) {
            map.forEach(entry -> tags.put(entry.getKey(), String.valueOf(entry.getValue())));
            return tags;
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException("cluster tags must be key=value,key=value or a map, got " + value);
        }
        for (String pair : splitList(text)) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("cluster tag '" + pair + "' must be key=value");
            }
            tags.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return tags;
    }
}
