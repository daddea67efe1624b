package io.strata.dht;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.strata.proto.kademlia.KademliaProtos.Message;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The DHT's meters; labels are closed sets (lookup kind, outcome, message type), never a CID or peer id.
 * In Prometheus: {@code strata_dht_lookups_total{kind,outcome}}, {@code strata_dht_lookup_hops} (histogram,
 * tag {@code kind}), {@code strata_dht_rpc_failures_total{type}}, {@code strata_dht_requests_total{type}},
 * {@code strata_dht_provides_total}, gauges {@code strata_dht_routing_table_peers} and
 * {@code strata_dht_provider_records}.
 */
final class DhtMetrics {

    enum Kind { FIND_NODE, FIND_PEER, FIND_PROVIDERS, PROVIDE, GET_VALUE, PUT_VALUE }

    enum Outcome { FOUND, NOT_FOUND }

    private final MeterRegistry registry;
    private final AtomicInteger routingTablePeers = new AtomicInteger();
    private final AtomicInteger providerRecords = new AtomicInteger();
    private final Counter provides;

    DhtMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("strata.dht.routing.table.peers", routingTablePeers, AtomicInteger::get)
                .description("peers in the Kademlia routing table").register(registry);
        Gauge.builder("strata.dht.provider.records", providerRecords, AtomicInteger::get)
                .description("provider records held, expired ones included until swept").register(registry);
        provides = Counter.builder("strata.dht.provides").description("CIDs announced to the closest peers")
                .register(registry);
        // at zero from the start, so a healthy cluster shows its failure rate as 0 rather than as no data
        for (Message.MessageType type : Message.MessageType.values()) {
            if (type != Message.MessageType.UNRECOGNIZED) {
                rpcFailures(type.name());
            }
        }
    }

    /** An iterative lookup ended; its hops go to the histogram. */
    void lookup(Kind kind, Outcome outcome, int hops) {
        outcome(kind, outcome);
        DistributionSummary.builder("strata.dht.lookup.hops")
                .description("sequential round trips of an iterative lookup")
                .tag("kind", tag(kind))
                .serviceLevelObjectives(1, 2, 3, 4, 5, 6, 8, 10, 15)
                .register(registry).record(hops);
    }

    /** An operation ended without a lookup of its own (or its lookup was counted already). */
    void outcome(Kind kind, Outcome outcome) {
        Counter.builder("strata.dht.lookups").description("DHT operations by kind and outcome")
                .tag("kind", tag(kind)).tag("outcome", tag(outcome))
                .register(registry).increment();
    }

    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    void rpcFailure(String messageType) {
        rpcFailures(messageType).increment();
    }

    private Counter rpcFailures(String messageType) {
        return Counter.builder("strata.dht.rpc.failures").description("outgoing DHT RPCs that failed or timed out")
                .tag("type", messageType).register(registry);
    }

    void requestReceived(String messageType) {
        Counter.builder("strata.dht.requests").description("DHT RPCs received from other nodes")
                .tag("type", messageType).register(registry).increment();
    }

    void provided() {
        provides.increment();
    }

    void routingTablePeers(int size) {
        routingTablePeers.set(size);
    }

    void providerRecords(int count) {
        providerRecords.set(count);
    }
}
