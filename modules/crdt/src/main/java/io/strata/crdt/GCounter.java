package io.strata.crdt;

import io.strata.ipld.codec.DagCbor;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static io.strata.crdt.CrdtException.Code.OVERFLOW;
import static io.strata.crdt.CrdtException.Code.STATE_MALFORMED;

/** A grow-only counter: one non-negative count per replica; the value is their sum. Immutable. */
public final class GCounter implements Crdt<GCounter> {

    private static final GCounter EMPTY = new GCounter(Map.of());

    private final Map<String, Long> counts;

    private GCounter(Map<String, Long> counts) {
        this.counts = counts;
    }

    public static GCounter empty() {
        return EMPTY;
    }

    /** Counts by replica id, in replica id order. */
    public Map<String, Long> counts() {
        return counts;
    }

    /** @throws CrdtException {@code OVERFLOW} when the sum exceeds a signed 64-bit integer */
    public long value() {
        long sum = 0;
        for (long count : counts.values()) {
            sum = addExact(sum, count);
        }
        return sum;
    }

    public long countOf(String replica) {
        return counts.getOrDefault(replica, 0L);
    }

    /** Adds {@code amount} (positive) to {@code replica}'s count; the delta carries that count alone. */
    public Mutation<GCounter> increment(String replica, long amount) {
        Objects.requireNonNull(replica, "replica");
        if (amount <= 0) {
            throw new IllegalArgumentException("a G-counter only grows; amount must be positive: " + amount);
        }
        GCounter delta = new GCounter(Map.of(replica, addExact(countOf(replica), amount)));
        return new Mutation<>(merge(delta), delta);
    }

    @Override
    public GCounter merge(GCounter other) {
        TreeMap<String, Long> merged = new TreeMap<>(counts);
        other.counts.forEach((replica, count) -> merged.merge(replica, count, Math::max));
        return new GCounter(Collections.unmodifiableMap(merged));
    }

    /** {@code {replica: count}}. */
    @Override
    public Object toDataModel() {
        return counts;
    }

    /** @throws CrdtException {@code STATE_MALFORMED} unless {@code value} is what {@link #toDataModel()} writes */
    public static GCounter fromDataModel(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new CrdtException(STATE_MALFORMED, "a G-counter is a map of replica to count, got " + value);
        }
        TreeMap<String, Long> counts = new TreeMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getValue() instanceof Long count) || count < 0) {
                throw new CrdtException(STATE_MALFORMED, "G-counter count for " + entry.getKey()
                        + " must be a non-negative 64-bit integer, got " + entry.getValue());
            }
            counts.put((String) entry.getKey(), count);
        }
        return new GCounter(Collections.unmodifiableMap(counts));
    }

    public static GCounter decode(byte[] bytes) {
        return fromDataModel(DagCbor.decode(bytes));
    }

    static long addExact(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new CrdtException(OVERFLOW, "counter exceeds the signed 64-bit range", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GCounter counter && counts.equals(counter.counts);
    }

    @Override
    public int hashCode() {
        return counts.hashCode();
    }

    @Override
    public String toString() {
        return "GCounter" + counts;
    }
}
