package io.strata.bench;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.PeerId;
import io.strata.pinning.ClusterPin;
import io.strata.pinning.PinMode;
import io.strata.pinning.ReplicationFactor;
import io.strata.pinning.verticle.ClusterPinSet;
import io.strata.pinning.verticle.PinningContract;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * The cluster pin set at scale: adds COUNT pins (default 1,000,000; replication 2, two allocations, a name)
 * to the Hazelcast-backed {@link ClusterPinSet} from THREADS threads, as concurrent {@code pin add} requests
 * would, then lists them all through the streaming iterator. Prints add throughput, listing time, and the
 * heap the listing needed above the heap holding the set (sampled every 1,000 pins).
 *
 * <p>Usage: {@code bench/scripts/pinset.sh [COUNT] [THREADS] [MEMBERS]} (MEMBERS Hazelcast members in this
 * JVM, default 1; with 2 every entry also has its backup here).
 */
public final class PinSetBench {

    private PinSetBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int members = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        String clusterName = "strata-pinset-bench-" + UUID.randomUUID();
        List<HazelcastInstance> instances = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            instances.add(Hazelcast.newHazelcastInstance(config(clusterName)));
        }
        try {
            run(new ClusterPinSet(instances.get(0)), count, threads, members);
        } finally {
            instances.forEach(HazelcastInstance::shutdown);
        }
    }

    private static void run(ClusterPinSet pinSet, int count, int threads, int members) throws Exception {
        List<PeerId> peers = List.of(peer(1), peer(2), peer(3));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long addStart = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            workers.add(pool.submit(() -> {
                for (int i = first; i < count; i += threads) {
                    pinSet.putIfAbsent(new ClusterPin(cid(i), "pin-" + i, PinMode.RECURSIVE,
                            new ReplicationFactor(2, 2), Map.of(), List.of(peers.get(i % 3), peers.get((i + 1) % 3)),
                            1_700_000_000_000L + i, 0, Map.of(), List.of()));
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double addSeconds = (System.nanoTime() - addStart) / 1e9;
        pool.shutdown();

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        LongAccumulator peak = new LongAccumulator(Math::max, baseline);
        AtomicLong listed = new AtomicLong();
        long listStart = System.nanoTime();
        pinSet.forEachPin(pin -> {
            if (listed.incrementAndGet() % 1_000 == 0) {
                peak.accumulate(memory.getHeapMemoryUsage().getUsed());
            }
        });
        double listSeconds = (System.nanoTime() - listStart) / 1e9;

        for (int warmUp = 0; warmUp < 20; warmUp++) {
            pageNanos(pinSet, 1_700_000_000_000L + count / 3 + warmUp * 997L, 100);
        }
        long middlePage = pageNanos(pinSet, 1_700_000_000_000L + count / 2, 10);
        long oldestPage = pageNanos(pinSet, 1_700_000_000_000L + 10, 10);
        long newestPage = pageNanos(pinSet, Long.MAX_VALUE, 10);
        long newestThousand = pageNanos(pinSet, Long.MAX_VALUE, 1_000);

        System.out.printf("pins: %,d in the set (%d member(s), %d adding threads)%n", pinSet.size(), members, threads);
        System.out.printf("add: %.1f s, %,.0f pins/s%n", addSeconds, count / addSeconds);
        System.out.printf("list (streamed): %,d pins in %.1f s, %,.0f pins/s%n", listed.get(), listSeconds,
                listed.get() / listSeconds);
        System.out.printf("heap: %,d MiB holding the set after GC; listing peak %,d MiB above it (includes garbage not yet collected)%n",
                baseline >> 20, (peak.get() - baseline) >> 20);
        System.out.printf("GET /pins page through the creation-time index (median of 9, after 20 warm-up pages): newest 10 %.1f ms, newest 1000 %.1f ms, "
                + "10 from the middle %.1f ms, the oldest 10 %.1f ms%n", newestPage / 1e6, newestThousand / 1e6,
                middlePage / 1e6, oldestPage / 1e6);
    }

    /** Median time of nine pages of {@code limit} pins created before {@code before}, every pin matching. */
    private static long pageNanos(ClusterPinSet pinSet, long before, int limit) {
        long[] runs = new long[9];
        for (int run = 0; run < runs.length; run++) {
            long start = System.nanoTime();
            PinningContract.Page page = pinSet.page(new PinningContract.PageRequest(before, Long.MIN_VALUE, limit,
                    Set.of(), info -> true));
            runs[run] = System.nanoTime() - start;
            if (page.pins().size() != Math.min(limit, (int) Math.max(0, before - 1_700_000_000_000L))) {
                throw new IllegalStateException("a page of " + limit + " before " + before + " held "
                        + page.pins().size());
            }
        }
        java.util.Arrays.sort(runs);
        return runs[runs.length / 2];
    }

    private static Cid cid(int index) {
        return Cid.of(Multicodec.RAW, Multicodec.SHA2_256, ByteBuffer.allocate(4).putInt(index).array());
    }

    private static PeerId peer(int seed) {
        byte[] key = new byte[36];
        key[0] = 0x08;
        key[1] = 0x01;
        key[2] = 0x12;
        key[3] = 0x20;
        key[35] = (byte) seed;
        return PeerId.fromPublicKey(key);
    }

    private static Config config(String clusterName) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "none");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(42_700).setPortAutoIncrement(true).setPortCount(10);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (int port = 42_700; port < 42_710; port++) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + port);
        }
        return config;
    }
}
