package io.strata.api.multipart;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BodyInputStreamTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    /** A read stream driven by the test, counting pauses and resumes. */
    private static final class ScriptedStream implements ReadStream<Buffer> {
        Handler<Buffer> handler;
        Handler<Void> endHandler;
        Handler<Throwable> exceptionHandler;
        final AtomicInteger pauses = new AtomicInteger();
        final AtomicInteger resumes = new AtomicInteger();
        volatile boolean paused;

        @Override
        public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            exceptionHandler = handler;
            return this;
        }

        @Override
        public ReadStream<Buffer> handler(Handler<Buffer> handler) {
            this.handler = handler;
            return this;
        }

        @Override
        public ReadStream<Buffer> pause() {
            paused = true;
            pauses.incrementAndGet();
            return this;
        }

        @Override
        public ReadStream<Buffer> resume() {
            paused = false;
            resumes.incrementAndGet();
            return this;
        }

        @Override
        public ReadStream<Buffer> fetch(long amount) {
            return this;
        }

        @Override
        public ReadStream<Buffer> endHandler(Handler<Void> handler) {
            endHandler = handler;
            return this;
        }
    }

    @Test
    void pausesAboveTheBufferLimitAndResumesOnceDrained() throws Exception {
        ScriptedStream source = new ScriptedStream();
        Context context = vertx.getOrCreateContext();
        BodyInputStream body = new BodyInputStream(source, context, 64 * 1024, Duration.ofSeconds(5));
        byte[] chunk = new byte[16 * 1024];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) i;
        }

        for (int i = 0; i < 4; i++) {
            source.handler.handle(Buffer.buffer(chunk));
        }
        assertTrue(source.paused, "a full buffer pauses the request");

        byte[] read = body.readNBytes(3 * chunk.length);
        assertEquals(3 * chunk.length, read.length);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (source.paused && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(!source.paused, "draining below half resumes the request");

        source.endHandler.handle(null);
        byte[] rest = body.readAllBytes();
        assertArrayEquals(chunk, rest);
    }

    @Test
    void connectionFailureBecomesAnIOException() {
        ScriptedStream source = new ScriptedStream();
        BodyInputStream body = new BodyInputStream(source, vertx.getOrCreateContext(), 64 * 1024, Duration.ofSeconds(5));
        source.handler.handle(Buffer.buffer("partial"));
        source.exceptionHandler.handle(new IllegalStateException("Connection was closed"));

        IOException error = assertThrows(IOException.class, body::readAllBytes);
        assertTrue(error.getMessage().contains("Connection was closed"), error.getMessage());
    }

    @Test
    void stalledBodyTimesOut() {
        ScriptedStream source = new ScriptedStream();
        BodyInputStream body = new BodyInputStream(source, vertx.getOrCreateContext(), 64 * 1024, Duration.ofMillis(200));

        IOException error = assertThrows(IOException.class, body::read);
        assertTrue(error.getMessage().contains("stalled"), error.getMessage());
    }
}
