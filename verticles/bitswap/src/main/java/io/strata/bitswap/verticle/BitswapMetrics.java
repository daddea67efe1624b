package io.strata.bitswap.verticle;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The {@code strata_bitswap_*} meters, and the totals {@code bitswap stat} reports (the same numbers). Tags
 * are reasons only: a CID or peer label would give Prometheus one series per block or node.
 */
final class BitswapMetrics {

    record Totals(long blocksReceived, long blocksSent, long dataReceived, long dataSent, long duplicateBlocks,
                  long duplicateData, long messagesReceived) {
    }

    private final MeterRegistry registry;
    private final AtomicLong blocksReceived = new AtomicLong();
    private final AtomicLong dataReceived = new AtomicLong();
    private final AtomicLong blocksSent = new AtomicLong();
    private final AtomicLong dataSent = new AtomicLong();
    private final AtomicLong duplicateBlocks = new AtomicLong();
    private final AtomicLong duplicateData = new AtomicLong();
    private final AtomicLong messagesReceived = new AtomicLong();
    private final AtomicLong messagesSent = new AtomicLong();

    BitswapMetrics(MeterRegistry registry) {
        this.registry = registry;
        counter("strata.bitswap.blocks.received", "blocks fetched from peers and stored", null, blocksReceived);
        counter("strata.bitswap.data.received", "bytes of blocks fetched from peers and stored", "bytes", dataReceived);
        counter("strata.bitswap.blocks.sent", "blocks sent to peers", null, blocksSent);
        counter("strata.bitswap.data.sent", "bytes of blocks sent to peers", "bytes", dataSent);
        counter("strata.bitswap.blocks.duplicate", "blocks received that were already stored or no longer wanted", null,
                duplicateBlocks);
        counter("strata.bitswap.data.duplicate", "bytes of duplicate blocks", "bytes", duplicateData);
        counter("strata.bitswap.messages.received", "Bitswap messages accepted from peers", null, messagesReceived);
        counter("strata.bitswap.messages.sent", "Bitswap messages sent to peers", null, messagesSent);
    }

    void registerGauges(Supplier<Number> wantlist, Supplier<Number> sessions, Supplier<Number> provideBuffer) {
        Gauge.builder("strata.bitswap.wantlist.entries", wantlist).description("CIDs this node is fetching or prefetching")
                .register(registry);
        Gauge.builder("strata.bitswap.active.sessions", sessions).description("fetch sessions with wants outstanding")
                .register(registry);
        Gauge.builder("strata.bitswap.provide.buffer.blocks", provideBuffer)
                .description("fetched blocks waiting to be announced to the routing").register(registry);
    }

    void blockReceived(int bytes) {
        blocksReceived.incrementAndGet();
        dataReceived.addAndGet(bytes);
    }

    void blockSent(int bytes) {
        blocksSent.incrementAndGet();
        dataSent.addAndGet(bytes);
    }

    void duplicateReceived(int bytes) {
        duplicateBlocks.incrementAndGet();
        duplicateData.addAndGet(bytes);
    }

    void messageReceived() {
        messagesReceived.incrementAndGet();
    }

    void messageSent() {
        messagesSent.incrementAndGet();
    }

    /** A message not accepted at all: {@code too_large} (over 4 MiB) or {@code malformed}. */
    void messageRefused(String reason) {
        registry.counter("strata.bitswap.messages.refused", "reason", reason).increment();
    }

    /** A block not stored: {@code too_large} (over 2 MiB) or {@code mismatch} (its bytes hash to no wanted CID). */
    void blockRejected(String reason) {
        registry.counter("strata.bitswap.blocks.rejected", "reason", reason).increment();
    }

    Totals totals() {
        return new Totals(blocksReceived.get(), blocksSent.get(), dataReceived.get(), dataSent.get(),
                duplicateBlocks.get(), duplicateData.get(), messagesReceived.get());
    }

    private void counter(String name, String description, String unit, AtomicLong value) {
        FunctionCounter.builder(name, value, AtomicLong::get).description(description).baseUnit(unit).register(registry);
    }
}
