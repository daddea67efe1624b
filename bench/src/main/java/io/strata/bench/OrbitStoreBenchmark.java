package io.strata.bench;

import io.strata.crdt.log.LogEntry;
import io.strata.crdt.log.OperationLog;
import io.strata.multiformats.Cid;
import io.strata.orbit.AccessControllerManifest;
import io.strata.orbit.EntryAuthenticator;
import io.strata.orbit.Identity;
import io.strata.orbit.OrbitIdentity;
import io.strata.orbit.store.DocumentCondition;
import io.strata.orbit.store.DocumentsStore;
import io.strata.orbit.store.KeyValueStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The OrbitDB-format stores on one node (pure core: signing, dag-cbor, hashing, access checks and indexes;
 * no disk, no network). {@code keyvaluePut}: signed puts per second (issue target >= 5,000; OrbitDB users
 * report about 440 inserts/s). {@code keyvalueGet}: an indexed get among 10,000 keys (target under 1 ms).
 * {@code documentsQueryIndexed} and {@code documentsQueryScan}: documents whose {@code group} equals a value,
 * among 10,000 documents (100 match), through the field index and by scanning every document. {@code catchUp10000}: a replica
 * that was offline joins 10,000 entries of two other writers, verifying every signature (target < 10 s;
 * OrbitDB users report 57 s).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class OrbitStoreBenchmark {

    private static final String LOG_ID = "/orbitdb/zdpuAxCihdY4CtM6sgodTjsjqUT4kw13KcNeAMhZ23ntfZhXP";
    private static final int DOCUMENTS = 10_000;
    private static final int CATCH_UP_ENTRIES = 10_000;

    private final OrbitIdentity writer = OrbitIdentity.generate(new SecureRandom());
    private final OrbitIdentity other = OrbitIdentity.generate(new SecureRandom());
    private final Map<String, Identity> identities = Map.of(writer.hash(), writer.identity(),
            other.hash(), other.identity());
    private final AccessControllerManifest access = AccessControllerManifest.writers(List.of(writer.id(), other.id()));
    private final SplittableRandom random = new SplittableRandom(7);

    private KeyValueStore keyValue;
    private DocumentsStore documents;
    private List<LogEntry> offlineHeads;
    private Map<Cid, byte[]> offlineBlocks;
    private long puts;

    private OperationLog log(OrbitIdentity self) {
        return new OperationLog(LOG_ID, self.clockId(), new EntryAuthenticator(
                hash -> Optional.ofNullable(identities.get(hash)), access));
    }

    @Setup(Level.Trial)
    public void fill() {
        keyValue = new KeyValueStore(log(writer), writer);
        documents = new DocumentsStore(log(writer), writer, "_id", List.of("group"));
        for (int i = 0; i < DOCUMENTS; i++) {
            documents.put(Map.of("_id", "doc-" + i, "group", (long) (i % 100), "title", "document number " + i));
            keyValue.put("key-" + i, (long) i);
        }
        KeyValueStore first = new KeyValueStore(log(writer), writer);
        KeyValueStore second = new KeyValueStore(log(other), other);
        for (int i = 0; i < CATCH_UP_ENTRIES / 2; i++) {
            first.put("k" + (i % 500), (long) i);
            second.put("k" + (i % 700), (long) i);
            if (i % 100 == 0) {
                first.join(second);
                second.join(first);
            }
        }
        first.join(second);
        offlineHeads = first.log().heads();
        offlineBlocks = new HashMap<>();
        first.log().values().forEach(entry -> offlineBlocks.put(entry.cid(), entry.bytes()));
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    public LogEntry keyvaluePut() {
        return keyValue.put("new-" + (puts++), puts);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Optional<Object> keyvalueGet() {
        return keyValue.get("key-" + random.nextInt(DOCUMENTS));
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    public int documentsQueryIndexed() {
        return documents.query(List.of(DocumentCondition.equal("group", (long) random.nextInt(100)))).size();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    public int documentsQueryScan() {
        long group = random.nextInt(100);
        return documents.query(document -> Long.valueOf(group).equals(document.get("group"))).size();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public int catchUp10000() {
        KeyValueStore returning = new KeyValueStore(log(writer), writer);
        return returning.join(offlineHeads, cid -> Optional.ofNullable(offlineBlocks.get(cid))).size();
    }
}
