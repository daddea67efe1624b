package io.strata.libp2p.verticle;

import io.strata.crypto.Libp2pPrivateKey;
import io.strata.libp2p.Libp2pException;
import io.strata.libp2p.MultistreamDialer;
import io.strata.libp2p.MultistreamListener;
import io.strata.libp2p.Negotiation;
import io.strata.libp2p.NoiseHandshake;
import io.strata.libp2p.NoiseSession;
import io.strata.libp2p.NoiseStep;
import io.strata.libp2p.X25519KeyPair;
import io.strata.libp2p.YamuxSession;
import io.strata.libp2p.YamuxStream;
import io.strata.multiformats.PeerId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

import java.security.SecureRandom;
import java.util.List;
import java.util.Set;

/**
 * One TCP connection and its upgrade: multistream-select to {@code /noise}, the Noise handshake, multistream
 * -select to {@code /yamux/1.0.0} inside the secure channel, then Yamux, with multistream-select again on
 * every stream. Any protocol violation closes the connection (and only it). Runs on the verticle's event loop.
 */
final class Connection implements YamuxSession.Handler {

    /** What a connection needs from the swarm that owns it. */
    interface Host {
        Set<String> protocolIds();

        StreamProtocol protocol(String id);

        void established(Connection connection);

        void closed(Connection connection);
    }

    private enum Stage { SECURITY_NEGOTIATION, HANDSHAKE, MUXER_NEGOTIATION, MUXED, CLOSED }

    private static final System.Logger LOG = System.getLogger(Connection.class.getName());
    private static final Set<String> SECURITY = Set.of(NoiseHandshake.PROTOCOL_ID);
    private static final Set<String> MUXERS = Set.of(YamuxSession.PROTOCOL_ID);

    private final NetSocket socket;
    private final boolean dialer;
    private final Host host;
    private final Promise<Connection> ready = Promise.promise();
    private final MultistreamDialer securityDialer = new MultistreamDialer(List.of(NoiseHandshake.PROTOCOL_ID));
    private final MultistreamListener securityListener = new MultistreamListener(SECURITY);
    private final MultistreamDialer muxerDialer = new MultistreamDialer(List.of(YamuxSession.PROTOCOL_ID));
    private final MultistreamListener muxerListener = new MultistreamListener(MUXERS);
    private final NoiseHandshake handshake;
    private Stage stage = Stage.SECURITY_NEGOTIATION;
    private NoiseSession noise;
    private YamuxSession yamux;
    private PeerId remotePeer;
    private Future<Libp2pStream> bitswapOut;

    Connection(NetSocket socket, boolean dialer, PeerId expectedRemote, Libp2pPrivateKey identity,
               X25519KeyPair staticKeys, SecureRandom random, Host host) {
        this.socket = socket;
        this.dialer = dialer;
        this.host = host;
        X25519KeyPair ephemeral = X25519KeyPair.generate(random);
        this.handshake = dialer
                ? NoiseHandshake.initiator(identity, staticKeys, ephemeral, expectedRemote)
                : NoiseHandshake.responder(identity, staticKeys, ephemeral);
    }

    /** Starts the upgrade; the future completes once Yamux runs, or fails when the connection closes first. */
    Future<Connection> start() {
        socket.handler(this::onBytes);
        socket.closeHandler(ignored -> onClosed());
        socket.exceptionHandler(failure -> {
            LOG.log(System.Logger.Level.DEBUG, "libp2p connection to " + socket.remoteAddress() + " failed: " + failure);
            close();
        });
        socket.drainHandler(ignored -> socket.resume());
        if (dialer) {
            writeRaw(securityDialer.start());
        }
        return ready.future();
    }

    PeerId remotePeer() {
        return remotePeer;
    }

    NetSocket socket() {
        return socket;
    }

    boolean isDialer() {
        return dialer;
    }

    boolean isOpen() {
        return stage != Stage.CLOSED;
    }

    /** True while the connection runs Yamux. */
    boolean isUpgraded() {
        return stage == Stage.MUXED;
    }

    /** Opens a stream and negotiates {@code protocol} on it. */
    Future<Libp2pStream> openStream(String protocol) {
        if (stage != Stage.MUXED) {
            return Future.failedFuture(new IllegalStateException("the connection to " + remotePeer + " is not open"));
        }
        Promise<Libp2pStream> opened = Promise.promise();
        YamuxStream stream;
        try {
            stream = yamux.openStream();
        } catch (IllegalStateException e) {
            return Future.failedFuture(e);
        }
        MultistreamDialer negotiation = new MultistreamDialer(List.of(protocol));
        stream.resetHandler(() -> opened.tryFail("stream " + stream.id() + " to " + remotePeer + " was reset while negotiating " + protocol));
        stream.endHandler(() -> opened.tryFail(remotePeer + " closed stream " + stream.id() + " while negotiating " + protocol));
        stream.dataHandler(bytes -> {
            stream.consumed(bytes.length);
            if (opened.future().isComplete()) {
                return;
            }
            try {
                Negotiation step = negotiation.receive(bytes);
                stream.write(step.outbound());
                if (step.done()) {
                    stream.resetHandler(null).endHandler(null).dataHandler(null);
                    opened.complete(new Libp2pStream(this, stream, step.protocol(), step.remainder()));
                }
            } catch (Libp2pException e) {
                opened.tryFail(e);
                stream.reset();
            }
        });
        stream.write(negotiation.start());
        return opened.future();
    }

