package io.strata.bench;

import io.strata.deals.PieceCommitment;
import io.strata.deals.PieceInfo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Piece commitment (CommP) of a 64 MiB in-memory payload, fed in 1 MiB writes as a stream would: on every
 * processor ({@code parallel}, the default) and on the calling thread only ({@code sequential}). One
 * operation is one piece, so a score times 64 reads as MiB/s. Target on a 2-core machine: 300 MB/s or more
 * in parallel. Every 32-byte leaf costs about one parent node, two SHA-256 compressions: about 160 ns with
 * the SHA extensions, so one core hashes about 200 MB/s of payload and two about 400 MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PieceCommitmentBenchmark {

    private static final int WRITE_SIZE = 1 << 20;

    @Param({"67108864"})
    public int payloadSize;

    private byte[] payload;

    @Setup
    public void createPayload() {
        payload = new byte[payloadSize];
        new SplittableRandom(42).nextBytes(payload);
    }

    @Benchmark
    public PieceInfo parallel() {
        return commit(PieceCommitment.create());
    }

    @Benchmark
    public PieceInfo sequential() {
        return commit(PieceCommitment.sequential());
    }

    private PieceInfo commit(PieceCommitment commitment) {
        for (int offset = 0; offset < payload.length; offset += WRITE_SIZE) {
            commitment.update(payload, offset, Math.min(WRITE_SIZE, payload.length - offset));
        }
        return commitment.finish();
    }
}
