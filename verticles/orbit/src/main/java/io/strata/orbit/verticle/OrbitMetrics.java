package io.strata.orbit.verticle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/**
 * The replicated stores of this node, labelled by store type and operation only (never by address):
 * {@code strata_stores_operations_total{type,op}} (requests that succeeded; {@code op="error"} counts the
 * refused ones), {@code strata_stores_log_entries_total} (entries appended to the logs, written here or merged
 * from peers) and {@code strata_stores_replication_lag_seconds} (from receiving a peer's heads that carry new
 * entries until they are merged and persisted here).
 */
final class OrbitMetrics {

    private final MeterRegistry registry;
    private final Counter logEntries;
    private final Counter failed;
    private final Timer replicationLag;

    OrbitMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.logEntries = Counter.builder("strata.stores.log.entries")
                .description("entries appended to store logs, local writes and merged replicas").register(registry);
        this.failed = Counter.builder("strata.stores.operations").description("store requests served")
                .tag("type", "none").tag("op", "error").register(registry);
        this.replicationLag = Timer.builder("strata.stores.replication.lag")
                .description("time from a peer's heads with new entries arriving until they are merged here")
                .register(registry);
    }

    /** A request that succeeded; {@code op} is a known action of the contract, since unknown ones fail. */
    void operation(String type, String op) {
        registry.counter("strata.stores.operations", "type", type, "op", op).increment();
    }

    void failedOperation() {
        failed.increment();
    }

    void appended(int entries) {
        logEntries.increment(entries);
    }

    void replicated(long nanos) {
        replicationLag.record(nanos, TimeUnit.NANOSECONDS);
    }
}
