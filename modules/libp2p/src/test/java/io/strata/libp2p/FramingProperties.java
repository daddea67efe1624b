package io.strata.libp2p;

import io.strata.crypto.Ed25519PrivateKey;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every framing layer yields the same messages however the byte stream is cut into reads. */
class FramingProperties {

    @Property(tries = 300)
    void lengthPrefixedMessagesSurviveAnySplit(@ForAll @Size(max = 8) List<@Size(max = 400) byte[]> messages,
                                               @ForAll long seed) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        messages.forEach(message -> wire.writeBytes(LengthPrefixedReader.frame(message)));
        LengthPrefixedReader reader = new LengthPrefixedReader(400);
        List<byte[]> read = new ArrayList<>();
        for (byte[] chunk : split(wire.toByteArray(), new Random(seed))) {
            read.addAll(reader.read(chunk));
        }
        assertEquals(messages.size(), read.size());
        for (int i = 0; i < messages.size(); i++) {
            assertArrayEquals(messages.get(i), read.get(i));
        }
    }

    @Property(tries = 20)
    void noiseTransportSurvivesAnySplit(@ForAll @Size(max = 5) List<@Size(max = 3000) byte[]> messages, @ForAll long seed) {
        SecureRandom random = new SecureRandom();
        Ed25519PrivateKey alice = Ed25519PrivateKey.generate(random);
        Ed25519PrivateKey bob = Ed25519PrivateKey.generate(random);
        NoiseHandshake initiator = NoiseHandshake.initiator(alice, X25519KeyPair.generate(random), X25519KeyPair.generate(random),
                bob.publicKey().peerId());
        NoiseHandshake responder = NoiseHandshake.responder(bob, X25519KeyPair.generate(random), X25519KeyPair.generate(random));
        NoiseStep m3 = initiator.receive(responder.receive(initiator.start()).outbound());
        NoiseSession receiver = responder.receive(m3.outbound()).session();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        messages.forEach(message -> {
            wire.writeBytes(m3.session().encrypt(message));
            sent.writeBytes(message);
        });
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        for (byte[] chunk : split(wire.toByteArray(), new Random(seed))) {
            received.writeBytes(receiver.decrypt(chunk));
        }
        assertArrayEquals(sent.toByteArray(), received.toByteArray());
    }

    @Property(tries = 100)
    void yamuxDeliversStreamBytesInOrderAnySplit(@ForAll @Size(min = 1, max = 6) List<@Size(max = 2000) byte[]> writes,
                                                 @ForAll @IntRange(min = 1, max = 4) int streams, @ForAll long seed) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        YamuxSession client = new YamuxSession(true, wire::writeBytes, new IgnoringHandler());
        List<YamuxStream> opened = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            opened.add(client.openStream());
        }
        ByteArrayOutputStream[] expected = new ByteArrayOutputStream[streams];
        for (int i = 0; i < streams; i++) {
            expected[i] = new ByteArrayOutputStream();
        }
        for (int i = 0; i < writes.size(); i++) {
            opened.get(i % streams).write(writes.get(i));
            expected[i % streams].writeBytes(writes.get(i));
        }
        opened.forEach(YamuxStream::close);

        List<ByteArrayOutputStream> received = new ArrayList<>();
        List<Boolean> ended = new ArrayList<>();
        YamuxSession server = new YamuxSession(false, bytes -> { }, new IgnoringHandler() {
            @Override
            public void onInboundStream(YamuxStream stream) {
                ByteArrayOutputStream sink = new ByteArrayOutputStream();
                int index = received.size();
                received.add(sink);
                ended.add(false);
                stream.dataHandler(sink::writeBytes).endHandler(() -> ended.set(index, true));
            }
        });
        for (byte[] chunk : split(wire.toByteArray(), new Random(seed))) {
            server.receive(chunk);
        }
        assertEquals(streams, received.size());
        for (int i = 0; i < streams; i++) {
            assertArrayEquals(expected[i].toByteArray(), received.get(i).toByteArray());
            assertEquals(true, ended.get(i));
        }
    }

    private static List<byte[]> split(byte[] bytes, Random random) {
        List<byte[]> chunks = new ArrayList<>();
        int position = 0;
        while (position < bytes.length) {
            int length = 1 + random.nextInt(Math.min(bytes.length - position, 700));
            chunks.add(Arrays.copyOfRange(bytes, position, position + length));
            position += length;
        }
        return chunks;
    }

    private static class IgnoringHandler implements YamuxSession.Handler {
        @Override
        public void onInboundStream(YamuxStream stream) {
        }

        @Override
        public void onGoAway(int code) {
        }
    }
}
