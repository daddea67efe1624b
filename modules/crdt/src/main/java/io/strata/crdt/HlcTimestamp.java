package io.strata.crdt;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import static io.strata.crdt.CrdtException.Code.STATE_MALFORMED;

/**
 * A hybrid logical clock reading: physical milliseconds, a logical counter that orders events within
 * one millisecond (or while the physical clock lags), and the node id that breaks the remaining ties,
 * so that timestamps from different nodes are totally ordered.
 */
public record HlcTimestamp(long physicalMillis, long logical, String nodeId) implements Comparable<HlcTimestamp> {

    private static final Comparator<HlcTimestamp> ORDER = Comparator.comparingLong(HlcTimestamp::physicalMillis)
            .thenComparingLong(HlcTimestamp::logical)
            .thenComparing(HlcTimestamp::nodeId);

    public HlcTimestamp {
        Objects.requireNonNull(nodeId, "nodeId");
        if (logical < 0) {
            throw new IllegalArgumentException("logical counter must not be negative: " + logical);
        }
    }

    @Override
    public int compareTo(HlcTimestamp other) {
        return ORDER.compare(this, other);
    }

    public boolean isAfter(HlcTimestamp other) {
        return compareTo(other) > 0;
    }

    /** The IPLD form: {@code [physicalMillis, logical, nodeId]}. */
    public List<Object> toDataModel() {
        return List.of(physicalMillis, logical, nodeId);
    }

    /**
     * @throws CrdtException {@code STATE_MALFORMED} unless {@code value} is the list {@link #toDataModel()} writes
     */
    public static HlcTimestamp fromDataModel(Object value) {
        if (!(value instanceof List<?> list) || list.size() != 3
                || !(list.get(0) instanceof Long physical) || !(list.get(1) instanceof Long logical)
                || !(list.get(2) instanceof String node) || logical < 0) {
            throw new CrdtException(STATE_MALFORMED,
                    "an HLC timestamp is [physicalMillis, logical >= 0, nodeId], got " + value);
        }
        return new HlcTimestamp(physical, logical, node);
    }
}
