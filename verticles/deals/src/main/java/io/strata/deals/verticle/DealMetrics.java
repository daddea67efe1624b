package io.strata.deals.verticle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.strata.deals.DealEvent;
import io.strata.deals.DealState;
import io.strata.deals.DealTransition;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One deal role's meters. Both roles: {@code strata_deals_tracked_deals{role,state}}, every state of the deal
 * state machine from the start ({@code role} is {@code client} for the deals this node made, {@code provider}
 * for the deals it stores, so no series counts a deal twice), and {@code
 * strata_deals_commitment_duration_seconds{role}}, the time spent computing a piece's CommP (the client's before
 * it proposes, the provider's while it verifies a transfer). The client, which challenges its deals: {@code
 * strata_deals_proofs_total{outcome}} (passed, failed, missed). The provider: {@code
 * strata_deals_transferred_bytes_total}, payload bytes it took in. Never a CID, a deal or a provider as a label.
 */
final class DealMetrics {

    private static final String PASSED = "passed";
    private static final String FAILED = "failed";
    private static final String MISSED = "missed";

    enum Role {
        CLIENT, PROVIDER;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<DealState, AtomicLong> byState = new EnumMap<>(DealState.class);
    private final Timer commitment;
    private final Map<String, Counter> proofsByOutcome = new HashMap<>();
    private final Counter transferredBytes;

    DealMetrics(MeterRegistry registry, Role role) {
        for (DealState state : DealState.values()) {
            AtomicLong count = new AtomicLong();
            byState.put(state, count);
            Gauge.builder("strata.deals.tracked.deals", count, AtomicLong::get)
                    .description("deals this node tracks in its role, by state")
                    .tags("role", role.label(), "state", state.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        commitment = Timer.builder("strata.deals.commitment.duration")
                .description("time spent computing a piece's CommP").tag("role", role.label())
                .publishPercentileHistogram().register(registry);
        if (role == Role.CLIENT) {
            for (String outcome : List.of(PASSED, FAILED, MISSED)) {
                proofsByOutcome.put(outcome, Counter.builder("strata.deals.proofs")
                        .description("storage proofs of this node's deals settled, by outcome")
                        .tag("outcome", outcome).register(registry));
            }
            transferredBytes = null;
        } else {
            transferredBytes = Counter.builder("strata.deals.transferred").baseUnit("bytes")
                    .description("deal payload bytes this provider took in").register(registry);
        }
    }

    /** A deal went from {@code from} (null: it was not tracked before) to {@code to}. */
    void moved(DealState from, DealState to) {
        if (from == to) {
            return;
        }
        if (from != null) {
            byState.get(from).decrementAndGet();
        }
        byState.get(to).incrementAndGet();
    }

    /** Client: counts the proofs the transitions settled: accepted, rejected (a wrong answer) or missed. */
    void settled(List<DealTransition> transitions) {
        for (DealTransition transition : transitions) {
            DealEvent event = transition.event();
            String outcome = event instanceof DealEvent.ProofAccepted ? PASSED
                    : event instanceof DealEvent.ProofRejected ? FAILED
                    : event instanceof DealEvent.ProofMissed ? MISSED : null;
            if (outcome != null) {
                proofsByOutcome.get(outcome).increment();
            }
        }
    }

    void committed(long nanos) {
        commitment.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Provider: payload bytes of a transfer chunk taken in. */
    void transferred(long bytes) {
        transferredBytes.increment(bytes);
    }
}