    /** The long-lived stream our Bitswap messages to this peer travel on, opened on first use. */
    Future<Libp2pStream> bitswapStream(String protocol) {
        if (bitswapOut == null || (bitswapOut.succeeded() && bitswapOut.result().isReset()) || bitswapOut.failed()) {
            bitswapOut = openStream(protocol);
        }
        return bitswapOut;
    }

    void close() {
        if (stage == Stage.CLOSED) {
            return;
        }
        if (yamux != null) {
            yamux.goAway(0);
        }
        socket.close();
        onClosed();
    }

    private void onClosed() {
        if (stage == Stage.CLOSED) {
            return;
        }
        stage = Stage.CLOSED;
        ready.tryFail("the libp2p connection to " + socket.remoteAddress() + " closed during its upgrade");
        if (yamux != null) {
            yamux.terminate();
        }
        host.closed(this);
    }

    private void onBytes(Buffer buffer) {
        try {
            feed(buffer.getBytes());
        } catch (Libp2pException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the libp2p connection to " + socket.remoteAddress()
                    + (remotePeer == null ? "" : " (" + remotePeer + ")") + ": " + e.code() + ": " + e.getMessage());
            close();
        }
    }

    private void feed(byte[] bytes) {
        switch (stage) {
            case SECURITY_NEGOTIATION -> {
                Negotiation step = dialer ? securityDialer.receive(bytes) : securityListener.receive(bytes);
                writeRaw(step.outbound());
                if (step.done()) {
                    stage = Stage.HANDSHAKE;
                    writeRaw(handshake.start());
                    if (step.remainder().length > 0) {
                        feed(step.remainder());
                    }
                }
            }
            case HANDSHAKE -> {
                NoiseStep step = handshake.receive(bytes);
                writeRaw(step.outbound());
                if (step.done()) {
                    noise = step.session();
                    remotePeer = noise.remotePeer();
                    stage = Stage.MUXER_NEGOTIATION;
                    if (dialer) {
                        writeSecure(muxerDialer.start());
                    }
                    if (step.remainder().length > 0) {
                        feed(step.remainder());
                    }
                }
            }
            case MUXER_NEGOTIATION, MUXED -> onPlaintext(noise.decrypt(bytes));
            case CLOSED -> {
            }
        }
    }

    private void onPlaintext(byte[] plaintext) {
        if (plaintext.length == 0) {
            return;
        }
        if (stage == Stage.MUXED) {
            yamux.receive(plaintext);
            return;
        }
        Negotiation step = dialer ? muxerDialer.receive(plaintext) : muxerListener.receive(plaintext);
        writeSecure(step.outbound());
        if (step.done()) {
            stage = Stage.MUXED;
            yamux = new YamuxSession(dialer, this::writeSecure, this);
            host.established(this);
            ready.tryComplete(this);
            if (step.remainder().length > 0) {
                yamux.receive(step.remainder());
            }
        }
    }

    @Override
    public void onInboundStream(YamuxStream stream) {
        MultistreamListener negotiation = new MultistreamListener(host.protocolIds());
        stream.dataHandler(bytes -> {
            stream.consumed(bytes.length);
            try {
                Negotiation step = negotiation.receive(bytes);
                stream.write(step.outbound());
                if (step.done()) {
                    stream.dataHandler(null);
                    host.protocol(step.protocol()).serve(new Libp2pStream(this, stream, step.protocol(), step.remainder()));
                }
            } catch (Libp2pException e) {
                LOG.log(System.Logger.Level.DEBUG, "resetting stream " + stream.id() + " from " + remotePeer + ": " + e.getMessage());
                stream.reset();
            }
        });
        stream.endHandler(stream::close);
    }

    @Override
    public void onGoAway(int code) {
        LOG.log(System.Logger.Level.DEBUG, remotePeer + " is going away (code " + code + ")");
    }

    private void writeRaw(byte[] bytes) {
        if (bytes.length > 0 && stage != Stage.CLOSED) {
            socket.write(Buffer.buffer(bytes));
            applyBackpressure();
        }
    }

    private void writeSecure(byte[] bytes) {
        if (bytes.length > 0 && stage != Stage.CLOSED) {
            socket.write(Buffer.buffer(noise.encrypt(bytes)));
            applyBackpressure();
        }
    }

    /** A peer that does not read what we send stops being read from until it catches up. */
    private void applyBackpressure() {
        if (socket.writeQueueFull()) {
            socket.pause();
        }
    }

    @Override
    public String toString() {
        return "libp2p connection " + (dialer ? "to " : "from ") + socket.remoteAddress() + (remotePeer == null ? "" : " " + remotePeer);
    }
}
