package io.strata.node.ops;

import io.strata.node.ops.PrometheusText.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scrapes {@code /metrics} of a running node and holds every meter to the naming convention
 * {@code strata_<area>_<what>_<unit>} (base units, counters ending in {@code _total}) and every label to low
 * cardinality: no value that looks like a CID or a peer ID, no label with many values. The meters only a cluster
 * has (Bitswap, DHT, pins, stores, deals) are held to {@link #problems} by {@link DashboardQueriesTest}, which
 * runs a three-node cluster anyway.
 */
class MetricsConventionTest {

    /** Meters of the libraries underneath keep their own, documented names. */
    static final List<String> FOREIGN_PREFIXES = List.of("vertx_", "jvm_", "process_", "system_", "executor_",
            "disk_", "hazelcast_");
    static final Set<String> UNITS = Set.of("seconds", "bytes", "ratio", "info", "total", "blocks", "peers",
            "members", "entries", "requests", "hops", "pins", "deals", "keys", "records", "providers", "wants",
            "messages", "verticles", "handlers", "operations", "epochs", "compactions", "flushes", "sessions");
    private static final Pattern NAME = Pattern.compile("strata_([a-z]+)_([a-z0-9]+_)*?([a-z0-9]+)_([a-z]+)");
    private static final Pattern IDENTIFIER = Pattern.compile(
            "(12D3KooW|Qm)[1-9A-HJ-NP-Za-km-z]{40,}|\\bb[a-z2-7]{50,}|\\bz[1-9A-HJ-NP-Za-km-z]{45,}|\\bk51[a-z0-9]{50,}");
    static final int MAX_VALUES_PER_LABEL = 100;

    @TempDir
    Path repo;

    @Test
    void everyMeterOfARunningNodeFollowsTheConvention() throws Exception {
        try (RunningNode node = RunningNode.start(repo, Map.of())) {
            node.exercise();
            PrometheusText scrape = PrometheusText.parse(node.scrape());
            List<String> problems = problems(scrape);
            assertTrue(problems.isEmpty(), String.join("\n", problems));
            Set<String> families = scrape.types().keySet();
            for (String expected : List.of("strata_api_requests_total", "strata_api_request_duration_seconds",
                    "strata_gateway_requests_total", "strata_gateway_response_bytes_total",
                    "strata_blockstore_written_bytes_total",
                    "strata_blockstore_stored_blocks", "vertx_eventbus_handlers")) {
                assertTrue(families.contains(expected), expected + " missing from " + families);
            }
        }
    }

    @Test
    void theCheckCatchesBadNamesAndIdentifierLabels() {
        PrometheusText bad = PrometheusText.parse("""
                # TYPE strata_blockstore_blocks gauge
                strata_blockstore_blocks 1.0
                # TYPE strata_api_latency_ms gauge
                strata_api_latency_ms 3.0
                # TYPE strata_bitswap_sent_blocks counter
                strata_bitswap_sent_blocks_total{peer="12D3KooWM8KqmXEZ4wRfehk6tYGMpbZNtQmTW3TPkkbb5Fymt3ch"} 1.0
                # TYPE strata_pins_pinned_total counter
                strata_pins_pinned_total{cid="bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"} 1.0
                # TYPE foo_things gauge
                foo_things 1.0
                # TYPE strata_bitswap_wantlist_max gauge
                strata_bitswap_wantlist_max 2.0
                """);
        List<String> problems = problems(bad);
        assertEquals(6, problems.size(), String.join("\n", problems));
        assertTrue(problems(PrometheusText.parse("""
                # TYPE strata_bitswap_sent_blocks counter
                strata_bitswap_sent_blocks_total{peer_class="provider"} 1.0
                # TYPE strata_dht_lookup_hops histogram
                strata_dht_lookup_hops_bucket{le="1.0"} 1
                strata_dht_lookup_hops_bucket{le="+Inf"} 1
                strata_dht_lookup_hops_count 1
                strata_dht_lookup_hops_sum 1.0
                # TYPE strata_dht_lookup_hops_max gauge
                strata_dht_lookup_hops_max 1.0
                """)).isEmpty());
    }

    static List<String> problems(PrometheusText scrape) {
        List<String> problems = new ArrayList<>();
        scrape.types().forEach((family, type) -> {
            if (FOREIGN_PREFIXES.stream().anyMatch(family::startsWith)) {
                return;
            }
            String name = type.equals("counter") && !family.endsWith("_total") ? family + "_total"
                    : isMaxOfADistribution(scrape, family) ? family.substring(0, family.length() - "_max".length())
                    : family;
            if (type.equals("counter") && !name.endsWith("_total")) {
                problems.add(family + ": a counter must end in _total");
            }
            var matcher = NAME.matcher(name);
            if (!matcher.matches()) {
                problems.add(family + ": not strata_<area>_<what>_<unit>");
            } else if (!UNITS.contains(matcher.group(4))) {
                problems.add(family + ": unit '" + matcher.group(4) + "' is not a base unit (" + UNITS + ")");
            }
        });
        Map<String, Set<String>> valuesByLabel = new HashMap<>();
        for (Sample sample : scrape.samples()) {
            sample.labels().forEach((label, value) -> {
                if (IDENTIFIER.matcher(value).find()) {
                    problems.add(sample.name() + ": label " + label + "=\"" + value + "\" carries a CID or peer ID");
                }
                valuesByLabel.computeIfAbsent(sample.name() + "/" + label, key -> new HashSet<>()).add(value);
            });
        }
        valuesByLabel.forEach((label, values) -> {
            if (values.size() > MAX_VALUES_PER_LABEL) {
                problems.add(label + ": " + values.size() + " distinct values");
            }
        });
        assertFalse(problems.contains(null));
        return problems;
    }

    /**
     * Micrometer exports the largest recent value of a timer or distribution summary {@code X} as a gauge
     * {@code X_max}: that gauge carries the name of {@code X}.
     */
    private static boolean isMaxOfADistribution(PrometheusText scrape, String family) {
        if (!family.endsWith("_max")) {
            return false;
        }
        String distribution = scrape.types().get(family.substring(0, family.length() - "_max".length()));
        return "histogram".equals(distribution) || "summary".equals(distribution);
    }
}
