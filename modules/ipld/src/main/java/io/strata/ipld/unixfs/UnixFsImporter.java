package io.strata.ipld.unixfs;

import io.strata.ipld.BlockSink;
import io.strata.proto.unixfs.UnixFsProtos;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Imports a file as {@code ipfs add} does, producing the same blocks and CIDs as Kubo for the same
 * {@link ImportOptions}: fixed-size chunks, a balanced or trickle DAG, UnixFS or raw leaves, CIDv0 or v1,
 * any supported hash, inline identity CIDs.
 *
 * <p>The stream is read once, sequentially, with a bounded number of chunks in memory. Leaves are hashed
 * on the hashing executor (by default a process-wide pool of daemon threads, one per processor), while
 * the calling thread keeps reading and builds the internal nodes. Blocks reach the sink on the calling
 * thread, in order, every child before the parent linking it; the importer does not flush the sink.
 * An instance holds no per-import state and may be shared by threads importing concurrently.
 */
public final class UnixFsImporter {

    private static final int IN_FLIGHT_CHUNKS_PER_THREAD = 3;

    private final ImportOptions options;
    private final FileBlockFactory blocks;
    private final Executor hashingExecutor;
    private final int window;

    /** An importer hashing on the shared process-wide pool. */
    public UnixFsImporter(ImportOptions options) {
        this(options, SharedHashingPool.EXECUTOR, SharedHashingPool.THREADS);
    }

    /**
     * An importer hashing on {@code hashingExecutor}, which stays the caller's to shut down.
     *
     * @param hashingThreads how many threads the executor gives to hashing; it sizes the read-ahead,
     *                       {@value #IN_FLIGHT_CHUNKS_PER_THREAD} chunks per thread plus one
     * @throws io.strata.multiformats.MultiformatException {@code MULTIHASH_UNSUPPORTED} when the options'
     *                                                     hash function cannot be computed
     */
    public UnixFsImporter(ImportOptions options, Executor hashingExecutor, int hashingThreads) {
        this.options = Objects.requireNonNull(options, "options");
        this.hashingExecutor = Objects.requireNonNull(hashingExecutor, "hashingExecutor");
        if (hashingThreads < 1) {
            throw new IllegalArgumentException("hashing threads must be at least 1, got " + hashingThreads);
        }
        this.window = IN_FLIGHT_CHUNKS_PER_THREAD * hashingThreads + 1;
        this.blocks = new FileBlockFactory(options, options.layout() == Layout.TRICKLE
                ? UnixFsProtos.Data.DataType.Raw : UnixFsProtos.Data.DataType.File);
    }

    public ImportOptions options() {
        return options;
    }

    /**
     * Reads {@code in} to its end (without closing it), sends every block of the file's DAG to
     * {@code sink} and returns the root.
     */
    public ImportedNode importFile(InputStream in, BlockSink sink) throws IOException {
        return importFile(in, sink, null);
    }

    /**
     * As {@link #importFile(InputStream, BlockSink)}, with full-size leaves read into arrays from
     * {@code leafArrays}: the sink gives each block's array back with {@link LeafArrayPool#release} once the
     * store has copied it, and until then neither it nor anything downstream may hand the array on.
     *
     * @param leafArrays null to allocate every leaf
     */
    public ImportedNode importFile(InputStream in, BlockSink sink, LeafArrayPool leafArrays) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sink, "sink");
        // an inlined leaf never reaches the sink, so its array would never come back
        LeafArrayPool pool = blocks.inlines(blocks.leafBlockLength(options.chunkSize())) ? null : leafArrays;
        try (FileLeafPipeline leaves = new FileLeafPipeline(in, blocks, hashingExecutor, options.chunkSize(),
                window, pool)) {
            FileDagBuilder dag = new FileDagBuilder(leaves, blocks, sink, options.maxLinks());
            FileChild root = options.layout() == Layout.TRICKLE
                    ? TrickleFileLayout.build(dag) : BalancedFileLayout.build(dag);
            return new ImportedNode(root.cid(), root.fileSize(), root.dagSize());
        }
    }

    /** Imports bytes already in memory as one file, for callers such as {@code dag put} or small uploads. */
    public ImportedNode importBytes(byte[] content, BlockSink sink) {
        try {
            return importFile(new ByteArrayInputStream(content), sink);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a byte array cannot fail", e);
        }
    }

    /** Daemon threads, so the pool needs no shutdown and never keeps a JVM alive. */
    private static final class SharedHashingPool {

        static final int THREADS = Runtime.getRuntime().availableProcessors();
        static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(THREADS, daemonThreads());

        private static ThreadFactory daemonThreads() {
            AtomicInteger counter = new AtomicInteger();
            return task -> {
                Thread thread = new Thread(task, "strata-unixfs-hashing-" + counter.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }
    }
}
