package io.strata.crdt;

import java.util.Objects;
import java.util.function.LongSupplier;

import static io.strata.crdt.CrdtException.Code.CLOCK_DRIFT;
import static io.strata.crdt.CrdtException.Code.OVERFLOW;

/**
 * A hybrid logical clock (Kulkarni et al., "Logical Physical Clocks", 2014). Every timestamp it issues is
 * greater than every timestamp it issued or received before, even when the physical clock it is handed
 * steps backwards; while the physical clock runs forwards the timestamps stay close to it.
 * Thread-safe.
 */
public final class HybridLogicalClock {

    private final String nodeId;
    private final LongSupplier physicalTimeMillis;
    private final long maxDriftMillis;
    private long lastPhysical = Long.MIN_VALUE;
    private long lastLogical;

    /** A clock that follows any received timestamp, however far ahead of the local physical clock. */
    public HybridLogicalClock(String nodeId, LongSupplier physicalTimeMillis) {
        this(nodeId, physicalTimeMillis, Long.MAX_VALUE);
    }

    /**
     * @param maxDriftMillis how far ahead of the local physical clock a received timestamp may be; one
     *                       further ahead is refused, so a peer with a broken clock cannot drag ours along
     */
    public HybridLogicalClock(String nodeId, LongSupplier physicalTimeMillis, long maxDriftMillis) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.physicalTimeMillis = Objects.requireNonNull(physicalTimeMillis, "physicalTimeMillis");
        if (maxDriftMillis < 0) {
            throw new IllegalArgumentException("maxDriftMillis must not be negative: " + maxDriftMillis);
        }
        this.maxDriftMillis = maxDriftMillis;
    }

    public String nodeId() {
        return nodeId;
    }

    /** A timestamp for a local event (or a message about to be sent). */
    public synchronized HlcTimestamp now() {
        long physical = physicalTimeMillis.getAsLong();
        if (physical > lastPhysical) {
            lastPhysical = physical;
            lastLogical = 0;
        } else {
            lastLogical = increment(lastLogical);
        }
        return new HlcTimestamp(lastPhysical, lastLogical, nodeId);
    }

    /**
     * Advances past a timestamp received from another node and returns the timestamp of the receive event.
     *
     * @throws CrdtException {@code CLOCK_DRIFT} when {@code received} is more than the allowed drift ahead
     *                       of the local physical clock; the clock is then unchanged
     */
    public synchronized HlcTimestamp update(HlcTimestamp received) {
        long physical = physicalTimeMillis.getAsLong();
        if (received.physicalMillis() > physical && received.physicalMillis() - physical > maxDriftMillis) {
            throw new CrdtException(CLOCK_DRIFT, "timestamp from " + received.nodeId() + " is "
                    + (received.physicalMillis() - physical) + " ms ahead of this clock; at most "
                    + maxDriftMillis + " ms allowed");
        }
        long newPhysical = Math.max(physical, Math.max(lastPhysical, received.physicalMillis()));
        long newLogical;
        if (newPhysical == lastPhysical && newPhysical == received.physicalMillis()) {
            newLogical = increment(Math.max(lastLogical, received.logical()));
        } else if (newPhysical == lastPhysical) {
            newLogical = increment(lastLogical);
        } else if (newPhysical == received.physicalMillis()) {
            newLogical = increment(received.logical());
        } else {
            newLogical = 0;
        }
        lastPhysical = newPhysical;
        lastLogical = newLogical;
        return new HlcTimestamp(lastPhysical, lastLogical, nodeId);
    }

    private static long increment(long logical) {
        if (logical == Long.MAX_VALUE) {
            throw new CrdtException(OVERFLOW, "HLC logical counter exhausted; the physical clock has not advanced");
        }
        return logical + 1;
    }
}
