package io.strata.node;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.util.regex.Pattern;

/**
 * The node's one Prometheus registry (with the JVM's memory, threads, class loading, CPU and uptime meters) and
 * the options of Vert.x' own meters on it.
 *
 * <p>Vert.x keeps one event-bus handler gauge per address; without the {@code address} label every address
 * registers the same untagged gauge again, which Micrometer reports as "This Gauge has been already
 * registered". So the label is on, and every identifier inside an address (the peer ID of node-addressed
 * endpoints such as {@code strata.bitswap.<peerId>}, the CID of a pin's or a database's topic, an IPNS name) is
 * replaced by {@value #IDENTIFIER_PLACEHOLDER}, and a pubsub topic by {@value #TOPIC_PLACEHOLDER}, so that no
 * label carries an identifier and the label's values stay few. One such warning remains, once per
 * JVM, for {@code vertx.eventbus.pending}: vertx-micrometer-metrics 5.0.7 registers that gauge again on every
 * received message ({@code VertxEventBusMetrics.messageReceived}); the value is right (the counter behind it is
 * shared), only the warning is noise.
 */
final class NodeMetrics {

    static final String ADDRESS_LABEL = "address";
    static final String IDENTIFIER_PLACEHOLDER = "{id}";
    static final String TOPIC_PLACEHOLDER = "{topic}";

    /**
     * Base58btc peer IDs (12D3KooW..., Qm...), CIDs in base32 (b...) and base58btc multibase (z..., as in
     * {@code /orbitdb/zdpu...}), and base36 IPNS names (k51...) inside an event-bus address.
     */
    private static final Pattern IDENTIFIER = Pattern.compile(
            "(12D3KooW|Qm)[1-9A-HJ-NP-Za-km-z]{40,}|b[a-z2-7]{50,}|z[1-9A-HJ-NP-Za-km-z]{40,}|k[0-9a-z]{50,}");
    /** Pubsub topics are the users' own names, as many as they like. */
    private static final Pattern PUBSUB_TOPIC = Pattern.compile("^(strata\\.pubsub\\.).+$");

    private NodeMetrics() {
    }

    static PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(MeterFilter.replaceTagValues(ADDRESS_LABEL, NodeMetrics::withoutIdentifiers));
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    static MicrometerMetricsOptions vertxOptions() {
        return new MicrometerMetricsOptions().setEnabled(true).addLabels(Label.EB_ADDRESS);
    }

    /**
     * {@code strata_cluster_known_members}: the Hazelcast members this node sees, itself included (0 once its
     * member has stopped). Every node reports it, so a split shows as nodes disagreeing.
     */
    static void bindCluster(MeterRegistry registry, HazelcastInstance hazelcast) {
        Gauge.builder("strata.cluster.known.members", hazelcast,
                        instance -> instance.getLifecycleService().isRunning() ? instance.getCluster().getMembers().size() : 0)
                .description("cluster members this node sees, itself included").register(registry);
    }

    static String withoutIdentifiers(String address) {
        String withoutTopic = PUBSUB_TOPIC.matcher(address).replaceAll("$1" + TOPIC_PLACEHOLDER);
        return IDENTIFIER.matcher(withoutTopic).replaceAll(IDENTIFIER_PLACEHOLDER);
    }
}
