package io.strata.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.strata.blockstore.verticle.BlockStoreConfig;
import io.strata.cluster.ClusterConfig;
import io.strata.pinning.verticle.PinningConfig;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's configuration: the bundled strata.yaml, overlaid by a user file, environment variables and
 * flags (in that order; conf/README.md has the table). Each verticle gets its own section as JSON and reads
 * it into its own typed config ({@link BlockStoreConfig}, {@code io.strata.api.ApiConfig},
 * {@link ClusterConfig}, {@code io.strata.deals.verticle.DealsConfig}).
 */
public record NodeConfig(Path repo, JsonObject blockstore, JsonObject api, JsonObject gateway, JsonObject metrics,
                         JsonObject cluster, JsonObject dht, JsonObject bitswap, JsonObject ipns, JsonObject pinning,
                         JsonObject pinningService, JsonObject deals, JsonObject libp2p) {

    public static final String BUNDLED = "/strata.yaml";
    public static final String CONFIG_ENV = "STRATA_CONFIG";
    public static final String ENV_PREFIX = "STRATA_";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CAST_TARGET = Pattern.compile("cannot be cast to class ([\\w.$]+)");
    private static final Map<String, String> EXPECTED_TYPES = Map.of("java.lang.Number", "a number",
            "java.lang.Integer", "a whole number", "java.lang.Long", "a whole number", "java.lang.Boolean",
            "true or false", "java.lang.String", "text", "java.lang.CharSequence", "text",
            "io.vertx.core.json.JsonObject", "a section (a map)", "io.vertx.core.json.JsonArray", "a list");

    public NodeConfig {
        repo = repo.toAbsolutePath().normalize();
        blockstore = blockstore.copy();
        api = api.copy();
        gateway = gateway.copy();
        metrics = metrics.copy();
        cluster = cluster.copy();
        dht = dht.copy();
        bitswap = bitswap.copy();
        ipns = ipns.copy();
        pinning = pinning.copy();
        pinningService = pinningService.copy();
        deals = deals.copy();
        libp2p = libp2p.copy();
    }

    /**
     * Reads the bundled defaults, then {@code userFile} (if given, else the file named by
     * {@value #CONFIG_ENV}), then {@code environment}, then {@code overrides} ({@code section.key} or
     * {@code repo} to a value as text).
     */
    public static NodeConfig load(Optional<Path> userFile, Map<String, String> environment, Map<String, String> overrides) {
        JsonObject tree = readBundled();
        Optional<Path> file = userFile.or(() -> Optional.ofNullable(environment.get(CONFIG_ENV)).map(Path::of));
        file.ifPresent(path -> tree.mergeIn(readFile(path), true));
        Map<String, String> fromEnvironment = new LinkedHashMap<>();
        forEachKey(tree, (key, value) -> {
            String variable = environmentName(key);
            if (environment.containsKey(variable)) {
                fromEnvironment.put(key, environment.get(variable));
            }
        });
        apply(tree, fromEnvironment, "environment");
        apply(tree, overrides, "flag");
        return fromTree(tree);
    }

    /** {@code api.port} is {@code STRATA_API_PORT}, {@code blockstore.syncWrites} is {@code STRATA_BLOCKSTORE_SYNC_WRITES}. */
    public static String environmentName(String key) {
        return ENV_PREFIX + key.replace('.', '_').replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /** The block store verticle's deployment config: its section plus the repository's blocks directory. */
    public JsonObject blockStoreDeployment() {
        return blockstore.copy().put(BlockStoreConfig.DIRECTORY, repo.resolve("blocks").toString());
    }

    /** The {@code cluster:} section, typed; invalid values fail here with the key named. */
    public ClusterConfig clusterConfig() {
        return typedSection("cluster", cluster, ClusterConfig::from);
    }

    /** The {@code pinning:} section, typed; invalid values fail here with the section named. */
    public PinningConfig pinningConfig() {
        return typedSection("pinning", pinning, PinningConfig::from);
    }

    /**
     * Reads the section {@code name} into its verticle's typed config; a failure names the section, and a value
     * of the wrong type (which the JSON getters report as a bare ClassCastException) its key.
     */
    public static <T> T typedSection(String name, JsonObject section, Function<JsonObject, T> reader) {
        try {
            return reader.apply(section);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("config: invalid '" + name + "' section: "
                    + wrongType(section, reader, e), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("config: invalid '" + name + "' section: " + e.getMessage(), e);
        }
    }

    /** Finds the key whose value the reader could not cast: the one without which the cast no longer fails. */
    private static String wrongType(JsonObject section, Function<JsonObject, ?> reader, ClassCastException failure) {
        Matcher cast = CAST_TARGET.matcher(String.valueOf(failure.getMessage()));
        String expected = cast.find() ? EXPECTED_TYPES.getOrDefault(cast.group(1), cast.group(1)) : "of another type";
        for (String key : section.fieldNames()) {
            JsonObject without = section.copy();
            without.remove(key);
            try {
                reader.apply(without);
            } catch (ClassCastException stillFailing) {
                continue;
            } catch (RuntimeException otherwiseInvalid) {
                // the cast no longer fails: this key's value was the one of the wrong type
            }
            Object value = section.getValue(key);
            return "'" + key + "' must be " + expected + ", got "
                    + (value instanceof String text ? "'" + text + "'" : value);
        }
        return "a value is of the wrong type (" + failure.getMessage() + ")";
    }

    /** True when {@code libp2p.enabled}: the node then runs the libp2p swarm beside the cluster's DHT and Bitswap. */
    public boolean libp2pEnabled() {
        return libp2p.getBoolean("enabled", false);
    }

    public boolean metricsEnabled() {
        return metrics.getBoolean("enabled", true);
    }

    /** Where the RPC API listens, as an http URL. */
    public String apiUrl() {
        return "http://" + api.getString("host") + ":" + api.getInteger("port");
    }

    private static NodeConfig fromTree(JsonObject tree) {
        Object repo = tree.getValue("repo");
        if (!(repo instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException("config: 'repo' must name a directory");
        }
        return new NodeConfig(Path.of(text), section(tree, "blockstore"), section(tree, "api"),
                section(tree, "gateway"), section(tree, "metrics"), section(tree, "cluster"),
                section(tree, "dht"), section(tree, "bitswap"), section(tree, "ipns"), section(tree, "pinning"),
                section(tree, "pinningService"),
                section(tree, "deals"), section(tree, "libp2p"));
    }

    private static JsonObject section(JsonObject tree, String name) {
        Object value = tree.getValue(name);
        if (value == null) {
            return new JsonObject();
        }
        if (!(value instanceof JsonObject object)) {
            throw new IllegalArgumentException("config: '" + name + "' must be a section (a map), got " + value);
        }
        return object;
    }

    private static void apply(JsonObject tree, Map<String, String> values, String source) {
        values.forEach((key, text) -> {
            String[] path = key.split("\\.");
            JsonObject parent = tree;
            for (int i = 0; i < path.length - 1; i++) {
                JsonObject child = parent.getJsonObject(path[i]);
                if (child == null) {
                    child = new JsonObject();
                    parent.put(path[i], child);
                }
                parent = child;
            }
            String leaf = path[path.length - 1];
            parent.put(leaf, typed(key, text, parent.getValue(leaf), source));
        });
    }

    /**
     * Converts a textual override to the type of the value it replaces, so a port stays a number; a key the
     * defaults do not name is typed as the same text would be in the YAML file.
     */
    private static Object typed(String key, String text, Object current, String source) {
        if (current == null) {
            return yamlScalar(text);
        }
        try {
            if (current instanceof Integer || current instanceof Long) {
                return integer(Long.parseLong(text.trim()));
            }
            if (current instanceof Boolean) {
                String lower = text.trim().toLowerCase(Locale.ROOT);
                if (!lower.equals("true") && !lower.equals("false")) {
                    throw new NumberFormatException("not true or false");
                }
                return Boolean.parseBoolean(lower);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config " + source + " for '" + key + "': cannot use '" + text + "' ("
                    + e.getMessage() + "); it must be a " + current.getClass().getSimpleName().toLowerCase(Locale.ROOT));
        }
        return text;
    }

    /** {@code 1048576} a number, {@code true} a boolean, anything else (a YAML map or list too) the text itself. */
    private static Object yamlScalar(String text) {
        JsonNode node;
        try {
            node = YAML.readTree(text);
        } catch (IOException notYaml) {
            return text;
        }
        if (node == null) {
            return text;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return integer(node.longValue());
        }
        if (node.isFloatingPointNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return text;
    }

    /** An Integer where the value fits one, as the YAML parser gives it, else a Long. */
    private static Object integer(long number) {
        return number == (int) number ? Integer.valueOf((int) number) : Long.valueOf(number);
    }

    private interface KeyVisitor {
        void visit(String key, Object value);
    }

    private static void forEachKey(JsonObject tree, KeyVisitor visitor) {
        forEachKey("", tree, visitor);
    }

    private static void forEachKey(String prefix, JsonObject tree, KeyVisitor visitor) {
        for (String name : tree.fieldNames()) {
            Object value = tree.getValue(name);
            if (value instanceof JsonObject child) {
                forEachKey(prefix + name + ".", child, visitor);
            } else {
                visitor.visit(prefix + name, value);
            }
        }
    }

    private static JsonObject readBundled() {
        try (InputStream in = NodeConfig.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("the bundled " + BUNDLED + " is missing from the class path");
            }
            return parse(in.readAllBytes(), "bundled " + BUNDLED);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled " + BUNDLED, e);
        }
    }

    private static JsonObject readFile(Path path) {
        try {
            return parse(Files.readAllBytes(path), path.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the config file " + path + ": " + e.getMessage(), e);
        }
    }

    private static JsonObject parse(byte[] yaml, String origin) {
        try {
            JsonNode root = YAML.readTree(yaml);
            if (root == null || root.isMissingNode() || root.isNull()) {
                return new JsonObject();
            }
            if (!root.isObject()) {
                throw new IllegalArgumentException("the config " + origin + " must be a YAML map at the top level");
            }
            return new JsonObject(JSON.writeValueAsString(root));
        } catch (IOException e) {
            throw new IllegalArgumentException("the config " + origin + " is not valid YAML: " + e.getMessage(), e);
        }
    }
}
