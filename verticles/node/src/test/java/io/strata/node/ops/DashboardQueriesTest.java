package io.strata.node.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboards against a real Prometheus (Debian's {@code prometheus}, which .ci/run installs): a three-node
 * cluster with traffic (adds, reads across nodes, cluster pins, IPNS publish and resolve, replicated store
 * writes), scraped with the job and path of grafana/prometheus/prometheus.yml, then every PromQL expression of
 * every panel evaluated through Prometheus' HTTP API. An expression over metrics of an area not built yet
 * ({@link #PENDING}) must still be valid PromQL, and must return nothing: once it returns data, it belongs in the
 * checked set and the entry is to be removed. Every other expression must return at least one series, and every
 * metric it names must be in the nodes' scrape.
 */
class DashboardQueriesTest {

    static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
    static final Path DASHBOARDS = ROOT.resolve("grafana/dashboards");
    /** Metric name prefixes of verticles not built yet; their panels say so in their description. */
    static final List<String> PENDING = List.of("strata_deals_");
    private static final Pattern METRIC = Pattern.compile("\\b((?:strata|vertx|jvm|process|system)_[a-z0-9_]+|up)\\b");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record PanelQuery(String dashboard, String panel, String expr, String description) {
    }

    static List<PanelQuery> panelQueries() throws Exception {
        List<PanelQuery> queries = new ArrayList<>();
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = JSON.readTree(file.toFile());
                for (JsonNode panel : dashboard.path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        queries.add(new PanelQuery(file.getFileName().toString(), panel.path("title").asText(),
                                target.path("expr").asText(), panel.path("description").asText("")));
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

    static boolean pending(PanelQuery query) {
        return metricNames(query.expr()).stream().anyMatch(name -> PENDING.stream().anyMatch(name::startsWith));
    }

    @Test
    void dashboardsAreWellFormedAndPendingPanelsSaySo() throws Exception {
        List<PanelQuery> queries = panelQueries();
        assertEquals(Set.of("overview.json", "storage.json", "network.json", "pins.json", "stores.json", "deals.json"),
                Set.copyOf(queries.stream().map(PanelQuery::dashboard).toList()));
        for (PanelQuery query : queries) {
            assertTrue(!metricNames(query.expr()).isEmpty(), query + " names no metric");
            if (pending(query)) {
                assertTrue(query.description().startsWith("No data until"), query + " must say it has no data yet");
            }
        }
        for (Path file : Files.list(DASHBOARDS).toList()) {
            assertTrue(JSON.readTree(file.toFile()).path("panels").findValues("uid").stream()
                    .allMatch(uid -> uid.asText().equals("strata-prometheus")), file + " uses another data source");
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
        List<RunningNode> nodes = new ArrayList<>();
        Process server = null;
        try {
            String clusterName = "dashboards-" + UUID.randomUUID();
            List<Integer> clusterPorts = List.of(RunningNode.freePort(), RunningNode.freePort(), RunningNode.freePort());
            for (int i = 0; i < 3; i++) {
                RunningNode node = RunningNode.start(dir.resolve("node" + i),
                        RunningNode.clustered(clusterName, clusterPorts.get(i), clusterPorts));
                nodes.add(node);
                node.exercise();
            }
            String store = RunningNode.exerciseCluster(nodes.get(0), nodes.get(1), null);
            List<String> targets = nodes.stream().map(node -> "127.0.0.1:" + node.apiPort).toList();
            Set<String> scraped = new LinkedHashSet<>();
            for (RunningNode node : nodes) {
                PrometheusText.parse(node.scrape()).samples().forEach(sample -> scraped.add(sample.name()));
            }
            int port = RunningNode.freePort();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n"
                    + "  - job_name: " + job.path("job_name").asText() + "\n"
                    + "    metrics_path: " + job.path("metrics_path").asText() + "\n"
                    + "    static_configs:\n      - targets: " + JSON.writeValueAsString(targets) + "\n");
            server = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            String base = "http://127.0.0.1:" + port;
            awaitSamples(base, nodes, store);

            List<String> failures = new ArrayList<>();
            Map<String, Integer> pendingWithoutData = new LinkedHashMap<>();
            for (PanelQuery query : panelQueries()) {
                String expr = query.expr().replace("$__rate_interval", "1m");
                JsonNode answer = query(base, expr);
                if (!"success".equals(answer.path("status").asText())) {
                    failures.add(query + ": " + answer);
                    continue;
                }
                int series = answer.path("data").path("result").size();
                if (pending(query)) {
                    if (series > 0) {
                        failures.add(query + " now returns data: remove its area from PENDING");
                    }
                    pendingWithoutData.merge(query.dashboard(), 1, Integer::sum);
                    continue;
                }
                if (series == 0) {
                    failures.add(query + " returned no series");
                }
                for (String name : metricNames(query.expr())) {
                    if (!name.equals("up") && scraped.stream().noneMatch(sample -> sample.equals(name))) {
                        failures.add(query + " names " + name + ", which no node exports");
                    }
                }
            }
            System.out.println("panel queries without data yet (areas not built): " + pendingWithoutData);
            assertTrue(failures.isEmpty(), String.join("\n", failures) + "\nprometheus log: "
                    + Files.readString(dir.resolve("prometheus.log")));
        } finally {
            if (server != null) {
                server.destroy();
                server.waitFor(20, TimeUnit.SECONDS);
            }
            for (RunningNode node : nodes) {
                node.close();
            }
        }
    }

    /** Waits until Prometheus has scraped every node enough times for rate() over the last minute. */
    private static void awaitSamples(String base, List<RunningNode> nodes, String store) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                JsonNode answer = query(base, "count_over_time(up{job=\"strata\"}[1m]) >= 4");
                if (answer.path("data").path("result").size() == nodes.size()) {
                    for (RunningNode node : nodes) {
                        node.exercise();
                    }
                    RunningNode.exerciseCluster(nodes.get(1), nodes.get(2), null);
                    RunningNode.exerciseCluster(nodes.get(0), nodes.get(1), store);
                    Thread.sleep(6000);
                    return;
                }
            } catch (java.io.IOException notYetListening) {
                // Prometheus is still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Prometheus did not scrape all " + nodes.size() + " nodes within 60 s");
    }

    private static JsonNode query(String base, String expr) throws Exception {
        HttpResponse<String> response = RunningNode.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query="
                + URLEncoder.encode(expr, StandardCharsets.UTF_8))).GET().build());
        return JSON.readTree(response.body());
    }
}
