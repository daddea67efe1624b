package io.strata.node;

import io.strata.bitswap.verticle.BitswapConfig;
import io.strata.cluster.ClusterConfig;
import io.strata.deals.verticle.DealsConfig;
import io.strata.pinning.ReplicationFactor;
import io.strata.pinning.RetryBackoff;
import io.strata.pinning.verticle.PinningConfig;
import io.strata.pinning.service.PinningServiceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeConfigTest {

    @Test
    void defaultsComeFromTheBundledFile() {
        NodeConfig config = NodeConfig.load(Optional.empty(), Map.of(), Map.of());
        assertEquals(Path.of(".strata-data").toAbsolutePath().normalize(), config.repo());
        assertEquals("http://127.0.0.1:5001", config.apiUrl());
        assertEquals(8080, config.gateway().getInteger("port"));
        assertTrue(config.blockstore().getBoolean("syncWrites"));
        assertTrue(config.blockstore().getBoolean("directIo"));
        assertTrue(config.metricsEnabled());
        assertEquals(config.repo().resolve("blocks").toString(), config.blockStoreDeployment().getString("directory"));
    }

    @Test
    void environmentOverridesTheFileAndFlagsOverrideTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("strata.yaml");
        Files.writeString(file, "repo: /srv/strata\napi:\n  port: 7001\nblockstore:\n  syncWrites: false\n");
        NodeConfig fromFile = NodeConfig.load(Optional.of(file), Map.of(), Map.of());
        assertEquals(Path.of("/srv/strata"), fromFile.repo());
        assertEquals(7001, fromFile.api().getInteger("port"));
        assertEquals("127.0.0.1", fromFile.api().getString("host"), "keys the file leaves out keep their defaults");
        assertFalse(fromFile.blockstore().getBoolean("syncWrites"));

        Map<String, String> environment = Map.of("STRATA_CONFIG", file.toString(), "STRATA_API_PORT", "7002",
                "STRATA_REPO", "/data", "STRATA_BLOCKSTORE_SYNC_WRITES", "true");
        NodeConfig fromEnvironment = NodeConfig.load(Optional.empty(), environment, Map.of());
        assertEquals(7002, fromEnvironment.api().getInteger("port"));
        assertEquals(Path.of("/data"), fromEnvironment.repo());
        assertTrue(fromEnvironment.blockstore().getBoolean("syncWrites"));

        NodeConfig fromFlags = NodeConfig.load(Optional.empty(), environment, Map.of("api.port", "7003"));
        assertEquals(7003, fromFlags.api().getInteger("port"));
    }

    @Test
    void libp2pIsOffUntilEnabledAndReadsItsSection() {
        assertFalse(NodeConfig.load(Optional.empty(), Map.of(), Map.of()).libp2pEnabled());
        NodeConfig enabled = NodeConfig.load(Optional.empty(), Map.of("STRATA_LIBP2P_ENABLED", "true"), Map.of("libp2p.port", "0"));
        assertTrue(enabled.libp2pEnabled());
        assertEquals(new io.strata.libp2p.verticle.Libp2pConfig("0.0.0.0", 0, 10_000, 1024),
                io.strata.libp2p.verticle.Libp2pConfig.fromJson(enabled.libp2p()));
    }

    @Test
    void pinningSettingsComeFromTheirSectionWithTheBundledDefaults() {
        assertEquals(PinningConfig.defaults(), NodeConfig.load(Optional.empty(), Map.of(), Map.of()).pinningConfig());
        PinningConfig set = NodeConfig.load(Optional.empty(), Map.of("STRATA_PINNING_GRACE_PERIOD_MILLIS", "5000"),
                Map.of("pinning.maxConcurrentPins", "2", "pinning.retryMaxAttempts", "3")).pinningConfig();
        assertEquals(5_000, set.graceMillis());
        assertEquals(2, set.maxConcurrentPins());
        assertEquals(new RetryBackoff(1_000, 300_000, 3), set.backoff());
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class, () -> NodeConfig.load(
                Optional.empty(), Map.of(), Map.of("pinning.maxConcurrentPins", "0")).pinningConfig());
        assertTrue(invalid.getMessage().contains("'pinning'"), invalid.getMessage());
    }

    @Test
    void environmentNamesFollowTheKeys() {
        assertEquals("STRATA_API_PORT", NodeConfig.environmentName("api.port"));
        assertEquals("STRATA_BLOCKSTORE_SYNC_WRITES", NodeConfig.environmentName("blockstore.syncWrites"));
        assertEquals("STRATA_REPO", NodeConfig.environmentName("repo"));
    }

    @Test
    void rejectsValuesOfTheWrongType() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> NodeConfig.load(Optional.empty(), Map.of("STRATA_API_PORT", "fivethousand"), Map.of()));
        assertTrue(error.getMessage().contains("api.port"), error.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> NodeConfig.load(Optional.empty(), Map.of(), Map.of("blockstore.syncWrites", "yes please")));
    }

    @Test
    void aFlagForAKeyTheDefaultsLeaveOutIsTypedAsTheYamlFileWouldTypeIt() {
        NodeConfig config = NodeConfig.load(Optional.empty(), Map.of(), Map.of("bitswap.targetMessageBytes", "1048576",
                "bitswap.prefetchCacheBytes", "8589934592", "metrics.histograms", "false", "metrics.label", "0x1f-lab"));
        BitswapConfig bitswap = BitswapConfig.from(config.bitswap());
        assertEquals(1_048_576, bitswap.targetMessageBytes());
        assertEquals(8L << 30, bitswap.prefetchCacheBytes());
        assertEquals(Boolean.FALSE, config.metrics().getValue("histograms"));
        assertEquals("0x1f-lab", config.metrics().getValue("label"));
    }

    @Test
    void aValueOfTheWrongTypeIsNamedWithWhatItMustBe(@TempDir Path dir) throws Exception {
        NodeConfig config = NodeConfig.load(Optional.empty(), Map.of(), Map.of("bitswap.targetMessageBytes", "abc",
                "bitswap.maxActiveWants", "64"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> NodeConfig.typedSection("bitswap", config.bitswap(), BitswapConfig::from));
        assertEquals("config: invalid 'bitswap' section: 'targetMessageBytes' must be a number, got 'abc'",
                error.getMessage());

        Path file = dir.resolve("strata.yaml");
        Files.writeString(file, "pinning:\n  gracePeriodMillis: soon\n  repairIntervalMillis: 1000\n");
        NodeConfig fromFile = NodeConfig.load(Optional.of(file), Map.of(), Map.of());
        IllegalArgumentException fileError = assertThrows(IllegalArgumentException.class, fromFile::pinningConfig);
        assertEquals("config: invalid 'pinning' section: 'gracePeriodMillis' must be a number, got 'soon'",
                fileError.getMessage());
    }

    @Test
    void rejectsMalformedYaml(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "api: [unclosed\n");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> NodeConfig.load(Optional.of(file), Map.of(), Map.of()));
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    }

    @Test
    void clusteringIsOffByDefaultAndSetFromTheEnvironmentForKubernetes() {
        assertFalse(NodeConfig.load(Optional.empty(), Map.of(), Map.of()).clusterConfig().enabled());
        NodeConfig config = NodeConfig.load(Optional.empty(), Map.of("STRATA_CLUSTER_ENABLED", "true",
                "STRATA_CLUSTER_KUBERNETES_SERVICE_DNS", "strata.default.svc.cluster.local",
                "STRATA_CLUSTER_ADVERTISED_HOST", "10.1.2.3", "STRATA_CLUSTER_TAGS", "region=eu-west"),
                Map.of("cluster.members", "127.0.0.1:5701,127.0.0.1:5702"));
        ClusterConfig cluster = config.clusterConfig();
        assertTrue(cluster.enabled());
        assertEquals("strata.default.svc.cluster.local", cluster.kubernetesServiceDns());
        assertEquals("10.1.2.3", cluster.advertisedHost());
        assertEquals(Map.of("region", "eu-west"), cluster.tags());
        assertEquals(java.util.List.of("127.0.0.1:5701", "127.0.0.1:5702"), cluster.members());
        IllegalArgumentException badTag = assertThrows(IllegalArgumentException.class, () -> NodeConfig.load(Optional.empty(),
                Map.of("STRATA_CLUSTER_TAGS", "region"), Map.of()).clusterConfig());
        assertTrue(badTag.getMessage().contains("cluster"), badTag.getMessage());
    }

    @Test
    void dealsTakeTheirProviderRoleAndTermsFromTheEnvironmentAndFlags() {
        DealsConfig defaults = DealsConfig.from(NodeConfig.load(Optional.empty(), Map.of(), Map.of()).deals());
        assertFalse(defaults.provider().enabled());
        assertEquals(2880, defaults.schedule().periodEpochs());
        assertEquals(32L << 30, defaults.provider().maxPieceSize());
        DealsConfig provider = DealsConfig.from(NodeConfig.load(Optional.empty(), Map.of(
                "STRATA_DEALS_PROVIDER_ENABLED", "true", "STRATA_DEALS_PROVIDER_MAX_PIECE_SIZE", "68719476736",
                "STRATA_DEALS_PROVIDER_PRICE_PER_GIB_PER_EPOCH", "123456789012345678901"),
                Map.of("deals.provingPeriodEpochs", "60", "deals.answerWindowEpochs", "30", "deals.provider.actorId", "1234")).deals());
        assertTrue(provider.provider().enabled());
        assertEquals(64L << 30, provider.provider().maxPieceSize());
        assertEquals(new java.math.BigInteger("123456789012345678901"), provider.provider().pricePerGibPerEpoch().attoFil());
        assertEquals(60, provider.schedule().periodEpochs());
        assertEquals("f01234", provider.provider().address(new byte[0]).toString());
        IllegalArgumentException notPowerOfTwo = assertThrows(IllegalArgumentException.class, () -> DealsConfig.from(
                NodeConfig.load(Optional.empty(), Map.of("STRATA_DEALS_PROVIDER_MIN_PIECE_SIZE", "1000"), Map.of()).deals()));
        assertTrue(notPowerOfTwo.getMessage().contains("power of two"), notPowerOfTwo.getMessage());
    }

    @Test
    void libp2pBootstrapPeersComeFromAFileListOrCommaSeparatedEnvironment(@TempDir Path dir) throws Exception {
        String first = "/ip4/10.0.0.1/tcp/4001/p2p/"
                + io.strata.crypto.Ed25519PrivateKey.generate(new java.security.SecureRandom()).publicKey().peerId().toBase58();
        String second = "/ip4/10.0.0.2/tcp/4001/p2p/"
                + io.strata.crypto.Ed25519PrivateKey.generate(new java.security.SecureRandom()).publicKey().peerId().toBase58();
        Path file = dir.resolve("strata.yaml");
        Files.writeString(file, "libp2p:\n  bootstrap:\n    - " + first + "\n    - " + second + "\n  bootstrapBackoffMillis: 200\n");
        io.strata.libp2p.verticle.Libp2pConfig fromFile = io.strata.libp2p.verticle.Libp2pConfig.fromJson(
                NodeConfig.load(Optional.of(file), Map.of(), Map.of()).libp2p());
        assertEquals(java.util.List.of(first, second), fromFile.bootstrap().stream().map(Object::toString).toList());
        assertEquals(new io.strata.libp2p.verticle.BootstrapBackoff(200, 60_000), fromFile.bootstrapBackoff());

        io.strata.libp2p.verticle.Libp2pConfig fromEnvironment = io.strata.libp2p.verticle.Libp2pConfig.fromJson(
                NodeConfig.load(Optional.of(file), Map.of("STRATA_LIBP2P_BOOTSTRAP", second + "," + first), Map.of()).libp2p());
        assertEquals(java.util.List.of(second, first), fromEnvironment.bootstrap().stream().map(Object::toString).toList());

        io.strata.libp2p.verticle.Libp2pConfig fromFlag = io.strata.libp2p.verticle.Libp2pConfig.fromJson(
                NodeConfig.load(Optional.empty(), Map.of(), Map.of("libp2p.bootstrap", first)).libp2p());
        assertEquals(java.util.List.of(first), fromFlag.bootstrap().stream().map(Object::toString).toList());
    }

    @Test
    void thePinningServiceIsOffUntilATokenIsSet() {
        PinningServiceConfig defaults = PinningServiceConfig.from(
                NodeConfig.load(Optional.empty(), Map.of(), Map.of()).pinningService());
        assertEquals(5002, defaults.port());
        assertFalse(defaults.enabled());
        PinningServiceConfig configured = PinningServiceConfig.from(NodeConfig.load(Optional.empty(),
                Map.of("STRATA_PINNING_SERVICE_TOKENS", "alpha, beta", "STRATA_PINNING_SERVICE_REPLICATION_MIN", "2"),
                Map.of("pinningService.port", "6002")).pinningService());
        assertTrue(configured.enabled());
        assertEquals(java.util.List.of("alpha", "beta"), configured.tokens());
        assertEquals(new ReplicationFactor(2, -1), configured.replication());
        assertEquals(6002, configured.port());
        assertFalse(PinningServiceConfig.from(NodeConfig.load(Optional.empty(),
                Map.of("STRATA_PINNING_SERVICE_TOKENS", "alpha"), Map.of("pinningService.port", "0"))
                .pinningService()).enabled());
    }
}
