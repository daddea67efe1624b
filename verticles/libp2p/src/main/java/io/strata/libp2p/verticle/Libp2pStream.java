package io.strata.libp2p.verticle;

import io.strata.libp2p.YamuxStream;
import io.strata.multiformats.PeerId;

import java.util.function.Consumer;

/**
 * A negotiated stream on a libp2p connection: the Yamux stream, the protocol agreed on and the peer. Bytes
 * the peer sent right behind the negotiation reach the first data handler before anything else. Delivered
 * bytes are granted back to the peer's window as soon as the handler returns.
 */
public final class Libp2pStream {

    private final Connection connection;
    private final YamuxStream stream;
    private final String protocol;
    private byte[] early;

    Libp2pStream(Connection connection, YamuxStream stream, String protocol, byte[] early) {
        this.connection = connection;
        this.stream = stream;
        this.protocol = protocol;
        this.early = early;
    }

    public PeerId remotePeer() {
        return connection.remotePeer();
    }

    public String protocol() {
        return protocol;
    }

    Connection connection() {
        return connection;
    }

    public Libp2pStream dataHandler(Consumer<byte[]> handler) {
        byte[] first = early;
        early = null;
        if (first != null && first.length > 0) {
            handler.accept(first);
        }
        stream.dataHandler(bytes -> {
            handler.accept(bytes);
            stream.consumed(bytes.length);
        });
        return this;
    }

    public Libp2pStream endHandler(Runnable handler) {
        stream.endHandler(handler);
        return this;
    }

    public Libp2pStream resetHandler(Runnable handler) {
        stream.resetHandler(handler);
        return this;
    }

    public void write(byte[] bytes) {
        if (!stream.isReset()) {
            stream.write(bytes);
        }
    }

    public boolean writeQueueFull() {
        return stream.writeQueueFull();
    }

    public Libp2pStream drainHandler(Runnable handler) {
        stream.drainHandler(handler);
        return this;
    }

    public boolean isReset() {
        return stream.isReset();
    }

    /** Half-closes our side once everything written has been sent. */
    public void close() {
        stream.close();
    }

    public void reset() {
        stream.reset();
    }
}
