package io.strata.pinning.verticle;

import com.hazelcast.core.HazelcastInstance;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.PeerId;
import io.strata.pinning.ClusterPin;
import io.strata.pinning.PinMode;
import io.strata.pinning.ReplicationFactor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pages of the pin set read through its creation-time index, compared with the Pinning Service API's
 * semantics computed by brute force over the same pins: newest first (ties by CID), {@code before} and
 * {@code after} exclusive, at most {@code limit} results, filters applied before the limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PinTimeIndexTest {

    private static final Comparator<ClusterPin> NEWEST_FIRST = Comparator.comparingLong(ClusterPin::createdAtMillis)
            .thenComparing(pin -> pin.cid().toString()).reversed();
    private static final PeerId PEER = PinningTestCluster.randomPeerId();

    private HazelcastInstance hazelcast;
    private ClusterPinSet pinSet;
    private final AtomicInteger sequence = new AtomicInteger();

    @BeforeAll
    void start() {
        hazelcast = PinningTestCluster.loneMember("strata-pin-index-test-", 35_000, Map.of());
        pinSet = new ClusterPinSet(hazelcast);
    }

    @AfterAll
    void stop() {
        hazelcast.shutdown();
    }

    private ClusterPin pin(long createdMillis, String name) {
        int n = sequence.incrementAndGet();
        Cid cid = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, ByteBuffer.allocate(12).putInt(n).putLong(createdMillis).array());
        return new ClusterPin(cid, name, PinMode.RECURSIVE, new ReplicationFactor(1, 1), Map.of(), List.of(PEER),
                createdMillis, 0, Map.of("n", Integer.toString(n)), List.of());
    }

    private static List<ClusterPin> expected(List<ClusterPin> all, long before, long after, int limit,
                                             Predicate<ClusterPin> filter) {
        return all.stream().filter(pin -> pin.createdAtMillis() < before && pin.createdAtMillis() > after)
                .filter(filter).sorted(NEWEST_FIRST).limit(limit).toList();
    }

    private PinningContract.Page page(long before, long after, int limit, Predicate<ClusterPin> filter) {
        return pinSet.page(new PinningContract.PageRequest(before, after, limit, Set.of(), info -> filter.test(info.pin())));
    }

    private static List<Cid> cids(List<ClusterPin> pins) {
        return pins.stream().map(ClusterPin::cid).toList();
    }

    @Test
    void pagesMatchTheSpecsOrderAndFiltersAcrossEverySlotBoundary() {
        String suite = "boundaries-" + UUID.randomUUID();
        long base = 7L << PinTimeIndex.TOP_BITS;
        List<Long> times = new ArrayList<>();
        for (long edge : new long[] {base, base + (1L << PinTimeIndex.LEAF_BITS), base + (1L << PinTimeIndex.MIDDLE_BITS),
                base + (1L << PinTimeIndex.TOP_BITS), base + (3L << PinTimeIndex.TOP_BITS)}) {
            times.add(edge - 1);
            times.add(edge);
            times.add(edge);
            times.add(edge + 1);
        }
        Random random = new Random(5);
        for (int i = 0; i < 400; i++) {
            times.add(base - (1L << 20) + random.nextLong(4L << PinTimeIndex.TOP_BITS));
        }
        List<ClusterPin> all = new ArrayList<>();
        for (long time : times) {
            all.add(pinSet.putIfAbsent(pin(time, suite + (all.size() % 3 == 0 ? "-holiday" : "-work"))));
        }
        Predicate<ClusterPin> ofSuite = pin -> pin.name().startsWith(suite);
        for (int round = 0; round < 200; round++) {
            long before = random.nextInt(4) == 0 ? Long.MAX_VALUE : times.get(random.nextInt(times.size())) + random.nextInt(3) - 1;
            long after = random.nextInt(3) == 0 ? Long.MIN_VALUE : before - random.nextLong(5L << PinTimeIndex.TOP_BITS);
            int limit = 1 + random.nextInt(random.nextBoolean() ? 5 : 100);
            Predicate<ClusterPin> filter = switch (round % 3) {
                case 0 -> ofSuite;
                case 1 -> ofSuite.and(pin -> pin.name().endsWith("-holiday"));
                default -> ofSuite.and(pin -> Integer.parseInt(pin.metadata().get("n")) % 7 == 0);
            };
            PinningContract.Page page = page(before, after, limit, filter);
            List<ClusterPin> matches = expected(all, before, after, Integer.MAX_VALUE, filter);
            String where = "before " + before + " after " + after + " limit " + limit + " round " + round;
            assertEquals(cids(matches.subList(0, Math.min(limit, matches.size()))), cids(page.pins().stream()
                    .map(PinningContract.PinInfo::pin).toList()), where);
            if (page.complete()) {
                assertEquals(matches.size(), page.matched(), where);
            } else {
                assertTrue(matches.size() > limit, where);
                assertEquals(limit + 1, page.matched(), where);
            }
        }
    }

    @Test
    void pagingByBeforeListsEveryMatchOnceWhilePinsAreAddedAndRemoved() throws Exception {
        String suite = "concurrent-" + UUID.randomUUID();
        long base = System.currentTimeMillis() - 3_600_000;
        List<ClusterPin> original = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            original.add(pinSet.putIfAbsent(pin(base + i * 997L, suite)));
        }
        List<ClusterPin> doomed = original.subList(0, 50);
        Predicate<ClusterPin> ofSuite = pin -> pin.name().equals(suite);
        long start = System.currentTimeMillis();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        AtomicBoolean paging = new AtomicBoolean(true);
        Future<?> adding = writers.submit(() -> {
            while (paging.get()) {
                pinSet.putIfAbsent(pin(System.currentTimeMillis(), suite));
            }
        });
        Future<?> removing = writers.submit(() -> doomed.forEach(pin -> assertTrue(pinSet.remove(pin.cid()))));

        List<Cid> listed = new ArrayList<>();
        long before = start;
        PinningContract.Page page;
        do {
            page = page(before, Long.MIN_VALUE, 37, ofSuite);
            page.pins().forEach(info -> listed.add(info.pin().cid()));
            if (!page.pins().isEmpty()) {
                before = page.pins().get(page.pins().size() - 1).pin().createdAtMillis();
            }
        } while (!page.complete());
        removing.get();
        paging.set(false);
        adding.get();
        writers.shutdown();

        assertEquals(listed.size(), new HashSet<>(listed).size(), "no pin is listed twice");
        Set<Cid> kept = new HashSet<>(cids(original.subList(50, original.size())));
        assertTrue(listed.containsAll(kept), "every pin present throughout is listed");
        assertTrue(new HashSet<>(cids(original)).containsAll(listed), "nothing added after the first page is listed");
        List<Cid> sorted = original.stream().filter(pin -> listed.contains(pin.cid())).sorted(NEWEST_FIRST)
                .map(ClusterPin::cid).toList();
        assertEquals(sorted, listed, "newest first");
        PinningContract.Page afterRemoval = page(start, Long.MIN_VALUE, 1_000, ofSuite);
        assertEquals(kept, new HashSet<>(cids(afterRemoval.pins().stream().map(PinningContract.PinInfo::pin).toList())));
        assertTrue(afterRemoval.complete());
    }

    @Test
    void pinsAddedAtTheSameMillisecondOnManyThreadsGetDistinctCreationTimes() throws Exception {
        String suite = "same-time-" + UUID.randomUUID();
        long at = (5L << PinTimeIndex.TOP_BITS) + (1L << PinTimeIndex.LEAF_BITS) - 20;
        ExecutorService adders = Executors.newFixedThreadPool(4);
        List<Future<ClusterPin>> added = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            added.add(adders.submit(() -> pinSet.putIfAbsent(pin(at, suite))));
        }
        Set<Long> times = new HashSet<>();
        for (Future<ClusterPin> pin : added) {
            times.add(pin.get().createdAtMillis());
        }
        adders.shutdown();
        assertEquals(60, times.size(), "every pin has its own created time");
        assertEquals(at, java.util.Collections.min(times));
        assertEquals(at + 59, java.util.Collections.max(times), "the next free milliseconds, across a leaf's edge");

        List<Cid> listed = new ArrayList<>();
        long before = Long.MAX_VALUE;
        PinningContract.Page page;
        do {
            page = page(before, Long.MIN_VALUE, 7, pin -> pin.name().equals(suite));
            page.pins().forEach(info -> listed.add(info.pin().cid()));
            if (!page.pins().isEmpty()) {
                before = page.pins().get(page.pins().size() - 1).pin().createdAtMillis();
            }
        } while (!page.complete());
        assertEquals(60, new HashSet<>(listed).size(), "paging by before misses none of them");
    }

    @Test
    void aSmallPageReadsAFewIndexEntriesOfALargeSet() {
        String suite = "large-" + UUID.randomUUID();
        long base = 11L << PinTimeIndex.TOP_BITS;
        for (int i = 0; i < 20_000; i++) {
            pinSet.putIfAbsent(pin(base + i, suite + (i % 100 == 0 ? "-rare" : "")));
        }
        Predicate<ClusterPin> ofSuite = pin -> pin.name().startsWith(suite);
        PinningContract.Page newest = page(Long.MAX_VALUE, Long.MIN_VALUE, 10, ofSuite);
        assertEquals(10, newest.pins().size());
        assertEquals(base + 19_999, newest.pins().get(0).pin().createdAtMillis());
        assertFalse(newest.complete());
        assertTrue(newest.examined() <= 4 * 64, "entries read for a page of 10: " + newest.examined());

        PinningContract.Page middle = page(base + 10_000, Long.MIN_VALUE, 10, ofSuite);
        assertEquals(base + 9_999, middle.pins().get(0).pin().createdAtMillis());
        assertTrue(middle.examined() <= 4 * 64, "entries read for a page of 10 in the middle: " + middle.examined());

        PinningContract.Page rare = page(Long.MAX_VALUE, Long.MIN_VALUE, 10, pin -> pin.name().equals(suite + "-rare"));
        assertEquals(10, rare.pins().size());
        assertEquals(base + 19_900, rare.pins().get(0).pin().createdAtMillis());
        assertTrue(rare.examined() < 2_000, "entries read when the filter skips 99 of 100: " + rare.examined());
    }
}
