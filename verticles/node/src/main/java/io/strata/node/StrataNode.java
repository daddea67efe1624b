package io.strata.node;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.strata.api.ApiVerticle;
import io.strata.bitswap.verticle.BitswapConfig;
import io.strata.bitswap.verticle.BitswapExchange;
import io.strata.bitswap.verticle.BitswapVerticle;
import io.strata.bitswap.verticle.ProviderRouting;
import io.strata.pinning.service.PinningServiceConfig;
import io.strata.pinning.service.PinningServiceVerticle;
import io.strata.pinning.verticle.PinningConfig;
import io.strata.pinning.verticle.PinningVerticle;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.BlockStoreConfig;
import io.strata.blockstore.verticle.BlockStoreVerticle;
import io.strata.blockstore.verticle.RemoteBlocks;
import io.strata.cluster.ClusterConfig;
import io.strata.cluster.MembershipVerticle;
import io.strata.cluster.Multiaddrs;
import io.strata.cluster.PeerInfo;
import io.strata.crypto.NodeIdentity;
import io.strata.crypto.Secp256k1PrivateKey;
import io.strata.deals.EpochClock;
import io.strata.deals.FilecoinAddress;
import io.strata.deals.ScoringWeights;
import io.strata.deals.Secp256k1Accounts;
import io.strata.deals.Secp256k1ClientKey;
import io.strata.deals.verticle.DealDirectory;
import io.strata.deals.verticle.DealsConfig;
import io.strata.deals.verticle.HazelcastDealDirectory;
import io.strata.deals.verticle.StorageClientConfig;
import io.strata.deals.verticle.StorageClientVerticle;
import io.strata.deals.verticle.StorageProviderConfig;
import io.strata.deals.verticle.StorageProviderVerticle;
import io.strata.dht.DhtClient;
import io.strata.dht.DhtVerticle;
import io.strata.gateway.GatewayVerticle;
import io.strata.health.NodeHealth;
import io.strata.ipld.DagLinks;
import io.strata.ipns.IpnsDhtValidator;
import io.strata.ipns.verticle.DhtNameRouting;
import io.strata.ipns.verticle.IpnsVerticle;
import io.strata.ipns.verticle.NameRouting;
import io.strata.orbit.verticle.OrbitConfig;
import io.strata.orbit.verticle.OrbitVerticle;
import io.strata.libp2p.verticle.ConnectedPeersRouting;
import io.strata.libp2p.verticle.Libp2pConfig;
import io.strata.libp2p.verticle.Libp2pVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One Strata node in this JVM: creates the repository and identity on first start, starts Vert.x (with
 * Micrometer metrics on a Prometheus registry; clustered over Hazelcast when {@code cluster.enabled}), and
 * deploys the verticles in order: the block store (which takes the repository's lock, so a second node on
 * the same repository stops here), membership, in a cluster the DHT and Bitswap (with the DHT as Bitswap's
 * provider routing), pinning and storage deals, then the RPC API, then the trustless gateway, whose block reads fall back to Bitswap
 * on a local miss in a cluster; all share one
 * Prometheus registry (Vert.x' own meters only when metrics are enabled). Any failure undoes what was
 * started and fails the returned Future with the reason. Stopping undeploys the verticles (membership
 * removes this node's entry) and then leaves the cluster gracefully. Health: each deployed verticle, a block
 * store probe and, in a cluster, membership are checks of {@link NodeHealth}, which {@code /health} and
 * {@code /ready} answer from.
 */
public final class StrataNode {

    private static final System.Logger LOG = System.getLogger(StrataNode.class.getName());

    private final Vertx vertx;
    private final NodeConfig config;
    private final PrometheusMeterRegistry registry;
    private final HazelcastClusterManager clusterManager;
    private final EpochClock dealsClock;
    private NodeIdentity identity;
    private PeerInfo self;

    private StrataNode(Vertx vertx, NodeConfig config, PrometheusMeterRegistry registry, HazelcastClusterManager clusterManager,
                       EpochClock dealsClock) {
        this.vertx = vertx;
        this.config = config;
        this.registry = registry;
        this.clusterManager = clusterManager;
        this.dealsClock = dealsClock;
    }

    /** Starts a node; call from a plain thread (it creates the repository directory before Vert.x runs). */
    public static Future<StrataNode> start(NodeConfig config) {
        return start(config, null);
    }

    /**
     * Starts a node whose storage deals read epochs from {@code dealsClock} (tests move it by hand), or, when
     * null, from the wall clock counted from {@code deals.genesis}.
     */
    public static Future<StrataNode> start(NodeConfig config, EpochClock dealsClock) {
        ClusterConfig clusterConfig;
        DealsConfig dealsConfig;
        try {
            dealsConfig = NodeConfig.typedSection("deals", config.deals(), DealsConfig::from);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        EpochClock epochs = dealsClock != null ? dealsClock : EpochClock.fromClock(Clock.systemUTC(), dealsConfig.genesis());
        try {
            clusterConfig = config.clusterConfig();
            Files.createDirectories(config.repo());
        } catch (IOException e) {
            return Future.failedFuture(new UncheckedIOException(
                    "cannot create the repository directory " + config.repo() + ": " + e.getMessage(), e));
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        PrometheusMeterRegistry registry = NodeMetrics.registry();
        VertxBuilder builder = Vertx.builder();
        VertxOptions options = new VertxOptions();
        if (config.metricsEnabled()) {
            options.setMetricsOptions(NodeMetrics.vertxOptions());
            builder.withMetrics(new MicrometerMetricsFactory(registry));
        }
        if (!clusterConfig.enabled()) {
            return deployed(new StrataNode(builder.with(options).build(), config, registry, null, epochs));
        }
        HazelcastClusterManager clusterManager;
        try {
            clusterManager = new HazelcastClusterManager(clusterConfig.hazelcast());
            options.setEventBusOptions(clusterConfig.eventBus(options.getEventBusOptions(), config.repo().getFileName().toString()));
        } catch (RuntimeException e) {
            return Future.failedFuture(new IllegalArgumentException("cannot configure the cluster: " + e.getMessage(), e));
        }
        return builder.with(options).withClusterManager(clusterManager).buildClustered()
                .recover(failure -> Future.failedFuture(new IllegalStateException(
                        "cannot join the cluster: " + failure.getMessage(), failure)))
                .compose(vertx -> deployed(new StrataNode(vertx, config, registry, clusterManager, epochs)));
    }

    private static Future<StrataNode> deployed(StrataNode node) {
        Promise<StrataNode> started = Promise.promise();
        node.deploy().onComplete(deployed -> {
            if (deployed.succeeded()) {
                started.complete(node);
                return;
            }
            // Closed from outside Vert.x: a close() issued on one of its own event loops would complete on
            // that loop after it has shut down, and the failure would never be reported.
            CompletableFuture.runAsync(() -> node.vertx.close().onComplete(closed -> started.fail(deployed.cause())));
        });
        return started.future();
    }

    private Future<Void> deploy() {
        BlockStoreConfig blockStoreConfig = BlockStoreConfig.from(config.blockStoreDeployment());
        NodeHealth health = NodeHealth.of(vertx);
        BlockStoreHealthCheck.register(vertx, health);
        return vertx.deployVerticle(new BlockStoreVerticle(blockStoreConfig, registry, DagLinks::links))
                .compose(blockStore -> {
                    health.verticleDeployed("blockstore", blockStore);
                    return vertx.executeBlocking(() -> NodeIdentity.loadOrCreate(config.repo(), new SecureRandom()));
                })
                .compose(loaded -> {
                    identity = loaded;
                    self = new PeerInfo(identity.peerId(), advertisedAddresses(), config.clusterConfig().tags());
                    LOG.log(System.Logger.Level.INFO, "peer id {0}, repository {1}", identity.peerId(), config.repo());
                    return vertx.deployVerticle(clusterManager == null ? new MembershipVerticle(self)
                            : new MembershipVerticle(self, clusterManager, config.clusterConfig().security()));
                })
                .compose(membership -> {
                    health.verticleDeployed("membership", membership);
                    if (clusterManager != null) {
                        ClusterHealthCheck.register(vertx, health, clusterManager.getHazelcastInstance());
                        NodeMetrics.bindCluster(registry, clusterManager.getHazelcastInstance());
                    }
                    return clusterManager == null ? deployReaders(null) : deployNetwork().compose(this::deployReaders);
                })
                .onSuccess(deployed -> health.startupComplete());
    }

    /**
     * The DHT, then Bitswap with the DHT as its provider routing, then cluster pinning on the cluster's
     * Hazelcast instance; answers how readers reach other nodes.
     */
    private Future<RemoteBlocks> deployNetwork() {
        RemoteBlocks remoteBlocks = new BitswapRemoteBlocks(new BitswapExchange(vertx));
        BitswapConfig bitswapConfig;
        try {
            bitswapConfig = NodeConfig.typedSection("bitswap", config.bitswap(), BitswapConfig::from);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        PinningConfig pinningConfig;
        try {
            pinningConfig = config.pinningConfig();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return vertx.deployVerticle(new DhtVerticle(Map.of(IpnsDhtValidator.NAMESPACE, new IpnsDhtValidator(Clock.systemUTC())), registry), new DeploymentOptions().setConfig(config.dht()))
                .compose(dht -> {
                    NodeHealth.of(vertx).verticleDeployed("dht", dht);
                    return deploySwarm();
                })
                .compose(swarm -> {
                    ProviderRouting routing = new DhtProviderRouting(new DhtClient(vertx));
                    return vertx.deployVerticle(new BitswapVerticle(identity.peerId(), bitswapConfig,
                            swarm == null ? routing : new ConnectedPeersRouting(routing, swarm::connectedPeers), registry));
                })
                .compose(bitswap -> {
                    NodeHealth.of(vertx).verticleDeployed("bitswap", bitswap);
                    return vertx.deployVerticle(new PinningVerticle(clusterManager.getHazelcastInstance(),
                            identity.peerId(), pinningConfig, config.blockStoreDeployment().getString(BlockStoreConfig.DIRECTORY),
                            registry));
                })
                .compose(pinning -> {
                    NodeHealth.of(vertx).verticleDeployed("pinning", pinning);
                    return deployPinningService();
                })
                .compose(ignored -> deployDeals(remoteBlocks))
                .map(ignored -> remoteBlocks);
    }

    /**
     * Storage deals on the cluster's Hazelcast instance: the provider role when {@code deals.provider.enabled}
     * (pieces in {@code <repo>/deals/pieces}), then the client role, which every clustered node runs, signing
     * with the secp256k1 key in {@code <repo>/deals/client.key} and reading DAGs through {@code remoteBlocks}.
     */
    private Future<Void> deployDeals(RemoteBlocks remoteBlocks) {
        DealsConfig deals = DealsConfig.from(config.deals());
        DealDirectory directory = new HazelcastDealDirectory(clusterManager.getHazelcastInstance());
        Path dealsDirectory = config.repo().resolve("deals");
        Future<?> provider = Future.succeededFuture();
        if (deals.provider().enabled()) {
            FilecoinAddress address = deals.provider().address(identity.peerId().bytes());
            StorageProviderConfig providerConfig = new StorageProviderConfig(
                    deals.provider().ask(address, dealsClock.currentEpoch()), dealsDirectory.resolve("pieces"),
                    deals.policy(), Secp256k1Accounts.create(), dealsClock, deals.provider().layerLevel());
            provider = vertx.deployVerticle(new StorageProviderVerticle(providerConfig, directory, registry)).map(id -> {
                NodeHealth.of(vertx).verticleDeployed("dealsProvider", id);
                LOG.log(System.Logger.Level.INFO, "storage provider {0}", address);
                return id;
            });
        }
        return provider
                .compose(ignored -> vertx.executeBlocking(() -> clientKey(dealsDirectory.resolve("client.key"))))
                .compose(key -> vertx.deployVerticle(new StorageClientVerticle(new StorageClientConfig(key,
                        identity.peerId().toBase58(), deals.replicas(), deals.durationEpochs(), deals.startDelayEpochs(),
                        deals.schedule(), deals.challengeLeaves(), ScoringWeights.BALANCED, deals.policy(), dealsClock,
                        1_000, deals.requestTimeoutMillis(), dealsDirectory.resolve("retrievals")), directory,
                        remoteBlocks, registry)))
                .map(client -> {
                    NodeHealth.of(vertx).verticleDeployed("dealsClient", client);
                    return null;
                });
    }

    /** The node's deal-signing key: 32 raw bytes in hex, created (readable by the owner only) on first use. */
    private static Secp256k1ClientKey clientKey(Path file) throws IOException {
        if (Files.exists(file)) {
            return new Secp256k1ClientKey(Secp256k1PrivateKey.fromRaw(HexFormat.of().parseHex(Files.readString(file).trim())));
        }
        Files.createDirectories(file.getParent());
        Secp256k1PrivateKey key = Secp256k1PrivateKey.generate(new SecureRandom());
        Files.writeString(file, HexFormat.of().formatHex(key.raw()));
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot restrict the permissions of " + file);
        }
        return new Secp256k1ClientKey(key);
    }

    /**
     * The libp2p swarm (TCP, Noise, Yamux; Bitswap and Kademlia with IPFS peers) when {@code libp2p.enabled};
     * null when it is off.
     */
    private Future<Libp2pVerticle> deploySwarm() {
        if (!config.libp2pEnabled()) {
            return Future.succeededFuture();
        }
        Libp2pVerticle swarm;
        try {
            swarm = new Libp2pVerticle(identity,
                    NodeConfig.typedSection("libp2p", config.libp2p(), Libp2pConfig::fromJson));
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return vertx.deployVerticle(swarm).map(id -> {
            NodeHealth.of(vertx).verticleDeployed("libp2p", id);
            return swarm;
        });
    }

    /** The IPFS Pinning Service API on its own port, when {@code pinningService} has a port and a token. */
    private Future<Void> deployPinningService() {
        PinningServiceConfig serviceConfig;
        try {
            serviceConfig = NodeConfig.typedSection("pinningService", config.pinningService(),
                    PinningServiceConfig::from);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        if (!serviceConfig.enabled()) {
            LOG.log(System.Logger.Level.INFO, "the Pinning Service API is off: pinningService.port is 0 or "
                    + "pinningService.tokens is empty");
            return Future.succeededFuture();
        }
        return vertx.deployVerticle(new PinningServiceVerticle(serviceConfig)).map(service -> {
            NodeHealth.of(vertx).verticleDeployed("pinningService", service);
            return null;
        });
    }

    /**
     * IPNS, the replicated databases, the RPC API, then the gateway; with {@code remoteBlocks} (clustered) the
     * readers and the databases' fallback fetches go through the network.
     */
    private Future<Void> deployReaders(RemoteBlocks remoteBlocks) {
        ApiVerticle api = remoteBlocks == null ? new ApiVerticle(registry) : new ApiVerticle(registry, remoteBlocks);
        GatewayVerticle gateway = remoteBlocks == null ? new GatewayVerticle(registry) : new GatewayVerticle(registry, remoteBlocks);
        NodeHealth health = NodeHealth.of(vertx);
        NameRouting nameRouting = clusterManager == null ? null : new DhtNameRouting(new DhtClient(vertx));
        return vertx.deployVerticle(new IpnsVerticle(identity.privateKey(), config.repo(), nameRouting, Clock.systemUTC(), null, registry),
                        new DeploymentOptions().setConfig(config.ipns()))
                .compose(ipns -> {
                    health.verticleDeployed("ipns", ipns);
                    return vertx.deployVerticle(new OrbitVerticle(OrbitConfig.defaults(config.repo().resolve("orbit")),
                            new StoreOrRemoteBlockFetcher(new BlockStoreClient(vertx), remoteBlocks), registry));
                })
                .compose(orbit -> {
                    health.verticleDeployed("orbit", orbit);
                    return vertx.deployVerticle(api, new DeploymentOptions().setConfig(apiDeployment()));
                })
                .compose(deployed -> {
                    health.verticleDeployed("api", deployed);
                    return vertx.deployVerticle(gateway, new DeploymentOptions().setConfig(config.gateway()));
                })
                .map(deployed -> {
                    health.verticleDeployed("gateway", deployed);
                    return null;
                });
    }

    /**
     * Where other nodes and clients reach this one: its cluster transport (when clustered) and its trustless
     * gateway, on {@code cluster.advertisedHost}, else the address the cluster bound, else the gateway's host.
     */
    private List<String> advertisedAddresses() {
        Optional<InetSocketAddress> clusterAddress = clusterAddress();
        String configured = config.clusterConfig().advertisedHost();
        String gatewayHost = config.gateway().getString("host", "127.0.0.1");
        String host = !configured.isEmpty() ? configured
                : clusterAddress.map(InetSocketAddress::getHostString)
                .orElse(isWildcard(gatewayHost) ? "127.0.0.1" : gatewayHost);
        List<String> addresses = new ArrayList<>();
        clusterAddress.ifPresent(bound -> addresses.add(Multiaddrs.tcp(host, bound.getPort())));
        int gatewayPort = config.gateway().getInteger("port", 8080);
        if (gatewayPort != 0) {
            addresses.add(Multiaddrs.http(host, gatewayPort));
        }
        // The swarm's address, last so the cluster transport stays first; the DHT hands these out as ours,
        // which lets IPFS peers that find us as a provider dial us.
        int swarmPort = config.libp2p().getInteger(Libp2pConfig.PORT, Libp2pConfig.DEFAULT_PORT);
        if (clusterManager != null && config.libp2pEnabled() && swarmPort != 0) {
            addresses.add(Multiaddrs.tcp(host, swarmPort));
        }
        return addresses;
    }

    private Optional<InetSocketAddress> clusterAddress() {
        if (clusterManager == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(clusterManager.getHazelcastInstance().getCluster().getLocalMember().getSocketAddress());
        } catch (RuntimeException e) {
            throw new IllegalStateException("the cluster has no local address: " + e.getMessage(), e);
        }
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** The API section plus what only the node knows: its identity and advertised addresses. */
    JsonObject apiDeployment() {
        return config.api().copy()
                .put("peerId", identity.peerId().toBase58())
                .put("publicKey", Base64.getEncoder().encodeToString(identity.publicKey().marshal()))
                .put("addresses", new JsonArray(self.addresses().stream()
                        .map(address -> Multiaddrs.withPeer(address, identity.peerId())).toList()));
    }

    /** Undeploys every verticle (closing RocksDB cleanly, leaving the member map) and stops Vert.x, leaving the cluster. */
    public Future<Void> stop() {
        return vertx.close();
    }

    public Vertx vertx() {
        return vertx;
    }

    public NodeConfig config() {
        return config;
    }

    public NodeIdentity identity() {
        return identity;
    }

    /** This node as the cluster sees it (peer id, advertised addresses, tags). */
    public PeerInfo self() {
        return self;
    }

    /** True when this node joined a cluster. */
    public boolean clustered() {
        return clusterManager != null;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
