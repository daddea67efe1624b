package io.strata.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/**
 * The gateway's meters (Prometheus names): {@code strata_gateway_requests_total{format,status}},
 * {@code strata_gateway_response_bytes_total{format}} and the histogram
 * {@code strata_gateway_request_duration_seconds{format}} (until the response ended).
 */
final class GatewayMetrics {

    private final MeterRegistry registry;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void observe(String format, int status, long bodyBytes, long durationNanos) {
        Counter.builder("strata.gateway.requests")
                .description("gateway requests by response format and HTTP status")
                .tag("format", format)
                .tag("status", Integer.toString(status))
                .register(registry)
                .increment();
        Counter.builder("strata.gateway.response.bytes")
                .description("body bytes the gateway sent")
                .tag("format", format)
                .register(registry)
                .increment(bodyBytes);
        Timer.builder("strata.gateway.request.duration")
                .description("gateway request duration, until the response ended")
                .tag("format", format)
                .publishPercentileHistogram()
                .register(registry)
                .record(durationNanos, TimeUnit.NANOSECONDS);
    }
}
