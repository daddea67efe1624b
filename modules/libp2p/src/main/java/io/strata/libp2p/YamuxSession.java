package io.strata.libp2p;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A Yamux session (protocol {@value #PROTOCOL_ID}) over one secure connection, as a byte-in/byte-out state
 * machine: {@link #receive} takes the connection's bytes, frames to send go to the output consumer. Every
 * stream starts with a 256 KiB window in each direction and gets more only through window updates; a peer
 * that overruns a window or otherwise breaks the protocol gets a GoAway, and {@link #receive} throws so the
 * caller closes the connection. Not thread-safe: drive it from one thread (the connection's event loop).
 */
public final class YamuxSession {

    public static final String PROTOCOL_ID = "/yamux/1.0.0";
    public static final int INITIAL_WINDOW = 256 * 1024;
    /**
     * Largest data frame we send; a frame may span many Noise messages. The peer answers every data frame with a
     * window update (js-libp2p does, at once), so small frames cost it a write per frame: a Helia node reading
     * from us spent a tenth more CPU with frames of one Noise message than with 1 MiB frames. Frame size does
     * not decide how long one stream holds the connection, since a stream hands over everything its window
     * allows at once; it bounds the array a frame is gathered into. js-libp2p sends frames as large as the window.
     */
    static final int MAX_FRAME_DATA = 1 << 20;
    /** Inbound streams open at once beyond which new ones are reset. */
    public static final int MAX_INBOUND_STREAMS = 512;

    /** What the session reports to its owner. */
    public interface Handler {
        /** The peer opened {@code stream}; set its handlers before returning to see its first bytes. */
        void onInboundStream(YamuxStream stream);

        /** The peer will open no more streams ({@code code} 0: normal, 1: protocol error, 2: internal error). */
        void onGoAway(int code);
    }

    private final boolean client;
    private final Consumer<byte[]> output;
    private final Handler handler;
    private final ByteQueue pending = new ByteQueue();
    private final Map<Integer, YamuxStream> streams = new LinkedHashMap<>();
    private YamuxFrame current;
    private int nextStreamId;
    private int inboundStreams;
    private boolean goAwaySent;
    private boolean goAwayReceived;

    /** {@code client} is the side that dialed the connection; it numbers its streams odd, the other side even. */
    public YamuxSession(boolean client, Consumer<byte[]> output, Handler handler) {
        this.client = client;
        this.output = output;
        this.handler = handler;
        this.nextStreamId = client ? 1 : 2;
    }

    public YamuxStream openStream() {
        if (goAwayReceived || goAwaySent) {
            throw new IllegalStateException("the Yamux session is going away; no new streams");
        }
        int id = nextStreamId;
        nextStreamId += 2;
        YamuxStream stream = new YamuxStream(this, id, false);
        streams.put(id, stream);
        send(YamuxFrame.header(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, id, 0));
        return stream;
    }

    /** Tells the peer we open no more streams; {@code code} as in {@link Handler#onGoAway}. */
    public void goAway(int code) {
        if (!goAwaySent) {
            goAwaySent = true;
            send(YamuxFrame.header(YamuxFrame.TYPE_GO_AWAY, 0, 0, code));
        }
    }

    public Collection<YamuxStream> streams() {
        return List.copyOf(streams.values());
    }

    /**
     * Processes the peer's bytes; complete frames take effect at once, a partial frame waits for more.
     *
     * @throws Libp2pException when the peer broke the protocol; a GoAway has been sent and the connection
     *     must be closed
     */
    public void receive(byte[] bytes) {
        pending.append(bytes);
        try {
            while (true) {
                if (current == null) {
                    if (pending.size() < YamuxFrame.HEADER_LENGTH) {
                        return;
                    }
                    current = YamuxFrame.parse(pending);
                    pending.skip(YamuxFrame.HEADER_LENGTH);
                    if (current.type() != YamuxFrame.TYPE_DATA) {
                        YamuxFrame frame = current;
                        current = null;
                        control(frame);
                        continue;
                    }
                    checkDataLength(current);
                }
                if (pending.size() < current.length()) {
                    return;
                }
                YamuxFrame frame = current;
                current = null;
                data(frame, pending.take((int) frame.length()));
            }
        } catch (Libp2pException e) {
            goAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR);
            throw e;
        }
    }

    private void checkDataLength(YamuxFrame frame) {
        YamuxStream stream = streams.get(frame.streamId());
        long allowed = stream != null ? stream.receiveWindow() : INITIAL_WINDOW;
        if (frame.length() > allowed) {
            throw new Libp2pException(Libp2pException.Code.WINDOW_EXCEEDED, "data frame of " + frame.length()
                    + " bytes on stream " + frame.streamId() + " exceeds the window of " + allowed);
        }
    }

    private void data(YamuxFrame frame, byte[] data) {
        YamuxStream stream = streamFor(frame);
        if (stream == null) {
            return;
        }
        if (data.length > 0) {
            stream.onData(data);
        }
        closeFlags(frame, stream);
    }

    private void control(YamuxFrame frame) {
        switch (frame.type()) {
            case YamuxFrame.TYPE_WINDOW_UPDATE -> {
                YamuxStream stream = streamFor(frame);
                if (stream != null) {
                    stream.onWindowUpdate(frame.length());
                    closeFlags(frame, stream);
                }
            }
            case YamuxFrame.TYPE_PING -> {
                if (frame.streamId() != 0) {
                    throw new Libp2pException(Libp2pException.Code.MUXER_PROTOCOL_ERROR, "ping on stream " + frame.streamId());
                }
                if (frame.has(YamuxFrame.FLAG_SYN)) {
                    send(YamuxFrame.header(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_ACK, 0, frame.length()));
                }
            }
            case YamuxFrame.TYPE_GO_AWAY -> {
                goAwayReceived = true;
                handler.onGoAway((int) frame.length());
            }
            default -> throw new IllegalStateException("data frames are not control frames");
        }
    }

    /** The stream a Data or WindowUpdate frame belongs to, opening it on SYN; null for a stream already gone. */
    private YamuxStream streamFor(YamuxFrame frame) {
        int id = frame.streamId();
        if (id == 0) {
            throw new Libp2pException(Libp2pException.Code.MUXER_PROTOCOL_ERROR, "data or window update on stream 0");
        }
        if (frame.has(YamuxFrame.FLAG_SYN)) {
            return accept(id);
        }
        return streams.get(id);
    }

    private YamuxStream accept(int id) {
        boolean remoteIsClient = !client;
        if ((id % 2 == 1) != remoteIsClient) {
            throw new Libp2pException(Libp2pException.Code.MUXER_PROTOCOL_ERROR,
                    "the peer opened stream " + id + ", which has our parity");
        }
        if (streams.containsKey(id)) {
            throw new Libp2pException(Libp2pException.Code.MUXER_PROTOCOL_ERROR, "the peer opened stream " + id + " twice");
        }
        if (goAwaySent || inboundStreams >= MAX_INBOUND_STREAMS) {
            send(YamuxFrame.header(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, id, 0));
            return null;
        }
        YamuxStream stream = new YamuxStream(this, id, true);
        streams.put(id, stream);
        inboundStreams++;
        send(YamuxFrame.header(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_ACK, id, 0));
        handler.onInboundStream(stream);
        return stream;
    }

    private void closeFlags(YamuxFrame frame, YamuxStream stream) {
        if (frame.has(YamuxFrame.FLAG_RST)) {
            stream.onReset();
        } else if (frame.has(YamuxFrame.FLAG_FIN)) {
            stream.onRemoteClose();
        }
    }

    /** Closes every stream as reset, for a connection that ended. */
    public void terminate() {
        for (YamuxStream stream : List.copyOf(streams.values())) {
            stream.onReset();
        }
    }

    void send(byte[] frame) {
        output.accept(frame);
    }

    void forget(YamuxStream stream) {
        if (streams.remove(stream.id()) != null && stream.inbound()) {
            inboundStreams--;
        }
    }
}
