package io.strata.bench;

import io.strata.orbit.verticle.BlockFetcher;
import io.strata.orbit.verticle.OrbitConfig;
import io.strata.orbit.verticle.OrbitContract;
import io.strata.orbit.verticle.OrbitVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Keyvalue puts through the orbit verticle on one node, as a local client makes them: event-bus requests,
 * signing, RocksDB persistence of entries, heads and journal, replies after the write. {@code IN_FLIGHT} puts
 * are outstanding at once, so group commit writes them in shared batches; with {@code syncWrites} each batch
 * is fsynced before its requests are answered.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class OrbitVerticleBenchmark {

    private static final int IN_FLIGHT = 256;

    @Param({"true", "false"})
    public boolean syncWrites;

    private Vertx vertx;
    private Path directory;
    private String address;
    private long puts;

    @Setup(Level.Trial)
    public void start() throws Exception {
        directory = Files.createTempDirectory("orbit-bench");
        vertx = Vertx.vertx();
        await(vertx.deployVerticle(new OrbitVerticle(new OrbitConfig(directory, syncWrites, Duration.ofSeconds(10),
                Duration.ofSeconds(10), 1_000), BlockFetcher.NONE)));
        address = request(new JsonObject().put("action", "open").put("name", "bench").put("type", "keyvalue"))
                .getString("address");
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        await(vertx.close());
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    private JsonObject request(JsonObject body) throws Exception {
        return await(vertx.eventBus().<JsonObject>request(OrbitContract.REQUEST, body,
                new DeliveryOptions().setSendTimeout(120_000))).body();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OperationsPerInvocation(IN_FLIGHT)
    public int keyvaluePut() throws Exception {
        List<Future<?>> replies = new ArrayList<>(IN_FLIGHT);
        for (int i = 0; i < IN_FLIGHT; i++) {
            long n = puts++;
            replies.add(vertx.eventBus().request(OrbitContract.REQUEST, new JsonObject().put("action", "put")
                    .put("address", address).put("key", "key-" + n).put("value", n)));
        }
        await(Future.all(replies));
        return replies.size();
    }
}
