package io.strata.api.rpc;

import io.netty.buffer.Unpooled;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Writes a large stream response from a worker thread through a few reused direct buffers. The producer copies
 * its bytes once, into a buffer the socket can take as it is (a heap buffer is copied into a direct one on the
 * event loop first), and fills the next buffer while the previous ones are being sent; it waits only when
 * every buffer is in flight, so a slow client holds at most {@link #BUFFERS} buffers of memory. The buffers are
 * plain direct {@link ByteBuffer}s, freed by the garbage collector, so a response abandoned half-way leaks
 * nothing.
 */
public final class DirectStreamWriter {

    /** Bytes per write: four default chunks, so the event loop makes few, large writes. */
    static final int BUFFER_BYTES = 1024 * 1024;

    /** Buffers per response: one being filled while two are sent. */
    static final int BUFFERS = 3;

    private final RpcCall call;
    private final BlockingQueue<ByteBuffer> free;
    private final int buffers;
    private volatile Throwable failure;

    /** For a stream response already started with {@link RpcCall#startStream} that will send {@code bytes} more. */
    public DirectStreamWriter(RpcCall call, long bytes) {
        this.call = call;
        int size = (int) Math.max(1, Math.min(BUFFER_BYTES, bytes));
        this.buffers = (int) Math.max(1, Math.min(BUFFERS, (bytes + size - 1) / size));
        this.free = new ArrayBlockingQueue<>(buffers);
        for (int i = 0; i < buffers; i++) {
            free.add(ByteBuffer.allocateDirect(size));
        }
    }

    /**
     * A cleared buffer to fill, once one is not being sent; fails with the cause of an earlier write that failed
     * (the client went away).
     */
    public ByteBuffer next() {
        ByteBuffer buffer = take();
        throwIfFailed();
        return buffer.clear();
    }

    /** Sends the bytes {@code filled} holds up to its position; the buffer comes back from {@link #next} once written. */
    public void send(ByteBuffer filled) {
        filled.flip();
        call.write(BufferInternal.buffer(Unpooled.wrappedBuffer(filled))).onComplete(written -> {
            if (written.failed()) {
                failure = written.cause();
            }
            free.add(filled);
        });
    }

    /** Waits until everything sent has been written; fails as {@link #next} does. */
    public void finish() {
        for (int i = 0; i < buffers; i++) {
            take();
        }
        throwIfFailed();
    }

    private ByteBuffer take() {
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException(ErrorType.NORMAL, "interrupted", e);
        }
    }

    private void throwIfFailed() {
        Throwable cause = failure;
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause != null) {
            throw new RpcException(ErrorType.NORMAL, "writing the response failed: " + cause.getMessage(), cause);
        }
    }
}
