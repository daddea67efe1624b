package io.strata.libp2p;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YamuxSessionTest {

    /** One side of a connection: its session, the frames it wrote, the streams its peer opened. */
    private static final class Side implements YamuxSession.Handler {
        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        final List<YamuxStream> accepted = new ArrayList<>();
        final List<Integer> goAways = new ArrayList<>();
        final YamuxSession session;

        Side(boolean client) {
            session = new YamuxSession(client, wire::writeBytes, this);
        }

        byte[] drain() {
            byte[] bytes = wire.toByteArray();
            wire.reset();
            return bytes;
        }

        @Override
        public void onInboundStream(YamuxStream stream) {
            accepted.add(stream);
        }

        @Override
        public void onGoAway(int code) {
            goAways.add(code);
        }
    }

    private final Side client = new Side(true);
    private final Side server = new Side(false);

    private void pump() {
        for (int i = 0; i < 100; i++) {
            byte[] toServer = client.drain();
            byte[] toClient = server.drain();
            if (toServer.length == 0 && toClient.length == 0) {
                return;
            }
            server.session.receive(toServer);
            client.session.receive(toClient);
        }
    }

    @Test
    void openingAStreamSendsSynWindowUpdateAsTheSpecLaysItOut() {
        YamuxStream stream = client.session.openStream();
        assertEquals(1, stream.id());
        // version 0, type 1 (window update), flags 0x0001 (SYN), stream 1, delta 0
        assertEquals("000100010000000100000000", Hex.hex(client.drain()));
        assertEquals(3, client.session.openStream().id(), "the dialer numbers its streams odd");
        assertEquals(2, server.session.openStream().id(), "the listener numbers its streams even");
    }

    @Test
    void dataFlowsBothWaysAndFinClosesEachSide() {
        YamuxStream outbound = client.session.openStream();
        outbound.write(new byte[] {1, 2, 3});
        outbound.close();
        pump();
        YamuxStream inbound = server.accepted.get(0);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        boolean[] ended = new boolean[1];
        inbound.endHandler(() -> ended[0] = true).dataHandler(received::writeBytes);
        assertArrayEquals(new byte[] {1, 2, 3}, received.toByteArray());
        assertTrue(ended[0]);

        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        boolean[] replyEnded = new boolean[1];
        outbound.dataHandler(reply::writeBytes).endHandler(() -> replyEnded[0] = true);
        inbound.write(new byte[] {9});
        inbound.close();
        pump();
        assertArrayEquals(new byte[] {9}, reply.toByteArray());
        assertTrue(replyEnded[0]);
        assertTrue(client.session.streams().isEmpty());
        assertTrue(server.session.streams().isEmpty());
    }

    @Test
    void senderStopsAtTheWindowUntilTheReaderConsumes() {
        YamuxStream outbound = client.session.openStream();
        pump();
        YamuxStream inbound = server.accepted.get(0);
        int[] received = new int[1];
        inbound.dataHandler(bytes -> received[0] += bytes.length);
        byte[] megabyte = new byte[1 << 20];
        outbound.write(megabyte);
        assertTrue(outbound.writeQueueFull());
        pump();
        assertEquals(YamuxSession.INITIAL_WINDOW, received[0], "no more than the initial window without consumption");

        boolean[] drained = new boolean[1];
        outbound.drainHandler(() -> drained[0] = true);
        int deliveredBefore;
        do {
            deliveredBefore = received[0];
            inbound.consumed(received[0] - consumedSoFar);
            consumedSoFar = received[0];
            pump();
        } while (received[0] > deliveredBefore);
        assertEquals(megabyte.length, received[0]);
        assertTrue(drained[0]);
    }

    private int consumedSoFar;

    @Test
    void writesQueuedBehindAClosedWindowShareFramesAsLargeAsEachWindowUpdateAllows() {
        YamuxStream outbound = client.session.openStream();
        outbound.write(new byte[YamuxSession.INITIAL_WINDOW]);
        client.drain();
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        java.util.Random random = new java.util.Random(7);
        for (int size : new int[] {3, 1, 70_000, 5, 200_000}) {
            byte[] piece = new byte[size];
            random.nextBytes(piece);
            written.writeBytes(piece);
            outbound.write(piece);
        }
        assertEquals(0, client.wire.size(), "nothing leaves while the window is closed");

        outbound.onWindowUpdate(100_000);
        outbound.onWindowUpdate(written.size() - 100_000);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        assertEquals(List.of(100_000, written.size() - 100_000), dataFrameLengths(client.drain(), payload));
        assertArrayEquals(written.toByteArray(), payload.toByteArray());
    }

    @Test
    void aWriteLargerThanAFrameIsSplitIntoFullFramesWhenTheWindowAllows() {
        YamuxStream outbound = client.session.openStream();
        client.drain();
        byte[] large = new byte[YamuxSession.MAX_FRAME_DATA * 2 + 5];
        new java.util.Random(11).nextBytes(large);
        outbound.onWindowUpdate(large.length);
        outbound.write(large);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        int full = YamuxSession.MAX_FRAME_DATA;
        assertEquals(List.of(full, full, 5), dataFrameLengths(client.drain(), payload));
        assertArrayEquals(large, payload.toByteArray());
    }

    /** The lengths of the data frames on {@code wire}, whose payloads go to {@code payload}. */
    private static List<Integer> dataFrameLengths(byte[] wire, ByteArrayOutputStream payload) {
        List<Integer> lengths = new ArrayList<>();
        for (int at = 0; at < wire.length; ) {
            assertEquals(YamuxFrame.TYPE_DATA, wire[at + 1]);
            int length = ((wire[at + 8] & 0xFF) << 24) | ((wire[at + 9] & 0xFF) << 16) | ((wire[at + 10] & 0xFF) << 8) | (wire[at + 11] & 0xFF);
            lengths.add(length);
            payload.write(wire, at + YamuxFrame.HEADER_LENGTH, length);
            at += YamuxFrame.HEADER_LENGTH + length;
        }
        return lengths;
    }

    @Test
    void dataBeyondTheWindowIsAViolationThatEndsTheSession() {
        client.session.openStream();
        pump();
        byte[] header = YamuxFrame.header(YamuxFrame.TYPE_DATA, 0, 1, YamuxSession.INITIAL_WINDOW + 1);
        Libp2pException e = assertThrows(Libp2pException.class, () -> server.session.receive(header));
        assertEquals(Libp2pException.Code.WINDOW_EXCEEDED, e.code());
        // GoAway with code 1 (protocol error)
        assertEquals("000300000000000000000001", Hex.hex(server.drain()));
    }

    @Test
    void pingIsAnsweredWithTheSameOpaqueValue() {
        server.session.receive(Hex.bytes("000200010000000000000007"));
        assertEquals("000200020000000000000007", Hex.hex(server.drain()));
    }

    @Test
    void streamWithTheReceiversParityIsRefused() {
        Libp2pException e = assertThrows(Libp2pException.class,
                () -> server.session.receive(Hex.bytes("000100010000000200000000")));
        assertEquals(Libp2pException.Code.MUXER_PROTOCOL_ERROR, e.code());
    }

    @Test
    void unknownVersionAndTypeAreRefused() {
        assertEquals(Libp2pException.Code.MUXER_PROTOCOL_ERROR, assertThrows(Libp2pException.class,
                () -> server.session.receive(Hex.bytes("010100010000000100000000"))).code());
        Side other = new Side(false);
        assertEquals(Libp2pException.Code.MUXER_PROTOCOL_ERROR, assertThrows(Libp2pException.class,
                () -> other.session.receive(Hex.bytes("000400000000000000000000"))).code());
    }

    @Test
    void resetReachesThePeer() {
        YamuxStream outbound = client.session.openStream();
        pump();
        boolean[] reset = new boolean[1];
        server.accepted.get(0).resetHandler(() -> reset[0] = true);
        outbound.reset();
        pump();
        assertTrue(reset[0]);
        assertTrue(server.session.streams().isEmpty());
    }

    @Test
    void goAwayIsReported() {
        server.session.goAway(0);
        pump();
        assertEquals(List.of(0), client.goAways);
        assertThrows(IllegalStateException.class, server.session::openStream);
    }
}
