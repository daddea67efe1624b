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
 * which bounds memory to about {@code window * chunkSize} whatever the file's size. A leaf nobody has
 * started hashing by the time it is needed is hashed by the caller, so a saturated or shut-down executor
 * slows an import down but never stalls it.
 */
final class FileLeafPipeline implements AutoCloseable {

    private final InputStream in;
    private final FileBlockFactory factory;
    private final Executor executor;
    private final int chunkSize;
    private final int window;
    private final ArrayDeque<LeafTask> inFlight;
    private boolean endOfStream;

    FileLeafPipeline(InputStream in, FileBlockFactory factory, Executor executor, int chunkSize, int window) {
        this.in = in;
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
                // the task stays queued here and the caller hashes it in join()
            }
        }
    }

    /** Reads one chunk straight into its leaf block; {@code null} at the end of the stream. */
    private LeafTask readChunk() throws IOException {
        int offset = factory.leafContentOffset(chunkSize);
        byte[] block = factory.newLeafBlock(chunkSize);
        int read = in.readNBytes(block, offset, chunkSize);
        if (read < chunkSize) {
            // readNBytes stops short only at the end of the stream
            endOfStream = true;
            if (read == 0) {
                return null;
            }
            byte[] shorter = factory.newLeafBlock(read);
            System.arraycopy(block, offset, shorter, factory.leafContentOffset(read), read);
            block = shorter;
        }
        return new LeafTask(factory, block, read);
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

        FileChild join() {
            run();
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
