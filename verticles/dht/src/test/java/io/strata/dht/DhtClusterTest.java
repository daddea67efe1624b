package io.strata.dht;

import com.google.protobuf.ByteString;
import io.strata.blockstore.PinStatus;
import io.strata.blockstore.PinType;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.BlockStoreConfig;
import io.strata.blockstore.verticle.BlockStoreVerticle;
import io.strata.blockstore.verticle.BlockStoreContract;
import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.cluster.ClusterContract;
import io.strata.cluster.PeerInfo;
import io.strata.dht.TestCluster.Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.ipld.Block;
import io.strata.kademlia.KademliaException;
import io.strata.kademlia.RecordValidator;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.proto.kademlia.KademliaProtos.Message;
import io.strata.proto.kademlia.KademliaProtos.Record;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static io.strata.dht.TestCluster.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Four DHT nodes (A, B, C, D) and one silent node (S) that receives DHT requests and never answers, each a
 * clustered Vert.x instance in this JVM. All DHTs share the test's clock.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DhtClusterTest {

    private static final Duration RPC_TIMEOUT = Duration.ofMillis(1000);
    /** Accepts values "ok:<n>" and prefers the highest n, the shape of an IPNS validator. */
    private static final RecordValidator TEST_VALIDATOR = new RecordValidator() {
        @Override
        public void validate(byte[] key, byte[] value) {
            String text = new String(value, StandardCharsets.UTF_8);
            if (!text.matches("ok:\\d+")) {
                throw new KademliaException(KademliaException.Code.INVALID_RECORD, "not an ok:<n> record: " + text);
            }
        }

        @Override
        public int select(byte[] key, List<byte[]> values) {
            int best = 0;
            for (int i = 1; i < values.size(); i++) {
                if (sequence(values.get(i)) > sequence(values.get(best))) {
                    best = i;
                }
            }
            return best;
        }

        private long sequence(byte[] value) {
            return Long.parseLong(new String(value, StandardCharsets.UTF_8).substring(3));
        }
    };

    private static JsonObject config;
    private static Map<String, RecordValidator> validators;
    private static TestCluster cluster;
    private static Node a;
    private static Node b;
    private static Node c;
    private static Node d;
    private static Node silent;
    private static final AtomicInteger silentRequests = new AtomicInteger();
    private static final List<PinStatus> pinsOfB = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void startCluster() {
        cluster = new TestCluster();
        config = new JsonObject().put("rpcTimeout", RPC_TIMEOUT.toMillis() + "ms").put("tickInterval", "100ms");
        validators = Map.of("test", TEST_VALIDATOR);
        silent = cluster.startBare();
        await(silent.vertx().eventBus().<Buffer>consumer(DhtContract.peerAddress(silent.peerId()),
                message -> silentRequests.incrementAndGet()).completion());
        a = cluster.start(config, validators);
        b = cluster.start(config.copy().put("reprovideStrategy", "pinned"), validators);
        b.vertx().eventBus().localConsumer(BlockStoreContract.PIN_LS, message ->
                message.reply(List.copyOf(pinsOfB), new DeliveryOptions().setCodecName(LocalObjectCodec.NAME)));
        c = cluster.start(config, validators);
        d = cluster.start(config, validators);
        for (Node node : List.of(a, b, c, d)) {
            cluster.announce(ClusterContract.JOINED, node.info());
        }
        eventually(() -> await(a.dht().stat()).routingTable().size() == 4, "A knows every peer");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void providedOnANodeIsFoundFromAnother() {
        Cid cid = randomCid();
        await(a.dht().provide(cid));
        List<PeerInfo> providers = await(c.dht().findProviders(cid, 5));
        assertEquals(List.of(a.info()), providers);
        assertEquals(List.of(), await(a.dht().findProviders(cid, 5)), "a node does not report itself");
        assertEquals(List.of(), await(c.dht().findProviders(randomCid(), 5)));
    }

    @Test
    @Order(2)
    void announcedBlocksAreProvidedUnderStrategyAll() {
        List<Cid> added = List.of(randomCid(), randomCid(), randomCid());
        a.vertx().eventBus().publish(BlockStoreContract.BLOCKS_ADDED, added,
                new DeliveryOptions().setCodecName(LocalObjectCodec.NAME));
        for (Cid cid : added) {
            eventually(() -> await(d.dht().findProviders(cid, 1)).equals(List.of(a.info())), "D finds A for " + cid);
        }
        Cid ignored = randomCid();
        b.vertx().eventBus().publish(BlockStoreContract.BLOCKS_ADDED, List.of(ignored),
                new DeliveryOptions().setCodecName(LocalObjectCodec.NAME));
        assertEquals(0, await(b.dht().stat()).providedKeys(), "strategy pinned does not provide every new block");
    }

    /** Four nodes are fewer than k: one lookup meets them all, so the provides after it need none of their own. */
    @Test
    @Order(2)
    void manyBlocksAreProvidedToASmallNetworkWithoutALookupEach() {
        List<Cid> added = IntStream.range(0, 30).mapToObj(i -> randomCid()).toList();
        double before = findNodeRequestsReceived();
        a.vertx().eventBus().publish(BlockStoreContract.BLOCKS_ADDED, added,
                new DeliveryOptions().setCodecName(LocalObjectCodec.NAME));
        for (Cid cid : added) {
            eventually(() -> await(d.dht().findProviders(cid, 1)).equals(List.of(a.info())), "D finds A for " + cid);
        }
        double lookups = findNodeRequestsReceived() - before;
        assertTrue(lookups < added.size(), "B, C and D received " + lookups + " FIND_NODE requests for "
                + added.size() + " provides");
    }

    private static double findNodeRequestsReceived() {
        return List.of(b, c, d).stream()
                .map(node -> node.registry().find("strata.dht.requests").tag("type", "FIND_NODE").counter())
                .mapToDouble(counter -> counter == null ? 0 : counter.count()).sum();
    }

    @Test
    @Order(3)
    void valuesArePutValidatedAndTheBestIsSelected() {
        byte[] key = ("/test/" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        int stored = await(b.dht().putValue(key, bytes("ok:1")));
        assertTrue(stored >= 3, "stored on the three other DHT nodes, got " + stored);
        assertArrayEquals(bytes("ok:1"), await(d.dht().getValue(key)));

        DhtClientException invalid = assertThrows(DhtClientException.class, () -> await(b.dht().putValue(key, bytes("bad"))));
        assertEquals(DhtError.INVALID_RECORD, invalid.error());

        Message hostile = Message.newBuilder().setType(Message.MessageType.PUT_VALUE).setKey(ByteString.copyFrom(key))
                .setRecord(Record.newBuilder().setKey(ByteString.copyFrom(key)).setValue(ByteString.copyFrom(bytes("ok:x"))))
                .build();
        ReplyException refused = assertThrows(ReplyException.class, () -> await(d.vertx().eventBus().request(
                DhtContract.peerAddress(c.peerId()), Buffer.buffer(hostile.toByteArray()),
                new DeliveryOptions().addHeader(DhtContract.FROM_HEADER, d.peerId().toBase58()))));
        assertEquals(DhtError.INVALID_RECORD.failureCode(), refused.failureCode());

        await(d.dht().putValue(key, bytes("ok:7")));
        assertArrayEquals(bytes("ok:7"), await(a.dht().getValue(key)));
        DhtClientException older = assertThrows(DhtClientException.class, () -> await(d.dht().putValue(key, bytes("ok:2"))));
        assertEquals(DhtError.INVALID_RECORD, older.error());
        assertArrayEquals(bytes("ok:7"), await(c.dht().getValue(key)));
    }

    @Test
    @Order(4)
    void valueRequestsOutsideTheNamespacesOrWithoutRecordsFail() {
        DhtClientException unknownNamespace = assertThrows(DhtClientException.class,
                () -> await(a.dht().getValue(bytes("/other/key"))));
        assertEquals(DhtError.INVALID_REQUEST, unknownNamespace.error());
        assertTrue(unknownNamespace.getMessage().contains("'other'"), unknownNamespace.getMessage());
        DhtClientException missing = assertThrows(DhtClientException.class,
                () -> await(a.dht().getValue(bytes("/test/never-stored"))));
        assertEquals(DhtError.NOT_FOUND, missing.error());
    }

    @Test
    @Order(5)
    void malformedRpcsAreRefused() {
        ReplyException garbage = assertThrows(ReplyException.class, () -> await(a.vertx().eventBus().request(
                DhtContract.peerAddress(c.peerId()), Buffer.buffer(new byte[]{(byte) 0xff, 0x01, 0x02}),
                new DeliveryOptions().addHeader(DhtContract.FROM_HEADER, a.peerId().toBase58()))));
        assertEquals(DhtError.INVALID_REQUEST.failureCode(), garbage.failureCode());
        Message ping = Message.newBuilder().setType(Message.MessageType.PING).build();
        ReplyException anonymous = assertThrows(ReplyException.class, () -> await(a.vertx().eventBus().request(
                DhtContract.peerAddress(c.peerId()), Buffer.buffer(ping.toByteArray()))));
        assertEquals(DhtError.INVALID_REQUEST.failureCode(), anonymous.failureCode());
        DhtClientException wrongPayload = assertThrows(DhtClientException.class, () -> await(
                a.vertx().eventBus().request(DhtContract.PROVIDE, "not a cid",
                        new DeliveryOptions().setCodecName(LocalObjectCodec.NAME))
                        .recover(failure -> io.vertx.core.Future.failedFuture(
                                DhtClient.toClientException(DhtContract.PROVIDE, failure)))));
        assertEquals(DhtError.INVALID_REQUEST, wrongPayload.error());
    }

    @Test
    @Order(6)
    void aPeerThatNeverAnswersDoesNotStallLookups() {
        Cid cid = randomCid();
        await(b.dht().provide(cid));
        cluster.announce(ClusterContract.JOINED, silent.info());
        eventually(() -> await(c.dht().stat()).routingTable().contains(silent.peerId()), "C has S in its table");
        int before = silentRequests.get();
        long started = System.nanoTime();
        assertEquals(List.of(b.info()), await(c.dht().findProviders(cid, 2)));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(silentRequests.get() > before, "S was queried");
        // One RPC timeout, plus slack for a loaded machine; far below the event bus' 30 s default.
        assertTrue(took.compareTo(RPC_TIMEOUT.multipliedBy(6)) < 0, "the lookup took " + took);
        assertFalse(await(c.dht().stat()).routingTable().contains(silent.peerId()), "S was dropped after timing out");
        assertTrue(c.registry().get("strata.dht.rpc.failures").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum() >= 1);
    }

    @Test
    @Order(7)
    void findsPeers() {
        assertEquals(a.info(), await(c.dht().findPeer(a.peerId())));
        DhtClientException unknown = assertThrows(DhtClientException.class,
                () -> await(c.dht().findPeer(TestCluster.randomPeerId())));
        assertEquals(DhtError.NOT_FOUND, unknown.error());
    }

    @Test
    @Order(8)
    void providerRecordsExpireAndAreRepublished() throws Exception {
        Cid cid = randomCid();
        await(a.dht().provide(cid));
        Cid pinned = randomCid();
        pinsOfB.add(new PinStatus(pinned, PinType.RECURSIVE, "", null));
        assertEquals(List.of(a.info()), await(c.dht().findProviders(cid, 1)));
        assertEquals(List.of(), await(c.dht().findProviders(pinned, 1)));

        Cid announcedByOutsider = randomCid();
        ByteString outsiderKey = ByteString.copyFrom(announcedByOutsider.multihash().bytes());
        await(silentRpc(c, Message.newBuilder().setType(Message.MessageType.ADD_PROVIDER).setKey(outsiderKey)
                .addProviderPeers(Message.Peer.newBuilder().setId(ByteString.copyFrom(silent.peerId().bytes())))
                .build()));
        Message getProviders = Message.newBuilder().setType(Message.MessageType.GET_PROVIDERS).setKey(outsiderKey).build();
        assertEquals(1, Message.parseFrom(await(silentRpc(c, getProviders)).getBytes()).getProviderPeersCount());

        cluster.clock.addAndGet(Duration.ofHours(21).toMillis());
        assertEquals(List.of(a.info()), await(c.dht().findProviders(cid, 1)), "still live before the TTL");
        assertEquals(1, Message.parseFrom(await(silentRpc(c, getProviders)).getBytes()).getProviderPeersCount());
        cluster.clock.addAndGet(Duration.ofHours(28).toMillis());
        assertEquals(0, Message.parseFrom(await(silentRpc(c, getProviders)).getBytes()).getProviderPeersCount(),
                "the outsider's record expired 48 h after its announcement");
        // 49 h after the announcement every record has expired; the ticking verticles republish within 100 ms.
        eventually(() -> await(c.dht().findProviders(cid, 1)).equals(List.of(a.info())), "A republished");
        eventually(() -> await(c.dht().findProviders(pinned, 1)).equals(List.of(b.info())), "B provided its pin");
        assertTrue(d.registry().get("strata.dht.provider.records").gauge().value() > 0);
        assertTrue(a.registry().get("strata.dht.lookups").tag("kind", "find_node").counter().count() > 0);
    }

    @Test
    @Order(9)
    void aNodeThatLeavesIsDroppedFromRoutingTables() {
        Cid cid = randomCid();
        await(a.dht().provide(cid));
        cluster.stop(d);
        cluster.announce(ClusterContract.LEFT, d.info());
        for (Node node : List.of(a, b, c)) {
            eventually(() -> !await(node.dht().stat()).routingTable().contains(d.peerId()), "D dropped");
        }
        assertEquals(List.of(a.info()), await(b.dht().findProviders(cid, 1)));
    }

    @Test
    @Order(10)
    void aNodeRestartedOnAStoreThatHoldsBlocksProvidesThemWithoutNewPuts(@TempDir Path repo) {
        Node e = cluster.startBare();
        BlockStoreConfig storeConfig = new BlockStoreConfig(repo.resolve("blocks"), false, true, 2);
        List<Block> held = IntStream.range(0, 5).mapToObj(i -> bytes("held " + i + " " + UUID.randomUUID()))
                .map(data -> new Block(Cid.of(Multicodec.RAW, Multicodec.SHA2_256, data), data)).toList();
        String firstRun = await(e.vertx().deployVerticle(blockStore(storeConfig)));
        await(new BlockStoreClient(e.vertx()).putAll(held));
        await(e.vertx().undeploy(firstRun));
        for (Cid cid : held.stream().map(Block::cid).toList()) {
            assertEquals(List.of(), await(c.dht().findProviders(cid, 1)), "nobody provides " + cid + " yet");
        }

        // The restart: the store reopens the same repository and a new DHT starts; nothing is put or announced.
        String secondRun = await(e.vertx().deployVerticle(blockStore(storeConfig)));
        cluster.deployDht(e, config.copy().put("initialReprovideDelay", "200ms").put("reprovidePageSize", 2),
                validators);
        cluster.announce(ClusterContract.JOINED, e.info());
        for (Block block : held) {
            eventually(() -> await(c.dht().findProviders(block.cid(), 1)).equals(List.of(e.info())),
                    "C finds E for " + block.cid());
        }
        assertEquals(held.size(), await(e.dht().stat()).providedKeys(), "five blocks walked over three pages");
        await(e.vertx().undeploy(secondRun));
    }

    private static BlockStoreVerticle blockStore(BlockStoreConfig storeConfig) {
        return new BlockStoreVerticle(storeConfig, new SimpleMeterRegistry(), (cid, data) -> List.of());
    }

    /** A request to {@code target} from the silent node's identity, as an outside peer would send it. */
    private static io.vertx.core.Future<Buffer> silentRpc(Node target, Message request) {
        return silent.vertx().eventBus().<Buffer>request(DhtContract.peerAddress(target.peerId()),
                Buffer.buffer(request.toByteArray()),
                new DeliveryOptions().addHeader(DhtContract.FROM_HEADER, silent.peerId().toBase58()))
                .map(io.vertx.core.eventbus.Message::body);
    }

    private static Cid randomCid() {
        return Cid.of(Multicodec.RAW, Multicodec.SHA2_256, bytes(UUID.randomUUID().toString()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void eventually(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
