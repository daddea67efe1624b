package io.strata.bench;

import io.strata.blockstore.BlockStore;
import io.strata.blockstore.RocksBlockStore;
import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The RocksDB block store on this machine's disk, with 256 KiB blocks (the importer's default chunk).
 * {@code putBatchOf16} writes 16 fresh blocks (4 MiB) in one batch, as the batching sink does during an
 * add (hashing the fresh blocks included, about a tenth of the cost); {@code get} reads a random stored
 * block. One operation is one block, so a score times 0.25 reads as MiB/s. Targets on a 2-core machine: puts at 200 MB/s or more with fsync (the disk's synced
 * sequential write is about 320 MB/s), gets at 1 GB/s or more from the page cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BlockStoreBenchmark {

    private static final int BLOCK_SIZE = 256 * 1024;
    private static final int BATCH = 16;
    private static final int STORED_FOR_READS = 1024;

    @Param({"true", "false"})
    public boolean syncWrites;

    @Param({"true", "false"})
    public boolean directIo;

    private Path directory;
    private BlockStore store;
    private SplittableRandom random;
    private byte[] template;
    private long sequence;
    private final List<Cid> stored = new ArrayList<>();

    @Setup(Level.Trial)
    public void open() throws IOException {
        directory = Files.createTempDirectory("strata-blockstore-bench");
        store = RocksBlockStore.open(directory, new RocksBlockStore.Options(syncWrites, directIo));
        random = new SplittableRandom(7);
        template = new byte[BLOCK_SIZE];
        random.nextBytes(template);
        for (int i = 0; i < STORED_FOR_READS / BATCH; i++) {
            for (Block block : putBatch()) {
                stored.add(block.cid());
            }
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** Fresh blocks: the template with a running counter in its first bytes, so every block is new. */
    private List<Block> freshBlocks() {
        List<Block> blocks = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            byte[] data = template.clone();
            long id = sequence++;
            for (int b = 0; b < 8; b++) {
                data[b] = (byte) (id >>> (8 * b));
            }
            blocks.add(new Block(Cid.of(Multicodec.RAW, Multicodec.SHA2_256, data), data));
        }
        return blocks;
    }

    private List<Block> putBatch() {
        List<Block> blocks = freshBlocks();
        store.putAll(blocks);
        return blocks;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<Block> putBatchOf16() {
        return putBatch();
    }

    @Benchmark
    public byte[] get() {
        return store.get(stored.get(random.nextInt(stored.size()))).orElseThrow();
    }
}
