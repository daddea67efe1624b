package io.strata.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterConfigTest {

    @TempDir
    Path dir;

    @Test
    void theBundledYamlJoinsOverTcpIpWithoutMulticastAndQuietly() {
        ClusterConfig config = ClusterConfig.disabled();
        assertFalse(config.enabled());
        Config hazelcast = config.hazelcast();
        JoinConfig join = hazelcast.getNetworkConfig().getJoin();
        assertFalse(join.getMulticastConfig().isEnabled());
        assertTrue(join.getTcpIpConfig().isEnabled());
        assertEquals(List.of("127.0.0.1"), join.getTcpIpConfig().getMembers());
        assertFalse(join.getKubernetesConfig().isEnabled());
        assertEquals("strata", hazelcast.getClusterName());
        assertEquals(5701, hazelcast.getNetworkConfig().getPort());
        assertEquals("false", hazelcast.getProperty("hazelcast.phone.home.enabled"));
        assertEquals("false", hazelcast.getProperty("hazelcast.shutdownhook.enabled"));
    }

    @Test
    void sectionValuesOverrideTheYaml() {
        ClusterConfig config = ClusterConfig.from(new JsonObject().put("enabled", true).put("name", "blue")
                .put("host", "127.0.0.1").put("port", 6000).put("members", "127.0.0.1:6000, 127.0.0.1:6001")
                .put("failureTimeoutSeconds", 4).put("tags", "region=eu-west, zone=b"));
        Config hazelcast = config.hazelcast();
        assertEquals("blue", hazelcast.getClusterName());
        assertEquals(6000, hazelcast.getNetworkConfig().getPort());
        assertEquals("127.0.0.1", hazelcast.getProperty("hazelcast.local.localAddress"));
        assertEquals("4", hazelcast.getProperty("hazelcast.max.no.heartbeat.seconds"));
        assertEquals(List.of("127.0.0.1:6000", "127.0.0.1:6001"),
                hazelcast.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
        assertEquals(Map.of("region", "eu-west", "zone", "b"), config.tags());
    }

    @Test
    void aServiceDnsNameSwitchesToKubernetesDnsDiscovery() {
        Config hazelcast = ClusterConfig.from(new JsonObject().put("kubernetesServiceDns", "strata.prod.svc.cluster.local"))
                .hazelcast();
        JoinConfig join = hazelcast.getNetworkConfig().getJoin();
        assertFalse(join.getTcpIpConfig().isEnabled());
        assertFalse(join.getMulticastConfig().isEnabled());
        assertTrue(join.getKubernetesConfig().isEnabled());
        assertEquals("strata.prod.svc.cluster.local", join.getKubernetesConfig().getProperty("service-dns"));
    }

    @Test
    void aReplacementHazelcastFileIsReadAndABadOneNamed() throws Exception {
        Path file = dir.resolve("hz.yaml");
        Files.writeString(file, "hazelcast:\n  cluster-name: green\n  network:\n    join:\n      multicast:\n        enabled: false\n");
        assertEquals("green", ClusterConfig.from(new JsonObject().put("hazelcastConfig", file.toString())).hazelcast().getClusterName());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ClusterConfig.from(new JsonObject().put("hazelcastConfig", dir.resolve("none.yaml").toString())).hazelcast());
        assertTrue(missing.getMessage().contains("none.yaml"), missing.getMessage());
    }

    @Test
    void tagsAcceptAMapAndRejectPairsWithoutAKey() {
        assertEquals(Map.of("rack", "7"), ClusterConfig.from(new JsonObject().put("tags", new JsonObject().put("rack", 7))).tags());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ClusterConfig.from(new JsonObject().put("tags", "=x")));
        assertTrue(bad.getMessage().contains("key=value"), bad.getMessage());
    }

    @Test
    void multiaddrsNameTheTransportOfEachHostForm() {
        assertEquals("/ip4/10.0.0.5/tcp/8080/http", Multiaddrs.http("10.0.0.5", 8080));
        assertEquals("/ip6/0:0:0:0:0:0:0:1/tcp/5701", Multiaddrs.tcp("[::1]", 5701));
        assertEquals("/dns/strata-0.strata.default.svc/tcp/5701", Multiaddrs.tcp("strata-0.strata.default.svc", 5701));
        assertTrue(Multiaddrs.isHttp("/ip4/10.0.0.5/tcp/8080/http"));
        assertFalse(Multiaddrs.isHttp("/ip4/10.0.0.5/tcp/5701"));
    }
}
