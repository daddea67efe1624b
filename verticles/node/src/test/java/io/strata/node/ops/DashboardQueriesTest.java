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
 * every panel evaluated through Prometheus' HTTP API: every expression must return at least one series, and every
 * metric it names must be in the nodes' scrape. One node is a storage provider, so the deals panels have the
 * series of both deal roles, and the deals meters, which only a cluster has, follow the naming convention of
 * {@link MetricsConventionTest}.
 */
class DashboardQueriesTest {

    static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
    static final Path DASHBOARDS = ROOT.resolve("grafana/dashboards");
    private static final Pattern METRIC = Pattern.compile("\\b((?:strata|vertx|jvm|process|system)_[a-z0-9_]+|up)\\b");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

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
                Map<String, String> settings = new LinkedHashMap<>(RunningNode.clustered(clusterName, clusterPorts.get(i),
                        clusterPorts));
                if (i == 0) {
                    settings.put("deals.provider.enabled", "true");
                    settings.put("deals.provider.minPieceSize", "128");
                }
                RunningNode node = RunningNode.start(dir.resolve("node" + i), settings);
                nodes.add(node);
                node.exercise();
            }
            String store = RunningNode.exerciseCluster(nodes.get(0), nodes.get(1), null);
            makeDeal(nodes.get(1));
            List<String> targets = nodes.stream().map(node -> "127.0.0.1:" + node.apiPort).toList();
            Set<String> scraped = new LinkedHashSet<>();
            for (RunningNode node : nodes) {
                PrometheusText scrape = PrometheusText.parse(node.scrape());
                List<String> dealsProblems = MetricsConventionTest.problems(scrape).stream()
                        .filter(problem -> problem.startsWith("strata_deals_")).toList();
                assertTrue(dealsProblems.isEmpty(), String.join("\n", dealsProblems));
                scrape.samples().forEach(sample -> scraped.add(sample.name()));
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
            for (PanelQuery query : panelQueries()) {
                String expr = query.expr().replace("$__rate_interval", "1m");
                JsonNode answer = query(base, expr);
                if (!"success".equals(answer.path("status").asText())) {
                    failures.add(query + ": " + answer);
                    continue;
                }
                if (answer.path("data").path("result").isEmpty()) {
                    failures.add(query + " returned no series");
                }
                for (String name : metricNames(query.expr())) {
                    if (!name.equals("up") && scraped.stream().noneMatch(sample -> sample.equals(name))) {
                        failures.add(query + " names " + name + ", which no node exports");
                    }
                }
            }
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
