package io.strata.crdt;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HybridLogicalClockProperties {

    /**
     * A physical clock that jumps about (backwards too) and, at random, messages from another node whose
     * timestamps may be far ahead or behind: every timestamp issued exceeds all earlier ones and every
     * timestamp received.
     */
    @Property
    void timestampsAreStrictlyIncreasingAndPassEveryReceivedOne(
            @ForAll @Size(min = 1, max = 60) List<@LongRange(min = 0, max = 50) Long> physicalReadings,
            @ForAll @Size(min = 1, max = 60) List<@LongRange(min = -1, max = 60) Long> remotePhysical) {
        Iterator<Long> readings = physicalReadings.iterator();
        HybridLogicalClock clock = new HybridLogicalClock("local", () -> readings.hasNext() ? readings.next() : 0L);
        HlcTimestamp last = null;
        for (int event = 0; event < physicalReadings.size(); event++) {
            long remote = remotePhysical.get(event % remotePhysical.size());
            HlcTimestamp issued;
            if (remote < 0) {
                issued = clock.now();
            } else {
                HlcTimestamp received = new HlcTimestamp(remote, event % 3, "remote");
                issued = clock.update(received);
                assertTrue(issued.isAfter(received), issued + " must follow received " + received);
            }
            if (last != null) {
                assertTrue(issued.isAfter(last), issued + " must follow " + last);
            }
            assertEquals("local", issued.nodeId());
            last = issued;
        }
    }

    /** While nothing runs ahead of it, the clock reads the physical time it is handed, counter reset. */
    @Property
    void followsAPhysicalClockThatMovesForward(
            @ForAll @Size(min = 1, max = 30) List<@LongRange(min = 1, max = 1000) Long> steps) {
        long[] now = {0};
        HybridLogicalClock clock = new HybridLogicalClock("n", () -> now[0]);
        for (long step : steps) {
            now[0] += step;
            HlcTimestamp issued = clock.now();
            assertEquals(now[0], issued.physicalMillis());
            assertEquals(0, issued.logical());
        }
    }
}
