package io.strata.node;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code strata daemon}: runs a node until SIGTERM/SIGINT, then stops it cleanly (RocksDB closed). */
@Command(name = "daemon", description = "Run a Strata node.")
final class DaemonCommand implements Callable<Integer> {

    /** Exit code meaning "the node is running; do not exit the JVM". */
    static final int KEEP_RUNNING = -1;

    @ParentCommand
    private Main main;

    @Option(names = "--config", description = "YAML file overriding the bundled conf/strata.yaml (env STRATA_CONFIG)")
    private Path config;

    @Option(names = "--repo", description = "Repository directory (env STRATA_REPO; default .strata-data)")
    private String repo;

    @Option(names = "--api-host", description = "RPC API host (env STRATA_API_HOST)")
    private String apiHost;

    @Option(names = "--api-port", description = "RPC API port (env STRATA_API_PORT)")
    private Integer apiPort;

    @Option(names = "--gateway-host", description = "Gateway host (env STRATA_GATEWAY_HOST)")
    private String gatewayHost;

    @Option(names = "--gateway-port", description = "Gateway port (env STRATA_GATEWAY_PORT)")
    private Integer gatewayPort;

    @Option(names = "--cluster", description = "Join a cluster (cluster.enabled; env STRATA_CLUSTER_ENABLED)")
    private boolean cluster;

    @Option(names = "--cluster-members", paramLabel = "HOST[:PORT],...",
            description = "Members to join over TCP/IP (cluster.members; env STRATA_CLUSTER_MEMBERS)")
    private String clusterMembers;

    @Option(names = "--cluster-host", description = "Address the cluster binds (cluster.host; env STRATA_CLUSTER_HOST)")
    private String clusterHost;

    @Option(names = "--cluster-port", description = "First cluster port tried (cluster.port; env STRATA_CLUSTER_PORT)")
    private Integer clusterPort;

    @Option(names = "--deals-provider", description = "Take storage deals as a provider, clustered nodes only"
            + " (deals.provider.enabled; env STRATA_DEALS_PROVIDER_ENABLED)")
    private boolean dealsProvider;

    @Option(names = "--set", paramLabel = "SECTION.KEY=VALUE", description = "Set any config key, e.g. blockstore.syncWrites=false")
    private Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        NodeConfig nodeConfig = NodeConfig.load(Optional.ofNullable(config), main.environment(), overrides());
        main.out().println("Initializing daemon...");
        main.out().println("Repository: " + nodeConfig.repo());
        StrataNode node;
        try {
            node = StrataNode.start(nodeConfig).toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            main.err().println("Error: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node), "strata-shutdown"));
        main.out().println("PeerID: " + node.identity().peerId());
        main.out().println("RPC API server listening on /ip4/" + nodeConfig.api().getString("host") + "/tcp/"
                + nodeConfig.api().getInteger("port"));
        main.out().println("Gateway server listening on /ip4/" + nodeConfig.gateway().getString("host") + "/tcp/"
                + nodeConfig.gateway().getInteger("port"));
        for (String address : node.self().addresses()) {
            main.out().println("Swarm announcing " + address);
        }
        main.out().println("Daemon is ready");
        return KEEP_RUNNING;
    }

    private Map<String, String> overrides() {
        Map<String, String> overrides = new LinkedHashMap<>(settings);
        putIfSet(overrides, "repo", repo);
        putIfSet(overrides, "api.host", apiHost);
        putIfSet(overrides, "api.port", apiPort);
        putIfSet(overrides, "gateway.host", gatewayHost);
        putIfSet(overrides, "gateway.port", gatewayPort);
        if (cluster) {
            overrides.put("cluster.enabled", "true");
        }
        putIfSet(overrides, "cluster.members", clusterMembers);
        putIfSet(overrides, "cluster.host", clusterHost);
        putIfSet(overrides, "cluster.port", clusterPort);
        if (dealsProvider) {
            overrides.put("deals.provider.enabled", "true");
        }
        return overrides;
    }

    private static void putIfSet(Map<String, String> overrides, String key, Object value) {
        if (value != null) {
            overrides.put(key, value.toString());
        }
    }

    private void stop(StrataNode node) {
        main.err().println("Received shutdown signal, stopping the node...");
        try {
            node.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            main.err().println("Error: the node did not stop cleanly: " + e);
        }
    }
}
