package io.strata.node.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.strata.testkit.LoopbackPorts.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboards against a real Prometheus (Debian's {@code prometheus}, which .ci/run installs): a three-node
 * cluster with traffic (adds, reads across nodes, cluster pins, IPNS publish and resolve, replicated store
 * writes, a storage deal), scraped with the job and path of grafana/prometheus/prometheus.yml, then every PromQL
 * expression of every panel evaluated through Prometheus' HTTP API: every expression must return at least one
 * series, and every metric it names must be in the nodes' scrape. One node is a storage provider, so the deals
 * panels have the series of both deal roles. The same cluster's scrapes, with the meters only a cluster has
 * (Bitswap, DHT, pins, stores, deals), are held to the naming convention of {@link MetricsConventionTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardQueriesTest {

    static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
    static final Path DASHBOARDS = ROOT.resolve("grafana/dashboards");
    private static final Pattern METRIC = Pattern.compile("\\b((?:strata|vertx|jvm|process|system)_[a-z0-9_]+|up)\\b");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private final List<RunningNode> nodes = new ArrayList<>();

    record PanelQuery(String dashboard, String panel, String expr) {
    }

    static List<PanelQuery> panelQueries() throws Exception {
        List<PanelQuery> queries = new ArrayList<>();
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = JSON.readTree(file.toFile());
                for (JsonNode panel : dashboard.path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        queries.add(new PanelQuery(file.getFileName().toString(), panel.path("title").asText(),
                                target.path("expr").asText()));
                    }
                }
            }
        }
        return queries;
    }

    static Set<String> metricNames(String expr) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = METRIC.matcher(expr.replaceAll("\"[^\"]*\"", "\"\""));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    @Test
    void dashboardsAreWellFormed() throws Exception {
        List<PanelQuery> queries = panelQueries();
        assertEquals(Set.of("overview.json", "storage.json", "network.json", "pins.json", "stores.json", "deals.json"),
                Set.copyOf(queries.stream().map(PanelQuery::dashboard).toList()));
        for (PanelQuery query : queries) {
            assertTrue(!metricNames(query.expr()).isEmpty(), query + " names no metric");
        }
        for (Path file : Files.list(DASHBOARDS).toList()) {
            assertTrue(JSON.readTree(file.toFile()).path("panels").findValues("uid").stream()
                    .allMatch(uid -> uid.asText().equals("strata-prometheus")), file + " uses another data source");
        }
    }

    /** Starts the cluster, node 0 first so that the other two join it as their master at the same time. */
    @BeforeAll
    void startClusterWithTraffic() throws Exception {
        String clusterName = "dashboards-" + UUID.randomUUID();
        List<Integer> clusterPorts = List.of(freePort(), freePort(), freePort());
        nodes.add(RunningNode.start(dir.resolve("node0"), settings(0, clusterName, clusterPorts)));
        ExecutorService starter = Executors.newFixedThreadPool(2);
        try {
            List<Future<RunningNode>> joining = new ArrayList<>();
            for (int i = 1; i < 3; i++) {
                int index = i;
                joining.add(starter.submit(() -> RunningNode.start(dir.resolve("node" + index),
                        settings(index, clusterName, clusterPorts))));
            }
            Exception failedStart = null;
            for (Future<RunningNode> node : joining) {
                try {
                    nodes.add(node.get(120, TimeUnit.SECONDS));
                } catch (ExecutionException | TimeoutException e) {
                    failedStart = e;
                }
            }
            if (failedStart != null) {
                throw failedStart;
            }
        } finally {
            starter.shutdownNow();
        }
        traffic();
        makeDeal(nodes.get(1));
    }

    @AfterAll
    void stopCluster() throws Exception {
        for (RunningNode node : nodes) {
            node.close();
        }
    }

    @Test
    void everyMeterOfTheClusterFollowsTheConvention() throws Exception {
        Set<String> families = new LinkedHashSet<>();
        for (RunningNode node : nodes) {
            PrometheusText scrape = PrometheusText.parse(node.scrape());
            List<String> problems = MetricsConventionTest.problems(scrape);
            assertTrue(problems.isEmpty(), String.join("\n", problems));
            families.addAll(scrape.types().keySet());
        }
        for (String area : List.of("strata_bitswap_", "strata_dht_", "strata_pins_", "strata_stores_", "strata_ipns_",
                "strata_deals_", "strata_cluster_")) {
            assertTrue(families.stream().anyMatch(family -> family.startsWith(area)), area + "* missing from " + families);
        }
    }

    @Test
    void everyPanelQueryReturnsSeriesFromARealPrometheus() throws Exception {
        Path prometheus = Path.of("/usr/bin/prometheus");
        if (!Files.isExecutable(prometheus)) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("prometheus is missing; .ci/run installs Debian's prometheus package");
            }
            Assumptions.abort("prometheus is not installed (apt-get install prometheus); skipped outside CI");
        }
        JsonNode canonical = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("grafana/prometheus/prometheus.yml").toFile());
        JsonNode job = canonical.path("scrape_configs").get(0);
        int port = freePort();
        List<String> targets = nodes.stream().map(node -> "127.0.0.1:" + node.apiPort).toList();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n"
                + "  - job_name: " + job.path("job_name").asText() + "\n"
                + "    metrics_path: " + job.path("metrics_path").asText() + "\n"
                + "    static_configs:\n      - targets: " + JSON.writeValueAsString(targets) + "\n");
        Process server = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            String base = "http://127.0.0.1:" + port;
            // More traffic while Prometheus scrapes, so the rates it computes come from counters that moved.
            traffic();
            Set<String> scraped = new LinkedHashSet<>();
            for (RunningNode node : nodes) {
                PrometheusText.parse(node.scrape()).samples().forEach(sample -> scraped.add(sample.name()));
            }
            awaitEveryNodeScraped(base, nodes.size());

            List<String> failures = new ArrayList<>();
            for (PanelQuery query : panelQueries()) {
                for (String name : metricNames(query.expr())) {
                    if (!name.equals("up") && !scraped.contains(name)) {
                        failures.add(query + " names " + name + ", which no node exports");
                    }
                }
            }
            failures.addAll(queriesWithoutSeries(base, panelQueries()));
            assertTrue(failures.isEmpty(), String.join("\n", failures) + "\nprometheus log: "
                    + Files.readString(dir.resolve("prometheus.log")));
        } finally {
            server.destroy();
            server.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** Every node's API and gateway traffic, and a round of what only a cluster does between nodes 0 and 1. */
    private void traffic() throws Exception {
        for (RunningNode node : nodes) {
            node.exercise();
        }
        RunningNode.exerciseCluster(nodes.get(0), nodes.get(1));
    }

    /**
     * Node {@code index} of the loopback cluster; node 0 is the storage provider. A read of a block no node has
     * (which {@link RunningNode#exercise()} makes, for the not-found series) gives up after a second instead of
     * Bitswap's default 30.
     */
    private static Map<String, String> settings(int index, String clusterName, List<Integer> clusterPorts) {
        Map<String, String> settings = new LinkedHashMap<>(RunningNode.clustered(clusterName, clusterPorts.get(index),
                clusterPorts));
        settings.put("bitswap.retrievalTimeoutMillis", "1000");
        if (index == 0) {
            settings.put("deals.provider.enabled", "true");
            settings.put("deals.provider.minPieceSize", "128");
        }
        return settings;
    }

    /**
     * A deal for the file {@link RunningNode#exercise()} added (a CAR of about 100 bytes: a piece of 128 padded
     * bytes, which the provider's minPieceSize admits), made by {@code client} with the cluster's one provider:
     * CommP on both sides, the CAR transferred and checked, the deal active on both sides.
     */
    private static void makeDeal(RunningNode client) throws Exception {
        HttpResponse<String> proposed = client.post("/api/v0/deals/propose?arg=QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"
                + "&replicas=1");
        assertEquals(200, proposed.statusCode(), proposed.body());
        JsonNode deals = JSON.readTree(proposed.body()).path("deals");
        assertEquals(1, deals.size(), proposed.body());
        assertEquals("ACTIVE", deals.get(0).path("state").asText(), proposed.body());
    }

    /** Waits until Prometheus' last scrape of every node succeeded. */
    private static void awaitEveryNodeScraped(String base, int nodes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (query(base, "up{job=\"strata\"} == 1").path("data").path("result").size() == nodes) {
                    return;
                }
            } catch (java.io.IOException notYetListening) {
                // Prometheus is still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Prometheus did not scrape all " + nodes + " nodes within 60 s");
    }

    /**
     * Evaluates every query until it returns a series (a rate needs two scrapes after its counter's first
     * sample), for at most 60 s; answers the queries that failed or never returned one. {@code $__rate_interval}
     * becomes the minute the test runs in.
     */
    private static List<String> queriesWithoutSeries(String base, List<PanelQuery> queries) throws Exception {
        Map<PanelQuery, String> pending = new LinkedHashMap<>();
        queries.forEach(query -> pending.put(query, "returned no series"));
        List<String> failures = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            for (PanelQuery query : List.copyOf(pending.keySet())) {
                JsonNode answer = query(base, query.expr().replace("$__rate_interval", "1m"));
                if (!"success".equals(answer.path("status").asText())) {
                    failures.add(query + ": " + answer);
                    pending.remove(query);
                } else if (!answer.path("data").path("result").isEmpty()) {
                    pending.remove(query);
                }
            }
            if (!pending.isEmpty()) {
                Thread.sleep(500);
            }
        }
        pending.forEach((query, problem) -> failures.add(query + " " + problem));
        return failures;
    }

    private static JsonNode query(String base, String expr) throws Exception {
        HttpResponse<String> response = RunningNode.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query="
                + URLEncoder.encode(expr, StandardCharsets.UTF_8))).GET().build());
        return JSON.readTree(response.body());
    }
}
