package io.strata.node;

import io.strata.node.ClusterProcesses.Daemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The soak, off by default ({@code -Dstrata.soak=true}, {@code -Dstrata.soak.minutes=10}): a three-node cluster of
 * daemon JVMs under mixed load (adds, reads of acknowledged files from any node, cluster pins) from three clients,
 * with node 2 stopped and restarted halfway. Requests to a node while it is down, and reads of a file whose node
 * was down or restarted during the read, are counted as unavailable, not as errors; an error is an acknowledged
 * file that cannot be read back intact from a live node while the node that added it stays up, or from any node
 * at the end. Latency percentiles per operation go to target/soak-report.txt and the console. Must report 0 errors.
 *
 * <pre>mvn -pl verticles/node -am test -Dtest=SoakTest -Dsurefire.failIfNoSpecifiedTests=false -Dstrata.soak=true</pre>
 */
@EnabledIfSystemProperty(named = "strata.soak", matches = "true")
class SoakTest {

    private static final int NODES = 3;
    private static final int RESTARTED = 2;

    @TempDir
    Path dir;

    private final Map<String, byte[]> acknowledged = new ConcurrentHashMap<>();
    /** The node each file was added on: while it is down, a miss elsewhere is unavailability, not loss. */
    private final Map<String, Integer> origin = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> unavailable = new ConcurrentHashMap<>();
    private final long startNanos = System.nanoTime();
    private volatile String restartWindow = "no restart";

