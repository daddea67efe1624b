package io.strata.libp2p;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One Yamux stream. Outgoing bytes wait in a queue until the peer's window admits them; incoming bytes count
 * against the window we granted until the reader reports them {@link #consumed}, which is how a slow reader
 * slows the peer down. Driven by its session's thread only.
 */
public final class YamuxStream {

    /** Queued outgoing bytes above which {@link #writeQueueFull()} asks producers to wait. */
    static final int WRITE_QUEUE_HIGH_WATER = YamuxSession.INITIAL_WINDOW;

    private final YamuxSession session;
    private final int id;
    private final boolean inbound;
    private final ArrayDeque<byte[]> outgoing = new ArrayDeque<>();
    private final ArrayDeque<byte[]> undelivered = new ArrayDeque<>();
    private int outgoingOffset;
    private long outgoingBytes;
    private long sendWindow = YamuxSession.INITIAL_WINDOW;
    private long receiveWindow = YamuxSession.INITIAL_WINDOW;
    private long consumedSinceUpdate;
    private boolean closeRequested;
    private boolean localClosed;
    private boolean remoteClosed;
    private boolean reset;
    private Consumer<byte[]> dataHandler;
    private Runnable endHandler;
    private Runnable resetHandler;
    private Runnable drainHandler;

    YamuxStream(YamuxSession session, int id, boolean inbound) {
        this.session = session;
        this.id = id;
        this.inbound = inbound;
    }

    public int id() {
        return id;
    }

    /** True when the peer opened this stream. */
    public boolean inbound() {
        return inbound;
    }

    /** Receives the stream's bytes; bytes that arrived before a handler was set are delivered to it at once. */
    public YamuxStream dataHandler(Consumer<byte[]> handler) {
        this.dataHandler = handler;
        while (handler != null && !undelivered.isEmpty()) {
            handler.accept(undelivered.poll());
        }
        if (handler != null && remoteClosed && endHandler != null && undelivered.isEmpty()) {
            endHandler.run();
        }
        return this;
    }

    /** Runs once the peer closed its side (FIN) and every byte before it was delivered. */
    public YamuxStream endHandler(Runnable handler) {
        this.endHandler = handler;
        return this;
    }

    /** Runs when the stream is reset, by the peer or because the connection ended. */
    public YamuxStream resetHandler(Runnable handler) {
        this.resetHandler = handler;
        return this;
    }

    /** Runs when the write queue falls back below its high-water mark. */
    public YamuxStream drainHandler(Runnable handler) {
        this.drainHandler = handler;
        return this;
    }

    public void write(byte[] data) {
        if (closeRequested || reset) {
            throw new IllegalStateException("stream " + id + " is closed for writing");
        }
        if (data.length == 0) {
            return;
        }
        outgoing.add(data);
        outgoingBytes += data.length;
        flush();
    }

    public boolean writeQueueFull() {
        return outgoingBytes >= WRITE_QUEUE_HIGH_WATER;
    }

    /** Half-closes: the peer sees FIN after every queued byte. */
    public void close() {
        if (closeRequested || reset) {
            return;
        }
        closeRequested = true;
        flush();
    }

    /** Abandons the stream in both directions. */
    public void reset() {
        if (reset || (localClosed && remoteClosed)) {
            return;
        }
        session.send(YamuxFrame.header(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, id, 0));
        markReset();
    }

    /** The reader processed {@code bytes} delivered bytes; the peer gets that much window back in batches. */
    public void consumed(int bytes) {
        consumedSinceUpdate += bytes;
        if (consumedSinceUpdate >= YamuxSession.INITIAL_WINDOW / 2 && !reset && !remoteClosed) {
            session.send(YamuxFrame.header(YamuxFrame.TYPE_WINDOW_UPDATE, 0, id, consumedSinceUpdate));
            receiveWindow += consumedSinceUpdate;
            consumedSinceUpdate = 0;
        }
    }

    public boolean isReset() {
        return reset;
    }

    long receiveWindow() {
        return receiveWindow;
    }

    void onData(byte[] data) {
        if (remoteClosed || reset) {
            return;
        }
        receiveWindow -= data.length;
        if (dataHandler == null) {
            undelivered.add(data);
        } else {
            dataHandler.accept(data);
        }
    }

    void onWindowUpdate(long delta) {
        sendWindow += delta;
        flush();
    }

    void onRemoteClose() {
        if (remoteClosed || reset) {
            return;
        }
        remoteClosed = true;
        if (localClosed) {
            session.forget(this);
        }
        if (endHandler != null && undelivered.isEmpty()) {
            endHandler.run();
        }
    }

    void onReset() {
        if (!reset) {
            markReset();
        }
    }

    private void markReset() {
        reset = true;
        outgoing.clear();
        outgoingBytes = 0;
        session.forget(this);
        if (resetHandler != null) {
            resetHandler.run();
        }
    }

    private void flush() {
        boolean wasFull = writeQueueFull();
        while (outgoingBytes > 0 && sendWindow > 0) {
            int length = (int) Math.min(Math.min(sendWindow, YamuxSession.MAX_FRAME_DATA), outgoingBytes);
            boolean last = length == outgoingBytes;
            int flags = last && closeRequested ? YamuxFrame.FLAG_FIN : 0;
            session.send(nextDataFrame(flags, length));
            sendWindow -= length;
            outgoingBytes -= length;
            if (flags != 0) {
                finishLocalClose();
            }
        }
        if (outgoing.isEmpty() && closeRequested && !localClosed) {
            session.send(YamuxFrame.header(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_FIN, id, 0));
            finishLocalClose();
        }
        if (wasFull && !writeQueueFull() && drainHandler != null) {
            drainHandler.run();
        }
    }

    /** A data frame of the next {@code length} queued bytes, gathered across writes: small writes share frames. */
    private byte[] nextDataFrame(int flags, int length) {
        byte[] frame = YamuxFrame.dataFrame(flags, id, length);
        int filled = 0;
        while (filled < length) {
            byte[] head = outgoing.peek();
            int piece = Math.min(length - filled, head.length - outgoingOffset);
            System.arraycopy(head, outgoingOffset, frame, YamuxFrame.HEADER_LENGTH + filled, piece);
            filled += piece;
            outgoingOffset += piece;
            if (outgoingOffset == head.length) {
                outgoing.poll();
                outgoingOffset = 0;
            }
        }
        return frame;
    }

    private void finishLocalClose() {
        localClosed = true;
        if (remoteClosed) {
            session.forget(this);
        }
    }
}
