package io.strata.node.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strata.api.security.ApiLimits;
import io.strata.health.HealthEndpoint;
import io.strata.node.NodeConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The k8s/ manifests, parsed with the fabric8 Kubernetes model, agree with each other and with conf/ and the
 * code: labels and selectors, ports, probe paths, volume mounts, the ConfigMap and Secret keys used, the
 * Service name Hazelcast discovers, and memory limits against the JVM flags.
 */
class K8sManifestsTest {

    static final Path BASE = DashboardQueriesTest.ROOT.resolve("k8s/base");
    static final Path OVERLAY = DashboardQueriesTest.ROOT.resolve("k8s/overlays/example");
    /**
     * Keys of the cluster section the StatefulSet sets, which conf/strata.yaml gains with the cluster wiring:
     * checked against it once it has a cluster section.
     */
    static final Set<String> CLUSTER_KEYS = Set.of("cluster.enabled", "cluster.kubernetesServiceDns",
            "cluster.advertisedHost");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode kustomization;
    private static StatefulSet statefulSet;
    private static Container container;
    private static Map<String, Service> services;
    private static PodDisruptionBudget disruptionBudget;
    private static GenericKubernetesResource serviceMonitor;

    @BeforeAll
    static void parse() throws IOException {
        kustomization = YAML.readTree(BASE.resolve("kustomization.yaml").toFile());
        Map<String, String> commonLabels = new LinkedHashMap<>();
        for (JsonNode labels : kustomization.path("labels")) {
            labels.path("pairs").fields().forEachRemaining(pair -> commonLabels.put(pair.getKey(), pair.getValue().asText()));
        }
        services = new HashMap<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path file = BASE.resolve(resource.asText());
            String kind = YAML.readTree(file.toFile()).path("kind").asText();
            HasMetadata parsed = switch (kind) {
                case "StatefulSet" -> statefulSet = YAML.readValue(file.toFile(), StatefulSet.class);
                case "Service" -> {
                    Service service = YAML.readValue(file.toFile(), Service.class);
                    services.put(service.getMetadata().getName(), service);
                    yield service;
                }
                case "PodDisruptionBudget" -> disruptionBudget = YAML.readValue(file.toFile(), PodDisruptionBudget.class);
                case "ServiceMonitor" -> serviceMonitor = YAML.readValue(file.toFile(), GenericKubernetesResource.class);
                default -> throw new AssertionError(file + ": unexpected kind " + kind);
            };
            // what kustomize's labels transformer does to every resource's metadata
            Map<String, String> labels = new LinkedHashMap<>(Optional.ofNullable(parsed.getMetadata().getLabels()).orElse(Map.of()));
            labels.putAll(commonLabels);
            parsed.getMetadata().setLabels(labels);
        }
        assertNotNull(statefulSet, "no StatefulSet");
        assertNotNull(disruptionBudget, "no PodDisruptionBudget");
        assertNotNull(serviceMonitor, "no ServiceMonitor");
        container = statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Map<String, String> podLabels() {
        return statefulSet.getSpec().getTemplate().getMetadata().getLabels();
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    private static JsonObject conf() {
        return NodeConfig.load(Optional.empty(), Map.of(), Map.of()).api().copy();
    }

    @Test
    void modelObjectsHaveNoUnknownFields() {
        assertTrue(statefulSet.getSpec().getAdditionalProperties().isEmpty(), statefulSet.getSpec().getAdditionalProperties().toString());
        assertTrue(container.getAdditionalProperties().isEmpty(), container.getAdditionalProperties().toString());
        services.values().forEach(service -> assertTrue(service.getSpec().getAdditionalProperties().isEmpty(),
                service.getMetadata().getName()));
        assertEquals("monitoring.coreos.com/v1", serviceMonitor.getApiVersion());
    }

    @Test
    void selectorsMatchThePodsAndTheServices() {
        assertTrue(selects(statefulSet.getSpec().getSelector().getMatchLabels(), podLabels()));
        for (Service service : services.values()) {
            assertTrue(selects(service.getSpec().getSelector(), podLabels()), service.getMetadata().getName() + " selects no pod");
        }
        assertTrue(selects(disruptionBudget.getSpec().getSelector().getMatchLabels(), podLabels()));
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) serviceMonitor.getAdditionalProperties().get("spec");
        @SuppressWarnings("unchecked")
        Map<String, String> monitored = (Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
        List<Service> scraped = services.values().stream().filter(service -> selects(monitored, service.getMetadata().getLabels())).toList();
        assertEquals(List.of("strata-api"), scraped.stream().map(service -> service.getMetadata().getName()).toList());
        @SuppressWarnings("unchecked")
        Map<String, Object> endpoint = ((List<Map<String, Object>>) spec.get("endpoints")).get(0);
        assertTrue(scraped.get(0).getSpec().getPorts().stream().anyMatch(port -> port.getName().equals(endpoint.get("port"))));
        assertEquals("/metrics", endpoint.get("path"));
        assertEquals("strata", scraped.get(0).getMetadata().getLabels().get((String) spec.get("jobLabel")),
                "the dashboards select job=\"strata\"");
    }

    @Test
    void portsAgreeWithConfAndTheContainer() throws IOException {
        Map<String, Integer> containerPorts = new HashMap<>();
        for (ContainerPort port : container.getPorts()) {
            containerPorts.put(port.getName(), port.getContainerPort());
        }
        NodeConfig deployed = deployedConfig();
        assertEquals(deployed.api().getInteger("port"), containerPorts.get("api"));
        assertEquals(deployed.gateway().getInteger("port"), containerPorts.get("gateway"));
        assertEquals(conf().getInteger("port"), containerPorts.get("api"), "k8s uses conf/'s API port");
        for (Service service : services.values()) {
            for (ServicePort port : service.getSpec().getPorts()) {
                String target = port.getTargetPort().getStrVal();
                assertTrue(containerPorts.containsKey(target), service.getMetadata().getName() + " targets missing port " + target);
                assertEquals(containerPorts.get(target), port.getPort(), "service port equals container port");
            }
        }
    }

    @Test
    void probesUseTheHealthEndpointsOnTheApiPort() {
        Probe readiness = container.getReadinessProbe();
        Probe liveness = container.getLivenessProbe();
        assertEquals(HealthEndpoint.READINESS_PATH, readiness.getHttpGet().getPath());
        assertEquals(HealthEndpoint.LIVENESS_PATH, liveness.getHttpGet().getPath());
        for (Probe probe : List.of(readiness, liveness)) {
            String port = probe.getHttpGet().getPort().getStrVal();
            assertTrue(container.getPorts().stream().anyMatch(declared -> declared.getName().equals(port)), port);
            assertTrue(probe.getTimeoutSeconds() > 5, "a probe waits longer than NodeHealth's 5 s check timeout");
        }
    }

    @Test
    void volumesMountsConfigMapAndRepositoryAgree() throws IOException {
        Set<String> volumes = new LinkedHashSet<>();
        statefulSet.getSpec().getTemplate().getSpec().getVolumes().stream().map(Volume::getName).forEach(volumes::add);
        statefulSet.getSpec().getVolumeClaimTemplates().forEach(claim -> volumes.add(claim.getMetadata().getName()));
        Map<String, String> mounts = new HashMap<>();
        for (VolumeMount mount : container.getVolumeMounts()) {
            assertTrue(volumes.contains(mount.getName()), "mount of unknown volume " + mount.getName());
            mounts.put(mount.getName(), mount.getMountPath());
        }
        String repo = container.getArgs().get(container.getArgs().indexOf("--repo") + 1);
        String claim = statefulSet.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
        assertTrue(repo.startsWith(mounts.get(claim) + "/"), "--repo " + repo + " lies on the claim " + claim);

        Volume config = statefulSet.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(volume -> volume.getConfigMap() != null).findFirst().orElseThrow();
        JsonNode generator = kustomization.path("configMapGenerator").get(0);
        assertEquals(generator.path("name").asText(), config.getConfigMap().getName());
        String key = generator.path("files").get(0).asText();
        assertTrue(Files.isRegularFile(BASE.resolve(key)), key);
        assertEquals(mounts.get(config.getName()) + "/" + key, env().get("STRATA_CONFIG").getValue());
    }

    @Test
    void theConfigMapOnlySetsKnownKeysAndPassesTheExposureRule() throws IOException {
        Map<String, Object> bundled = flatten(NodeConfig.load(Optional.empty(), Map.of(), Map.of()));
        Map<String, Object> mapped = flatten(YAML.readValue(BASE.resolve("strata.yaml").toFile(), Map.class), "");
        for (String key : mapped.keySet()) {
            boolean limitsKey = ApiLimits.KEYS.stream().anyMatch(limit -> key.equals("api." + limit)
                    || key.startsWith("api." + limit + "."));
            assertTrue(bundled.containsKey(key) || limitsKey, "ConfigMap key " + key
                    + " is neither a key of conf/strata.yaml nor one of ApiLimits");
        }
        NodeConfig deployed = deployedConfig();
        ApiLimits limits = ApiLimits.from(deployed.api());
        limits.checkExposure(deployed.api().getString("host"));
        assertTrue(limits.authorizations().stream().anyMatch(authorization -> authorization.allows("/metrics")));
    }

    @Test
    void everyEnvironmentVariableNamesAConfigKeyAndEverySecretKeyIsGenerated() throws IOException {
        Map<String, Object> bundled = flatten(NodeConfig.load(Optional.empty(), Map.of(), Map.of()));
        Map<String, Object> deployed = flatten(NodeConfig.load(Optional.of(BASE.resolve("strata.yaml")), Map.of(), Map.of()));
        Set<String> known = new LinkedHashSet<>();
        deployed.keySet().forEach(key -> known.add(NodeConfig.environmentName(key)));
        boolean confHasCluster = bundled.keySet().stream().anyMatch(key -> key.startsWith("cluster."));
        CLUSTER_KEYS.forEach(key -> {
            if (confHasCluster) {
                assertTrue(bundled.containsKey(key), key + " is not in conf/strata.yaml's cluster section");
            }
            known.add(NodeConfig.environmentName(key));
        });
        Set<String> secretKeys = new LinkedHashSet<>();
        for (JsonNode literal : YAML.readTree(OVERLAY.resolve("kustomization.yaml").toFile()).path("secretGenerator").get(0).path("literals")) {
            secretKeys.add(literal.asText().substring(0, literal.asText().indexOf('=')));
        }
        for (EnvVar variable : container.getEnv()) {
            if (variable.getName().startsWith(NodeConfig.ENV_PREFIX) && !variable.getName().equals(NodeConfig.CONFIG_ENV)) {
                assertTrue(known.contains(variable.getName()), variable.getName() + " sets no config key");
            }
            if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                assertTrue(secretKeys.contains(variable.getValueFrom().getSecretKeyRef().getKey()),
                        variable.getValueFrom().getSecretKeyRef().getKey() + " is not in the overlay's Secret");
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> endpoint = ((List<Map<String, Object>>) ((Map<String, Object>) serviceMonitor
                .getAdditionalProperties().get("spec")).get("endpoints")).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> credentials = (Map<String, Object>) ((Map<String, Object>) endpoint.get("authorization")).get("credentials");
        assertTrue(secretKeys.contains((String) credentials.get("key")));
    }

    @Test
    void hazelcastDiscoversTheHeadlessService() {
        Service headless = services.get(statefulSet.getSpec().getServiceName());
        assertNotNull(headless, "the StatefulSet's serviceName " + statefulSet.getSpec().getServiceName() + " is not a Service");
        assertEquals("None", headless.getSpec().getClusterIP());
        assertTrue(headless.getSpec().getPublishNotReadyAddresses(), "members must find each other before they are ready");
        assertTrue(headless.getSpec().getPorts().stream().anyMatch(port -> port.getName().equals("hazelcast")));
        String dns = env().get(NodeConfig.environmentName("cluster.kubernetesServiceDns")).getValue();
        assertEquals(headless.getMetadata().getName() + ".$(POD_NAMESPACE).svc.cluster.local", dns);
        List<String> names = container.getEnv().stream().map(EnvVar::getName).toList();
        assertTrue(names.indexOf("POD_NAMESPACE") < names.indexOf(NodeConfig.environmentName("cluster.kubernetesServiceDns")),
                "$(POD_NAMESPACE) expands only if defined earlier");
    }

    @Test
    void memoryLimitsLeaveRoomBeyondTheHeap() {
        long heap = jvmBytes("-Xmx");
        long direct = jvmBytes("-XX:MaxDirectMemorySize=");
        Quantity limit = container.getResources().getLimits().get("memory");
        Quantity request = container.getResources().getRequests().get("memory");
        assertEquals(limit, request, "memory request equals the limit, so the pod is not evicted first");
        long limitBytes = Quantity.getAmountInBytes(limit).longValue();
        assertTrue(heap + direct + 512L * 1024 * 1024 <= limitBytes,
                "heap " + heap + " + direct " + direct + " + 512 MiB for RocksDB, metaspace and stacks exceeds " + limit);
        assertTrue(heap >= limitBytes / 4, "the heap is at least a quarter of the limit");
    }

    @Test
    void theOverlayBuildsOnTheBaseAndPatchesExistingResources() throws IOException {
        JsonNode overlay = YAML.readTree(OVERLAY.resolve("kustomization.yaml").toFile());
        List<String> resources = new ArrayList<>();
        overlay.path("resources").forEach(resource -> resources.add(resource.asText()));
        assertTrue(resources.contains("../../base"));
        for (JsonNode patch : overlay.path("patches")) {
            assertTrue(Files.isRegularFile(OVERLAY.resolve(patch.path("path").asText())));
            assertEquals(statefulSet.getMetadata().getName(), patch.path("target").path("name").asText());
            StatefulSet patched = YAML.readValue(OVERLAY.resolve(patch.path("path").asText()).toFile(), StatefulSet.class);
            assertEquals(statefulSet.getMetadata().getName(), patched.getMetadata().getName());
            patched.getSpec().getVolumeClaimTemplates().forEach(claim -> assertTrue(statefulSet.getSpec().getVolumeClaimTemplates()
                    .stream().anyMatch(base -> base.getMetadata().getName().equals(claim.getMetadata().getName()))));
        }
        assertEquals("strata-api-auth", overlay.path("secretGenerator").get(0).path("name").asText());
        assertTrue(overlay.path("generatorOptions").path("disableNameSuffixHash").asBoolean(),
                "the StatefulSet and ServiceMonitor refer to the Secret by its plain name");
    }

    private static Map<String, EnvVar> env() {
        Map<String, EnvVar> byName = new HashMap<>();
        container.getEnv().forEach(variable -> byName.put(variable.getName(), variable));
        return byName;
    }

    /** The node configuration a pod ends up with: conf/ defaults, the ConfigMap, then its environment. */
    private static NodeConfig deployedConfig() {
        Map<String, String> environment = new HashMap<>();
        for (EnvVar variable : container.getEnv()) {
            environment.put(variable.getName(), variable.getValue() != null ? variable.getValue() : "secret-from-" + variable.getName());
        }
        return NodeConfig.load(Optional.of(BASE.resolve("strata.yaml")), environment, Map.of());
    }

    private long jvmBytes(String flag) {
        String value = container.getArgs().stream().filter(arg -> arg.startsWith(flag)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + flag + " in " + container.getArgs())).substring(flag.length());
        Matcher matcher = Pattern.compile("(\\d+)([kmgKMG]?)").matcher(value);
        assertTrue(matcher.matches(), value);
        long number = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2).toLowerCase()) {
            case "k" -> number * 1024;
            case "m" -> number * 1024 * 1024;
            case "g" -> number * 1024 * 1024 * 1024;
            default -> number;
        };
    }

    private static Map<String, Object> flatten(NodeConfig config) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("repo", config.repo().toString());
        all.putAll(flatten(config.blockstore().getMap(), "blockstore."));
        all.putAll(flatten(config.api().getMap(), "api."));
        all.putAll(flatten(config.gateway().getMap(), "gateway."));
        all.putAll(flatten(config.metrics().getMap(), "metrics."));
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> flatten(Map<?, ?> tree, String prefix) {
        Map<String, Object> flat = new LinkedHashMap<>();
        tree.forEach((key, value) -> {
            Object inner = value instanceof JsonObject json ? json.getMap() : value;
            if (inner instanceof Map<?, ?> map) {
                flat.putAll(flatten(map, prefix + key + "."));
            } else {
                flat.put(prefix + key, inner);
            }
        });
        return flat;
    }
}
