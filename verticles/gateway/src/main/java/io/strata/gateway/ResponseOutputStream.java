package io.strata.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams a response body from a worker thread: bytes are gathered into chunks and written to the
 * response; while its write queue is full the worker waits for it to drain, so a slow client slows the
 * producer instead of filling memory. Fails with IOException once the client has gone.
 */
final class ResponseOutputStream extends OutputStream {

    static final int CHUNK_SIZE = 64 * 1024;
    private static final long DRAIN_TIMEOUT_SECONDS = 300;

    private final HttpServerResponse response;
    private final AtomicLong bytesSent;
    private final CompletableFuture<Void> closed;
    private byte[] chunk = new byte[CHUNK_SIZE];
    private int filled;

    /**
     * @param closed completes when the connection closes (the caller completes it from the response's
     *               close handler, registered on the event loop before streaming starts)
     */
    ResponseOutputStream(HttpServerResponse response, AtomicLong bytesSent, CompletableFuture<Void> closed) {
        this.response = response;
        this.bytesSent = bytesSent;
        this.closed = closed;
    }

    @Override
    public void write(int b) throws IOException {
        if (filled == chunk.length) {
            flushChunk();
        }
        chunk[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) throws IOException {
        while (length > 0) {
            if (filled == chunk.length) {
                flushChunk();
            }
            int count = Math.min(length, chunk.length - filled);
            System.arraycopy(source, offset, chunk, filled, count);
            filled += count;
            offset += count;
            length -= count;
        }
    }

    @Override
    public void flush() throws IOException {
        flushChunk();
    }

    private void flushChunk() throws IOException {
        if (filled == 0) {
            return;
        }
        if (closed.isDone()) {
            throw new IOException("the client closed the connection");
        }
        Buffer buffer = Buffer.buffer(filled == chunk.length ? chunk : Arrays.copyOf(chunk, filled));
        int sent = filled;
        chunk = new byte[CHUNK_SIZE];
        filled = 0;
        response.write(buffer);
        bytesSent.addAndGet(sent);
        awaitDrain();
    }

    private void awaitDrain() throws IOException {
        if (!response.writeQueueFull()) {
            return;
        }
        CompletableFuture<Void> drained = new CompletableFuture<>();
        response.drainHandler(ignored -> drained.complete(null));
        if (!response.writeQueueFull()) {
            drained.complete(null);
        }
        try {
            CompletableFuture.anyOf(drained, closed).get(DRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the client stopped reading", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the client", e);
        }
        if (!drained.isDone()) {
            throw new IOException("the client closed the connection");
        }
    }
}
