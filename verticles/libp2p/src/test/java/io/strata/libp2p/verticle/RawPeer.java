package io.strata.libp2p.verticle;

import io.strata.crypto.Ed25519PrivateKey;
import io.strata.libp2p.MultistreamDialer;
import io.strata.libp2p.Negotiation;
import io.strata.libp2p.NoiseHandshake;
import io.strata.libp2p.NoiseSession;
import io.strata.libp2p.NoiseStep;
import io.strata.libp2p.X25519KeyPair;
import io.strata.multiformats.PeerId;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/** A blocking test peer that speaks the upgrade by hand, so a test can misbehave at any step. */
final class RawPeer implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private NoiseSession noise;

    RawPeer(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    byte[] read() throws IOException {
        byte[] buffer = new byte[65536];
        int n = in.read(buffer);
        return n < 0 ? null : Arrays.copyOf(buffer, n);
    }

    /** Negotiates {@code protocol} on the raw connection, returning what followed the answer. */
    byte[] negotiate(String protocol) throws IOException {
        MultistreamDialer dialer = new MultistreamDialer(List.of(protocol));
        send(dialer.start());
        while (true) {
            byte[] bytes = read();
            if (bytes == null) {
                throw new IOException("closed while negotiating " + protocol);
            }
            Negotiation step = dialer.receive(bytes);
            if (step.done()) {
                return step.remainder();
            }
        }
    }

    /** Runs multistream /noise and the Noise handshake as initiator, expecting {@code expected} to answer. */
    NoiseSession secure(Ed25519PrivateKey identity, PeerId expected) throws IOException {
        negotiate(NoiseHandshake.PROTOCOL_ID);
        SecureRandom random = new SecureRandom();
        NoiseHandshake handshake = NoiseHandshake.initiator(identity, X25519KeyPair.generate(random),
                X25519KeyPair.generate(random), expected);
        send(handshake.start());
        while (true) {
            byte[] bytes = read();
            if (bytes == null) {
                throw new IOException("closed during the handshake");
            }
            NoiseStep step = handshake.receive(bytes);
            send(step.outbound());
            if (step.done()) {
                noise = step.session();
                return noise;
            }
        }
    }

    /** Negotiates Yamux inside the secure channel. */
    void muxer() throws IOException {
        MultistreamDialer dialer = new MultistreamDialer(List.of("/yamux/1.0.0"));
        sendSecure(dialer.start());
        while (true) {
            byte[] bytes = read();
            if (bytes == null) {
                throw new IOException("closed while negotiating the muxer");
            }
            if (dialer.receive(noise.decrypt(bytes)).done()) {
                return;
            }
        }
    }

    void sendSecure(byte[] plaintext) throws IOException {
        send(noise.encrypt(plaintext));
    }

    /** True when the other side closes the connection within the socket timeout. */
    boolean closedByPeer() throws IOException {
        try {
            while (true) {
                if (in.read(new byte[4096]) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
