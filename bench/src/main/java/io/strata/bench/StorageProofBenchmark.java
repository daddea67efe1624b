package io.strata.bench;

import io.strata.deals.PayloadReader;
import io.strata.deals.PieceCommitment;
import io.strata.deals.PieceInfo;
import io.strata.deals.PieceProver;
import io.strata.deals.PieceTreeLayer;
import io.strata.deals.ProofChallenge;
import io.strata.deals.StorageProof;
import io.strata.deals.StorageProofVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Storage proofs for a full 1 GiB piece (1,065,353,216 payload bytes in a temporary file, as a provider stores
 * it): answering a challenge of {@code leaves} leaves from a stored level-10 tree layer with positional
 * file reads ({@code proveFromLayer}), by streaming the whole payload ({@code proveStreaming}, about the
 * cost of one single-threaded CommP), and checking an answer against the piece CID ({@code verify}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class StorageProofBenchmark {

    private static final int LAYER_LEVEL = 10;

    @Param({"1073741824"})
    public long pieceSize;

    @Param({"20"})
    public int leaves;

    private Path file;
    private FileChannel channel;
    private PieceInfo piece;
    private PieceTreeLayer layer;
    private ProofChallenge challenge;
    private StorageProof proof;

    @Setup(Level.Trial)
    public void storePiece() throws IOException {
        file = Files.createTempFile("strata-piece", ".car");
        long payloadSize = pieceSize / 128 * 127;
        SplittableRandom random = new SplittableRandom(42);
        byte[] buffer = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < payloadSize; written += buffer.length) {
                random.nextBytes(buffer);
                out.write(buffer, 0, (int) Math.min(buffer.length, payloadSize - written));
            }
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            piece = PieceCommitment.of(in);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            layer = PieceTreeLayer.build(piece, LAYER_LEVEL, in);
        }
        channel = FileChannel.open(file, StandardOpenOption.READ);
        challenge = ProofChallenge.derive(piece, "benchmark challenge seed".getBytes(), leaves);
        proof = PieceProver.prove(challenge, layer, PayloadReader.of(channel));
        if (!StorageProofVerifier.verify(challenge, proof).valid()) {
            throw new IllegalStateException("the benchmark's own proof does not verify");
        }
    }

    @TearDown(Level.Trial)
    public void deletePiece() throws IOException {
        channel.close();
        Files.delete(file);
    }

    @Benchmark
    public StorageProof proveFromLayer() throws IOException {
        return PieceProver.prove(challenge, layer, PayloadReader.of(channel));
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 0)
    @Measurement(iterations = 2)
    public StorageProof proveStreaming() throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            return PieceProver.prove(challenge, in);
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public StorageProofVerifier.Verdict verify() {
        return StorageProofVerifier.verify(challenge, proof);
    }
}
