package io.strata.crdt;

import io.strata.ipld.codec.DagCbor;

import java.util.Map;

import static io.strata.crdt.CrdtException.Code.OVERFLOW;
import static io.strata.crdt.CrdtException.Code.STATE_MALFORMED;

/** A counter that goes both ways: two G-counters, one of increments and one of decrements. Immutable. */
public final class PNCounter implements Crdt<PNCounter> {

    private static final PNCounter EMPTY = new PNCounter(GCounter.empty(), GCounter.empty());

    private final GCounter increments;
    private final GCounter decrements;

    private PNCounter(GCounter increments, GCounter decrements) {
        this.increments = increments;
        this.decrements = decrements;
    }

    public static PNCounter empty() {
        return EMPTY;
    }

    public GCounter increments() {
        return increments;
    }

    public GCounter decrements() {
        return decrements;
    }

    /** @throws CrdtException {@code OVERFLOW} when the value leaves the signed 64-bit range */
    public long value() {
        try {
            return Math.subtractExact(increments.value(), decrements.value());
        } catch (ArithmeticException e) {
            throw new CrdtException(OVERFLOW, "PN-counter value exceeds the signed 64-bit range", e);
        }
    }

    public Mutation<PNCounter> increment(String replica, long amount) {
        PNCounter delta = new PNCounter(increments.increment(replica, amount).delta(), GCounter.empty());
        return new Mutation<>(merge(delta), delta);
    }

    public Mutation<PNCounter> decrement(String replica, long amount) {
        PNCounter delta = new PNCounter(GCounter.empty(), decrements.increment(replica, amount).delta());
        return new Mutation<>(merge(delta), delta);
    }

    @Override
    public PNCounter merge(PNCounter other) {
        return new PNCounter(increments.merge(other.increments), decrements.merge(other.decrements));
    }

    /** {@code {"p": increments, "n": decrements}}, each as {@link GCounter#toDataModel()}. */
    @Override
    public Object toDataModel() {
        return Map.of("p", increments.toDataModel(), "n", decrements.toDataModel());
    }

    /** @throws CrdtException {@code STATE_MALFORMED} unless {@code value} is what {@link #toDataModel()} writes */
    public static PNCounter fromDataModel(Object value) {
        if (!(value instanceof Map<?, ?> map) || map.size() != 2 || !map.containsKey("p") || !map.containsKey("n")) {
            throw new CrdtException(STATE_MALFORMED, "a PN-counter is {p: G-counter, n: G-counter}, got " + value);
        }
        return new PNCounter(GCounter.fromDataModel(map.get("p")), GCounter.fromDataModel(map.get("n")));
    }

    public static PNCounter decode(byte[] bytes) {
        return fromDataModel(DagCbor.decode(bytes));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PNCounter counter && increments.equals(counter.increments)
                && decrements.equals(counter.decrements);
    }

    @Override
    public int hashCode() {
        return 31 * increments.hashCode() + decrements.hashCode();
    }

    @Override
    public String toString() {
        return "PNCounter{p=" + increments.counts() + ", n=" + decrements.counts() + "}";
    }
}
