package io.strata.api.multipart;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A Vert.x read stream (an HTTP request body) as a blocking {@link InputStream} for a worker thread.
 * At most about {@code bufferBytes} wait in memory: above that the source is paused, and it is resumed
 * once the reader has drained half of it. A connection lost before the end, or a body that stalls for
 * longer than the stall timeout, becomes an {@link IOException} in the reader.
 */
public final class BodyInputStream extends InputStream {

    private final ReadStream<Buffer> source;
    private final Context context;
    private final long highWater;
    private final long lowWater;
    private final long stallNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final ArrayDeque<Buffer> chunks = new ArrayDeque<>();
    private int headPosition;
    private long queuedBytes;
    private boolean paused;
    private boolean ended;
    private boolean closed;
    private Throwable failure;
    private final long maxBytes;
    private long receivedBytes;
    private BodyTooLargeException tooLarge;

    public BodyInputStream(ReadStream<Buffer> source, Context context, int bufferBytes, Duration stallTimeout) {
        this(source, context, bufferBytes, stallTimeout, 0);
    }

    /**
     * @param maxBytes past this many bytes the rest is dropped and reads fail with {@link BodyTooLargeException}
     *                 (0: no limit); for bodies whose length was not declared up front
     */
    public BodyInputStream(ReadStream<Buffer> source, Context context, int bufferBytes, Duration stallTimeout,
                           long maxBytes) {
        this.maxBytes = maxBytes;
        this.source = source;
        this.context = context;
        this.highWater = bufferBytes;
        this.lowWater = bufferBytes / 2;
        this.stallNanos = stallTimeout.toNanos();
        source.handler(this::onChunk);
        source.endHandler(ignored -> onEnd());
        source.exceptionHandler(this::onFailure);
        source.resume();
    }

    /** True once the whole body arrived (it may not have been read yet). */
    public boolean ended() {
        lock.lock();
        try {
            return ended;
        } finally {
            lock.unlock();
        }
    }

    private void onChunk(Buffer chunk) {
        lock.lock();
        try {
            if (closed || tooLarge != null) {
                return;
            }
            receivedBytes += chunk.length();
            if (maxBytes > 0 && receivedBytes > maxBytes) {
                tooLarge = new BodyTooLargeException(maxBytes);
                chunks.clear();
                queuedBytes = 0;
                available.signalAll();
                return;
            }
            chunks.add(chunk);
            queuedBytes += chunk.length();
            if (!paused && queuedBytes >= highWater) {
                paused = true;
                source.pause();
            }
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void onEnd() {
        lock.lock();
        try {
            ended = true;
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void onFailure(Throwable cause) {
        lock.lock();
        try {
            if (!ended) {
                failure = cause;
            }
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int count = read(one, 0, 1);
        return count < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        lock.lock();
        try {
            long waitNanos = stallNanos;
            while (chunks.isEmpty() && !ended && failure == null && !closed && tooLarge == null) {
                if (waitNanos <= 0) {
                    throw new IOException("request body stalled: no data for " + stallNanos / 1_000_000_000L + " s");
                }
                waitNanos = available.awaitNanos(waitNanos);
            }
            if (closed) {
                throw new IOException("request body stream closed");
            }
            if (tooLarge != null) {
                throw tooLarge;
            }
            if (chunks.isEmpty()) {
                if (failure != null) {
                    throw new IOException("request body ended early: " + failure.getMessage(), failure);
                }
                return -1;
            }
            int copied = 0;
            while (copied < length && !chunks.isEmpty()) {
                Buffer head = chunks.peek();
                int count = Math.min(length - copied, head.length() - headPosition);
                head.getBytes(headPosition, headPosition + count, target, offset + copied);
                copied += count;
                headPosition += count;
                if (headPosition == head.length()) {
                    chunks.poll();
                    headPosition = 0;
                }
            }
            queuedBytes -= copied;
            resumeIfDrained();
            return copied;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the request body", e);
        } finally {
            lock.unlock();
        }
    }

    /** Stops buffering: whatever else arrives is dropped, and a paused request is let run to its end. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            chunks.clear();
            queuedBytes = 0;
            resumeIfDrained();
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void resumeIfDrained() {
        if (paused && queuedBytes <= lowWater) {
            paused = false;
            context.runOnContext(ignored -> source.resume());
        }
    }
}
