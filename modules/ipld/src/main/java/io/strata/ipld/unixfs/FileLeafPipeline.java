package io.strata.ipld.unixfs;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The leaves of one file, in order, hashed in parallel. The calling thread reads fixed-size chunks
 * sequentially and hands each to the executor to be hashed; at most {@code window} chunks are in flight,
 * which bounds memory to about {@code window * chunkSize} whatever the file's size. While the caller
 * waits for the next leaf it hashes queued leaves itself, starting with that one, so an import always has
 * its own thread working for it and a saturated or shut-down executor slows it down but never stalls it.
 * Full-size leaves are read into arrays from the pool when there is one; an array that ends up holding a
 * shorter last chunk goes back to the pool at once, since that chunk is copied into a block of its size.
 */
final class FileLeafPipeline implements AutoCloseable {

    private static final int SMALL_FILE_PROBE = 16 * 1024;

    private final InputStream in;
    private final FileBlockFactory factory;
    private final Executor executor;
    private final int chunkSize;
    private final int window;
    private final ArrayDeque<LeafTask> inFlight;
    private final LeafArrayPool pool;
    private boolean endOfStream;
    private boolean firstChunk = true;

    /** @param pool where full-size leaf arrays come from; null to allocate each */
    FileLeafPipeline(InputStream in, FileBlockFactory factory, Executor executor, int chunkSize, int window,
                     LeafArrayPool pool) {
        this.in = in;
        this.pool = pool;
        this.factory = factory;
        this.executor = executor;
        this.chunkSize = chunkSize;
        this.window = window;
        this.inFlight = new ArrayDeque<>(window);
    }

    /** True when every chunk of the stream has been handed out (boxo's {@code Done()}). */
    boolean done() throws IOException {
        refill();
        return inFlight.isEmpty();
    }

    /** The next leaf, hashed; call only when {@link #done()} is false. */
    FileChild next() throws IOException {
        refill();
        LeafTask head = inFlight.poll();
        if (head == null) {
            throw new IllegalStateException("no leaf left: the stream is exhausted");
        }
        head.run();
        for (LeafTask later : inFlight) {
            if (head.isDone()) {
                break;
            }
            later.run();
        }
        return head.join();
    }

    private void refill() throws IOException {
        while (!endOfStream && inFlight.size() < window) {
            LeafTask task = readChunk();
            if (task == null) {
                return;
            }
            inFlight.add(task);
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                // the task stays queued here and the caller hashes it in next()
            }
        }
    }

    /** Reads one chunk straight into its leaf block; {@code null} at the end of the stream. */
    private LeafTask readChunk() throws IOException {
        int offset = factory.leafContentOffset(chunkSize);
        byte[] block;
        int read;
        if (firstChunk && chunkSize > SMALL_FILE_PROBE) {
            // most files in a directory import are small: size their only leaf without a full-chunk buffer
            firstChunk = false;
            byte[] probe = in.readNBytes(SMALL_FILE_PROBE);
            if (probe.length < SMALL_FILE_PROBE) {
                endOfStream = true;
                return probe.length == 0 ? null : leafOf(probe, 0, probe.length);
            }
            block = fullLeafBlock();
            System.arraycopy(probe, 0, block, offset, probe.length);
            read = probe.length + in.readNBytes(block, offset + probe.length, chunkSize - probe.length);
        } else {
            firstChunk = false;
            block = fullLeafBlock();
            read = in.readNBytes(block, offset, chunkSize);
        }
        if (read < chunkSize) {
            // readNBytes stops short only at the end of the stream
            endOfStream = true;
            LeafTask last = read == 0 ? null : leafOf(block, offset, read);
            if (pool != null) {
                pool.release(block);
            }
            return last;
        }
        return new LeafTask(factory, block, read);
    }

    private byte[] fullLeafBlock() {
        if (pool == null) {
            return factory.newLeafBlock(chunkSize);
        }
        byte[] block = pool.take(factory.leafBlockLength(chunkSize));
        factory.writeLeafFraming(block, chunkSize);
        return block;
    }

    private LeafTask leafOf(byte[] source, int offset, int length) {
        byte[] block = factory.newLeafBlock(length);
        System.arraycopy(source, offset, block, factory.leafContentOffset(length), length);
        return new LeafTask(factory, block, length);
    }

    /** Drops leaves not yet hashed, so a failed import leaves no work behind in the executor. */
    @Override
    public void close() {
        for (LeafTask task : inFlight) {
            task.cancel();
        }
        inFlight.clear();
    }

    private static final class LeafTask implements Runnable {

        private final FileBlockFactory factory;
        private final byte[] block;
        private final int contentLength;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CompletableFuture<FileChild> result = new CompletableFuture<>();

        LeafTask(FileBlockFactory factory, byte[] block, int contentLength) {
            this.factory = factory;
            this.block = block;
            this.contentLength = contentLength;
        }

        @Override
        public void run() {
            if (!claimed.compareAndSet(false, true)) {
                return;
            }
            try {
                result.complete(factory.leaf(block, contentLength));
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        }

        boolean isDone() {
            return result.isDone();
        }

        FileChild join() {
            try {
                return result.join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException("hashing a leaf failed", cause);
            }
        }

        void cancel() {
            if (claimed.compareAndSet(false, true)) {
                result.cancel(false);
            }
        }
    }
}