    @Test
    void aClusterUnderMixedLoadLosesNothingAcknowledgedAcrossARestart() throws Exception {
        Duration duration = Duration.ofMinutes(Integer.getInteger("strata.soak.minutes", 10));
        try (ClusterProcesses cluster = new ClusterProcesses(dir, NODES)) {
            AtomicReferenceArray<Daemon> live = new AtomicReferenceArray<>(NODES);
            for (int i = 0; i < NODES; i++) {
                live.set(i, cluster.start(i, "node" + i));
            }
            for (int i = 0; i < NODES; i++) {
                cluster.awaitReady(live.get(i));
            }
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < NODES; c++) {
                Thread client = new Thread(load(cluster, live, running, new Random(c)), "soak-client-" + c);
                client.start();
                clients.add(client);
            }

            long start = System.nanoTime();
            Thread.sleep(duration.toMillis() / 2);
            long stopped = secondsSinceStart();
            Daemon stopping = live.getAndSet(RESTARTED, null);
            cluster.stop(stopping);
            Daemon restarted = cluster.start(RESTARTED, "node" + RESTARTED);
            cluster.awaitReady(restarted);
            live.set(RESTARTED, restarted);
            restartWindow = "node" + RESTARTED + " down from t=" + stopped + " s to t=" + secondsSinceStart() + " s";
            Thread.sleep(Math.max(0, duration.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
            running.set(false);
            for (Thread client : clients) {
                client.join(120_000);
            }

            for (Map.Entry<String, byte[]> file : acknowledged.entrySet()) {
                for (int i = 0; i < NODES; i++) {
                    String failed = read(cluster, live.get(i), file.getKey(), file.getValue(), "final read");
                    if (failed != null) {
                        errors.add(failed);
                    }
                }
            }
        }
        String report = report();
        System.out.println(report);
        Files.writeString(Path.of("target", "soak-report.txt"), report);
        if (!errors.isEmpty()) {
            keepDaemonLogs();
        }
        assertEquals(List.of(), errors, "errors for acknowledged work");
    }

    private Runnable load(ClusterProcesses cluster, AtomicReferenceArray<Daemon> live, AtomicBoolean running, Random random) {
        return () -> {
            while (running.get()) {
                int node = random.nextInt(NODES);
                Daemon daemon = live.get(node);
                if (daemon == null) {
                    unavailable.merge("node" + node, 1, Integer::sum);
                    continue;
                }
                int choice = random.nextInt(10);
                try {
                    if (choice < 4 || acknowledged.isEmpty()) {
                        byte[] content = new byte[1024 + random.nextInt(512 * 1024)];
                        random.nextBytes(content);
                        long began = System.nanoTime();
                        String cid = cluster.add(daemon, content);
                        record("add", began);
                        origin.put(cid, node);
                        acknowledged.put(cid, content);
                    } else if (choice < 8) {
                        List<String> cids = new ArrayList<>(acknowledged.keySet());
                        String cid = cids.get(random.nextInt(cids.size()));
                        Daemon holder = live.get(origin.get(cid));
                        if (holder == null) {
                            unavailable.merge("read of a file on the restarting node", 1, Integer::sum);
                        } else {
                            String failed = read(cluster, daemon, cid, acknowledged.get(cid), "read");
                            if (failed != null && live.get(origin.get(cid)) != holder) {
                                unavailable.merge("read of a file whose node restarted meanwhile", 1, Integer::sum);
                            } else if (failed != null) {
                                errors.add(failed);
                            }
                        }
                    } else {
                        List<String> cids = new ArrayList<>(acknowledged.keySet());
                        long began = System.nanoTime();
                        HttpResponse<String> pin = cluster.post(daemon, "pin/add?arg=" + cids.get(random.nextInt(cids.size())));
                        record("pin", began);
                        if (pin.statusCode() != 200) {
                            errors.add("pin/add on " + daemon.name() + ": " + pin.statusCode() + " " + pin.body());
                        }
                    }
                } catch (java.io.IOException | AssertionError e) {
                    if (live.get(node) == daemon) {
                        errors.add(daemon.name() + ": " + e);
                    } else {
                        unavailable.merge(daemon.name(), 1, Integer::sum);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    errors.add(daemon.name() + ": " + e);
                }
            }
        };
    }

    /** Reads an acknowledged file; answers what went wrong, or null when it came back intact. */
    private String read(ClusterProcesses cluster, Daemon daemon, String cid, byte[] expected, String what) throws Exception {
        long began = System.nanoTime();
        HttpResponse<byte[]> cat = cluster.postBytes(daemon, "cat?arg=" + cid, Duration.ofSeconds(60));
        record("cat", began);
        if (cat.statusCode() == 200 && Arrays.equals(expected, cat.body())) {
            return null;
        }
        return "t=" + secondsSinceStart() + " s: " + what + " of acknowledged " + cid + " (added on node" + origin.get(cid) + ") on " + daemon.name() + ": "
                + cat.statusCode() + " " + (cat.statusCode() == 200 ? cat.body().length + " bytes differ (X-Content-Length "
                + cat.headers().firstValue("X-Content-Length").orElse("absent") + ", after "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began) + " ms)"
                : new String(cat.body(), StandardCharsets.UTF_8));
    }

    private long secondsSinceStart() {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    }

    /** The daemons' logs (both lives of the restarted node) outlive the temporary directory when something failed. */
    private void keepDaemonLogs() throws java.io.IOException {
        Path kept = Files.createDirectories(Path.of("target", "soak-logs"));
        try (var logs = Files.newDirectoryStream(dir, "*.log")) {
            for (Path log : logs) {
                Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private void record(String operation, long beganNanos) {
        latencies.computeIfAbsent(operation, ignored -> new CopyOnWriteArrayList<>()).add(System.nanoTime() - beganNanos);
    }

    private String report() {
        StringBuilder report = new StringBuilder("soak: ").append(acknowledged.size()).append(" files acknowledged, ")
                .append(errors.size()).append(" errors for acknowledged work, unavailable while restarting: ")
                .append(unavailable).append("; ").append(restartWindow).append('\n');
        latencies.forEach((operation, samples) -> {
            List<Long> sorted = new ArrayList<>(samples);
            Collections.sort(sorted);
            report.append(String.format("%-4s n=%d p50=%.1f ms p95=%.1f ms p99=%.1f ms max=%.1f ms%n", operation,
                    sorted.size(), percentile(sorted, 0.50), percentile(sorted, 0.95), percentile(sorted, 0.99),
                    percentile(sorted, 1.0)));
        });
        errors.stream().limit(20).forEach(error -> report.append("error: ").append(error).append('\n'));
        return report.toString();
    }

    private static double percentile(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
    }
}
