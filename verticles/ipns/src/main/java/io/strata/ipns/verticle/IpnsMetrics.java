package io.strata.ipns.verticle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;

/**
 * Name operations this node served, by outcome ({@code success} or {@code failure}); never by name, which
 * would make a series per key: {@code strata_ipns_publishes_total}, {@code strata_ipns_resolves_total}.
 */
final class IpnsMetrics {

    private final Counter publishSucceeded;
    private final Counter publishFailed;
    private final Counter resolveSucceeded;
    private final Counter resolveFailed;

    IpnsMetrics(MeterRegistry registry) {
        publishSucceeded = counter(registry, "strata.ipns.publishes", "records signed and stored (and put to the DHT in a cluster)", "success");
        publishFailed = counter(registry, "strata.ipns.publishes", "records signed and stored (and put to the DHT in a cluster)", "failure");
        resolveSucceeded = counter(registry, "strata.ipns.resolves", "names resolved, from the cache, the local store or the DHT", "success");
        resolveFailed = counter(registry, "strata.ipns.resolves", "names resolved, from the cache, the local store or the DHT", "failure");
    }

    void published(AsyncResult<?> result) {
        (result.succeeded() ? publishSucceeded : publishFailed).increment();
    }

    void resolved(AsyncResult<?> result) {
        (result.succeeded() ? resolveSucceeded : resolveFailed).increment();
    }

    private static Counter counter(MeterRegistry registry, String name, String description, String outcome) {
        return Counter.builder(name).description(description).tag("outcome", outcome).register(registry);
    }
}
