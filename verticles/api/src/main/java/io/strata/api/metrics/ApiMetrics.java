package io.strata.api.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.strata.api.rpc.CommandRouter;
import io.vertx.micrometer.backends.BackendRegistries;

import java.util.concurrent.TimeUnit;

/**
 * The API's Prometheus metrics: {@code strata_api_requests_total{command,status}} and the histogram
 * {@code strata_api_request_duration_seconds{command}}. When Vert.x runs with Micrometer metrics on a
 * Prometheus registry, that registry is shared, so one scrape also shows Vert.x' own meters.
 */
public final class ApiMetrics implements CommandRouter.RequestObserver {

    public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public ApiMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    /** The registry Vert.x' metrics use if it is a Prometheus one, else a registry of our own. */
    public static ApiMetrics sharedOrOwn() {
        if (BackendRegistries.getDefaultNow() instanceof PrometheusMeterRegistry shared) {
            return new ApiMetrics(shared);
        }
        return new ApiMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void observe(String command, int status, long durationNanos) {
        Counter.builder("strata.api.requests")
                .description("Kubo RPC requests by command and HTTP status")
                .tag("command", command)
                .tag("status", Integer.toString(status))
                .register(registry)
                .increment();
        Timer.builder("strata.api.request.duration")
                .description("Kubo RPC request duration, until the response ended")
                .tag("command", command)
                .publishPercentileHistogram()
                .register(registry)
                .record(durationNanos, TimeUnit.NANOSECONDS);
    }

    public String scrape() {
        return registry.scrape();
    }
}
