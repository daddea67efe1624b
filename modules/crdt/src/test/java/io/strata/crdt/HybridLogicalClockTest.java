package io.strata.crdt;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HybridLogicalClockTest {

    @Test
    void aPhysicalClockGoingBackwardsAdvancesTheLogicalCounter() {
        long[] now = {100};
        HybridLogicalClock clock = new HybridLogicalClock("n1", () -> now[0]);
        assertEquals(new HlcTimestamp(100, 0, "n1"), clock.now());
        now[0] = 40;
        assertEquals(new HlcTimestamp(100, 1, "n1"), clock.now());
        assertEquals(new HlcTimestamp(100, 2, "n1"), clock.now());
        now[0] = 101;
        assertEquals(new HlcTimestamp(101, 0, "n1"), clock.now());
    }

    @Test
    void receivingATimestampFromTheFutureCarriesItsPhysicalTime() {
        HybridLogicalClock clock = new HybridLogicalClock("n1", () -> 10);
        assertEquals(new HlcTimestamp(500, 8, "n1"), clock.update(new HlcTimestamp(500, 7, "n2")));
        assertEquals(new HlcTimestamp(500, 9, "n1"), clock.now());
        assertEquals(new HlcTimestamp(500, 10, "n1"), clock.update(new HlcTimestamp(500, 3, "n2")));
    }

    @Test
    void aTimestampTooFarAheadIsRefusedAndLeavesTheClockAlone() {
        HybridLogicalClock clock = new HybridLogicalClock("n1", () -> 1_000, 500);
        assertEquals(new HlcTimestamp(1_500, 1, "n1"), clock.update(new HlcTimestamp(1_500, 0, "n2")));
        CrdtException error = assertThrows(CrdtException.class,
                () -> clock.update(new HlcTimestamp(1_501, 0, "n2")));
        assertEquals(CrdtException.Code.CLOCK_DRIFT, error.code());
        assertEquals(new HlcTimestamp(1_500, 2, "n1"), clock.now());
    }

    @Test
    void equalPhysicalAndLogicalTimesAreOrderedByNodeId() {
        HlcTimestamp a = new HlcTimestamp(5, 1, "a");
        HlcTimestamp b = new HlcTimestamp(5, 1, "b");
        assertTrue(b.isAfter(a));
        assertTrue(new HlcTimestamp(5, 2, "a").isAfter(b));
        assertTrue(new HlcTimestamp(6, 0, "a").isAfter(new HlcTimestamp(5, 9, "z")));
    }

    @Test
    void timestampDataModelRoundTripsAndRejectsOtherShapes() {
        HlcTimestamp timestamp = new HlcTimestamp(1_700_000_000_000L, 3, "node");
        assertEquals(timestamp, HlcTimestamp.fromDataModel(timestamp.toDataModel()));
        CrdtException error = assertThrows(CrdtException.class,
                () -> HlcTimestamp.fromDataModel(List.of(1L, -1L, "node")));
        assertEquals(CrdtException.Code.STATE_MALFORMED, error.code());
    }
}
