package io.strata.libp2p.verticle;

import io.strata.bitswap.verticle.BitswapContract;
import io.strata.crypto.Ed25519PrivateKey;
import io.strata.dht.DhtContract;
import io.strata.crypto.NodeIdentity;
import io.strata.libp2p.LengthPrefixedReader;
import io.strata.libp2p.Libp2pException;
import io.strata.multiformats.Multiaddr;
import io.strata.multiformats.PeerId;
import io.strata.proto.identify.IdentifyProtos.Identify;
import io.strata.proto.kademlia.KademliaProtos;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Libp2pVerticleTest {

    private final SecureRandom random = new SecureRandom();
    private Vertx vertxA;
    private Vertx vertxB;
    private Libp2pVerticle a;
    private Libp2pVerticle b;

    @BeforeEach
    void start() throws Exception {
        vertxA = Vertx.vertx();
        vertxB = Vertx.vertx();
        a = new Libp2pVerticle(new NodeIdentity(Ed25519PrivateKey.generate(random)), testConfig());
        b = new Libp2pVerticle(new NodeIdentity(Ed25519PrivateKey.generate(random)), testConfig());
        await(vertxA.deployVerticle(a));
        await(vertxB.deployVerticle(b));
    }

    @AfterEach
    void stop() throws Exception {
        await(vertxA.close());
        await(vertxB.close());
    }

    private static Libp2pConfig testConfig() {
        return new Libp2pConfig("127.0.0.1", 0, 2_000, 16);
    }

    private Multiaddr addressOf(Libp2pVerticle swarm) {
        return Multiaddr.parse("/ip4/127.0.0.1/tcp/" + swarm.port() + "/p2p/" + swarm.peerId().toBase58());
    }

    @Test
    void dialedPeerAnswersPingOnAStream() throws Exception {
        assertEquals(b.peerId(), await(a.dial(addressOf(b))));
        byte[] payload = new byte[32];
        random.nextBytes(payload);
        byte[] echoed = await(readAll(a, b.peerId(), PingProtocol.ID, payload, 32));
        assertArrayEquals(payload, echoed);
        assertEquals(java.util.Set.of(b.peerId()), a.connectedPeers());
        waitUntil(() -> b.connectedPeers().contains(a.peerId()));
    }

    @Test
    void identifyTellsKeyProtocolsAndObservedAddress() throws Exception {
        await(a.dial(addressOf(b)));
        byte[] bytes = await(readAll(a, b.peerId(), IdentifyProtocol.ID, new byte[0], -1));
        List<byte[]> messages = new LengthPrefixedReader(1 << 16).read(bytes);
        assertEquals(1, messages.size());
        Identify identify = Identify.parseFrom(messages.get(0));
        assertEquals(b.peerId(), PeerId.fromPublicKey(identify.getPublicKey().toByteArray()));
        assertTrue(identify.getProtocolsList().containsAll(List.of(IdentifyProtocol.ID, PingProtocol.ID, BitswapProtocol.ID, KademliaProtocol.ID)));
        assertEquals(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + b.port())),
                identify.getListenAddrsList().stream().map(address -> Multiaddr.fromBytes(address.toByteArray())).toList());
        Multiaddr observed = Multiaddr.fromBytes(identify.getObservedAddr().toByteArray());
        assertEquals("127.0.0.1", observed.components().get(0).value());
    }

    @Test
    void unsupportedProtocolIsDeclined() throws Exception {
        await(a.dial(addressOf(b)));
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(a.openStream(b.peerId(), "/x/1.0.0")));
        Libp2pException cause = assertInstanceOf(Libp2pException.class, e.getCause());
        assertEquals(Libp2pException.Code.PROTOCOL_NOT_SUPPORTED, cause.code());
    }

    @Test
    void bitswapMessagesTravelBetweenTheNodesBitswapEndpoints() throws Exception {
        List<Message<Buffer>> arrived = new java.util.concurrent.CopyOnWriteArrayList<>();
        await(vertxB.eventBus().<Buffer>localConsumer(BitswapContract.peerAddress(b.peerId()), arrived::add).completion());
        await(a.dial(addressOf(b)));
        byte[] first = new byte[300_000];
        random.nextBytes(first);
        byte[] second = new byte[1000];
        random.nextBytes(second);
        // Both travel on one long-lived stream, as Kubo keeps them; the reader splits them by their prefixes.
        vertxA.eventBus().send(BitswapContract.peerAddress(b.peerId()), Buffer.buffer(first));
        vertxA.eventBus().send(BitswapContract.peerAddress(b.peerId()), Buffer.buffer(second));
        waitUntil(() -> arrived.size() == 2);
        assertArrayEquals(first, arrived.get(0).body().getBytes());
        assertArrayEquals(second, arrived.get(1).body().getBytes());
        assertEquals(a.peerId().toBase58(), arrived.get(0).headers().get(BitswapContract.FROM_HEADER));
    }

    @Test
    void kademliaRequestsReachThePeersDhtAndAnswersComeBack() throws Exception {
        List<String> senders = new java.util.concurrent.CopyOnWriteArrayList<>();
        await(vertxB.eventBus().<Buffer>localConsumer(DhtContract.peerAddress(b.peerId()), request -> {
            senders.add(request.headers().get(DhtContract.FROM_HEADER));
            KademliaProtos.Message parsed = parse(request.body().getBytes());
            request.reply(parsed.getType() == KademliaProtos.Message.MessageType.ADD_PROVIDER ? Buffer.buffer()
                    : Buffer.buffer(parsed.toBuilder().setClusterLevelRaw(7).build().toByteArray()));
        }).completion());
        await(a.dial(addressOf(b)));

        KademliaProtos.Message findNode = KademliaProtos.Message.newBuilder()
                .setType(KademliaProtos.Message.MessageType.FIND_NODE)
                .setKey(com.google.protobuf.ByteString.copyFrom(b.peerId().bytes())).build();
        Buffer answer = await(vertxA.eventBus().<Buffer>request(DhtContract.peerAddress(b.peerId()), Buffer.buffer(findNode.toByteArray()))).body();
        assertEquals(findNode.toBuilder().setClusterLevelRaw(7).build(), parse(answer.getBytes()));

        KademliaProtos.Message addProvider = findNode.toBuilder().setType(KademliaProtos.Message.MessageType.ADD_PROVIDER).build();
        Buffer none = await(vertxA.eventBus().<Buffer>request(DhtContract.peerAddress(b.peerId()), Buffer.buffer(addProvider.toByteArray()))).body();
        assertEquals(0, none.length());
        waitUntil(() -> senders.size() == 2);
        assertEquals(List.of(a.peerId().toBase58(), a.peerId().toBase58()), senders);
    }

    private static KademliaProtos.Message parse(byte[] bytes) {
        try {
            return KademliaProtos.Message.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void disconnectedPeerIsAnnouncedToBitswap() throws Exception {
        Promise<PeerId> announced = Promise.promise();
        await(vertxB.eventBus().<PeerId>localConsumer(BitswapContract.PEER_DISCONNECTED,
                message -> announced.tryComplete(message.body())).completion());
        Ed25519PrivateKey rawIdentity = Ed25519PrivateKey.generate(random);
        try (RawPeer raw = new RawPeer(b.port())) {
            raw.secure(rawIdentity, b.peerId());
            raw.muxer();
            waitUntil(() -> b.connectedPeers().contains(rawIdentity.publicKey().peerId()));
        }
        assertEquals(rawIdentity.publicKey().peerId(), await(announced.future()));
        waitUntil(() -> b.connectedPeers().isEmpty());
    }

    @Test
    void connectAndPeersThroughTheEventBus() throws Exception {
        String peer = await(vertxA.eventBus().<String>request(Libp2pContract.CONNECT, addressOf(b).toString())).body();
        assertEquals(b.peerId().toBase58(), peer);
        JsonArray peers = await(vertxA.eventBus().<JsonArray>request(Libp2pContract.PEERS, null)).body();
        assertEquals(1, peers.size());
        assertTrue(peers.getString(0).startsWith("/ip4/127.0.0.1/tcp/" + b.port() + "/p2p/"));
    }

    @Test
    void dialingTheWrongPeerIdFails() throws Exception {
        PeerId someoneElse = Ed25519PrivateKey.generate(random).publicKey().peerId();
        Multiaddr wrong = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + b.port() + "/p2p/" + someoneElse.toBase58());
        assertThrows(ExecutionException.class, () -> await(a.dial(wrong)));
        assertTrue(a.connectedPeers().isEmpty());
    }

    @Test
    void garbageInsteadOfMultistreamClosesTheConnectionAndOthersAreServed() throws Exception {
        try (RawPeer raw = new RawPeer(b.port())) {
            raw.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            assertTrue(raw.closedByPeer());
        }
        assertServesOthers();
    }

    @Test
    void lowOrderEphemeralKeyClosesTheConnection() throws Exception {
        try (RawPeer raw = new RawPeer(b.port())) {
            raw.negotiate("/noise");
            byte[] zeroKey = new byte[34];
            zeroKey[1] = 32;
            raw.send(zeroKey);
            assertTrue(raw.closedByPeer());
        }
        assertServesOthers();
    }

    @Test
    void garbageThirdHandshakeMessageClosesTheConnection() throws Exception {
        try (RawPeer raw = new RawPeer(b.port())) {
            raw.negotiate("/noise");
            byte[] ephemeral = new byte[34];
            ephemeral[1] = 32;
            ephemeral[2] = 9;
            raw.send(ephemeral);
            byte[] message2 = raw.read();
            assertTrue(message2 != null && message2.length > 2 + 32 + 48, "message 2 carries e, s and the payload");
            byte[] bogus = new byte[80];
            bogus[1] = 78;
            for (int i = 2; i < bogus.length; i++) {
                bogus[i] = (byte) random.nextInt();
            }
            raw.send(bogus);
            assertTrue(raw.closedByPeer());
        }
        assertServesOthers();
    }

    @Test
    void oversizeNegotiationLineClosesTheConnection() throws Exception {
        try (RawPeer raw = new RawPeer(b.port())) {
            // a length prefix announcing 65535 bytes, far beyond any protocol id
            raw.send(new byte[] {(byte) 0xff, (byte) 0xff, 0x03});
            assertTrue(raw.closedByPeer());
        }
        assertServesOthers();
    }

    @Test
    void oversizeBitswapMessageResetsOnlyItsStream() throws Exception {
        await(a.dial(addressOf(b)));
        Promise<Void> reset = Promise.promise();
        // Streams belong to the connection's event loop: the handler is set and the bytes written there, as the
        // Identify exchange that follows a dial writes on the same connection.
        await(a.openStream(b.peerId(), BitswapProtocol.ID).onSuccess(stream -> {
            stream.resetHandler(reset::tryComplete);
            // a varint announcing 64 MiB, more than Bitswap's 4 MiB limit
            stream.write(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, 0x20});
        }));
        await(reset.future());
        byte[] payload = new byte[32];
        random.nextBytes(payload);
        assertArrayEquals(payload, await(readAll(a, b.peerId(), PingProtocol.ID, payload, 32)), "the connection still serves");
    }

    @Test
    void silentConnectionIsClosedAfterTheHandshakeTimeout() throws Exception {
        try (RawPeer raw = new RawPeer(b.port())) {
            assertTrue(raw.closedByPeer());
        }
    }

    @Test
    void yamuxWindowViolationClosesTheConnection() throws Exception {
        try (RawPeer raw = new RawPeer(b.port())) {
            raw.secure(Ed25519PrivateKey.generate(random), b.peerId());
            raw.muxer();
            // open stream 1, then announce 256 KiB + 1 bytes of data on it
            raw.sendSecure(hex("000100010000000100000000"));
            raw.sendSecure(hex("000000000000000100040001"));
            assertTrue(raw.closedByPeer());
        }
        assertServesOthers();
    }

    @Test
    void garbageAfterMuxerNegotiationClosesTheConnection() throws Exception {
        try (RawPeer raw = new RawPeer(b.port())) {
            raw.secure(Ed25519PrivateKey.generate(random), b.peerId());
            raw.muxer();
            raw.sendSecure("this is not a yamux frame".getBytes());
            assertTrue(raw.closedByPeer());
        }
        assertServesOthers();
    }

    @Test
    void unauthenticatedBytesAfterTheHandshakeCloseTheConnection() throws Exception {
        try (RawPeer raw = new RawPeer(b.port())) {
            raw.secure(Ed25519PrivateKey.generate(random), b.peerId());
            raw.send(new byte[] {0, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
            assertTrue(raw.closedByPeer());
        }
        assertServesOthers();
    }

    private void assertServesOthers() throws Exception {
        assertEquals(b.peerId(), await(a.dial(addressOf(b))));
        byte[] payload = new byte[32];
        random.nextBytes(payload);
        assertArrayEquals(payload, await(readAll(a, b.peerId(), PingProtocol.ID, payload, 32)));
    }

    /** Opens a stream, writes {@code request}, and collects {@code expected} bytes (-1: until the peer closes). */
    private static Future<byte[]> readAll(Libp2pVerticle swarm, PeerId peer, String protocol, byte[] request, int expected) {
        return swarm.openStream(peer, protocol).compose(stream -> {
            Promise<byte[]> done = Promise.promise();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            stream.dataHandler(bytes -> {
                received.writeBytes(bytes);
                if (expected >= 0 && received.size() >= expected) {
                    done.tryComplete(received.toByteArray());
                    stream.close();
                }
            }).endHandler(() -> done.tryComplete(received.toByteArray()));
            stream.write(request);
            return done.future();
        });
    }

    private static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertFalse(System.nanoTime() > deadline, "condition not met within 5 s");
            Thread.sleep(10);
        }
    }

    static <T> T await(Future<T> future) throws ExecutionException, InterruptedException, TimeoutException {
        return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

}
