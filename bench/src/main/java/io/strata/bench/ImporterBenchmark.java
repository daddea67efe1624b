package io.strata.bench;

import io.strata.ipld.Block;
import io.strata.ipld.BlockSink;
import io.strata.ipld.unixfs.ImportOptions;
import io.strata.ipld.unixfs.ImportedNode;
import io.strata.ipld.unixfs.UnixFsImporter;
import io.strata.multiformats.Cid;
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
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code ipfs add} of a 256 MiB file into an in-memory sink, with Kubo's defaults (CIDv0, UnixFS leaves)
 * and with CIDv1 (raw leaves). One operation is one MiB imported, so the score reads as MiB/s.
 * Target: at least 600 MB/s on a 2-core machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class ImporterBenchmark {

    private static final int MIB = 1024 * 1024;
    private static final int FILE_MIB = 256;

    @Param({"0", "1"})
    public int cidVersion;

    private byte[] content;
    private UnixFsImporter importer;

    /**
     * Keeps every block in memory until the next import, copying its bytes into one arena as a memtable
     * does. Holding the block objects themselves instead would mostly measure the garbage collector
     * copying 256 MiB of young objects, a cost no real blockstore imposes.
     */
    private static final class ArenaSink implements BlockSink {
        final byte[] arena = new byte[FILE_MIB * MIB + 16 * MIB];
        final List<Cid> cids = new ArrayList<>(1200);
        int used;

        @Override
        public void put(Block block) {
            byte[] data = block.data();
            System.arraycopy(data, 0, arena, used, data.length);
            used += data.length;
            cids.add(block.cid());
        }

        void clear() {
            used = 0;
            cids.clear();
        }
    }

    private final ArenaSink sink = new ArenaSink();

    @Setup(Level.Trial)
    public void setUp() {
        content = new byte[FILE_MIB * MIB];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < content.length; i += 8) {
            long value = random.nextLong();
            for (int j = 0; j < 8; j++) {
                content[i + j] = (byte) (value >>> (8 * j));
            }
        }
        importer = new UnixFsImporter(ImportOptions.defaults().withCidVersion(cidVersion));
    }

    /**
     * The floor the import is measured against: SHA-256 over the same bytes in 256 KiB pieces on one
     * thread, with nothing else (no chunking, encoding or sink). The import should beat it on 2 cores.
     */
    @Benchmark
    @OperationsPerInvocation(FILE_MIB)
    public byte[] sha256OneThread() throws NoSuchAlgorithmException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] last = null;
        for (int offset = 0; offset < content.length; offset += ImportOptions.DEFAULT_CHUNK_SIZE) {
            sha256.update(content, offset, ImportOptions.DEFAULT_CHUNK_SIZE);
            last = sha256.digest();
        }
        return last;
    }

    @Benchmark
    @OperationsPerInvocation(FILE_MIB)
    public ImportedNode add256MiB() throws IOException {
        sink.clear();
        return importer.importFile(new ByteArrayInputStream(content), sink);
    }
}
