package io.strata.bitswap.verticle;

import io.micrometer.core.instrument.Counter;
import io.strata.bitswap.BitswapMessage;
import io.strata.bitswap.BitswapMessageCodec;
import io.strata.bitswap.WantType;
import io.strata.bitswap.verticle.BitswapContract.BitswapStat;
import io.strata.bitswap.verticle.BitswapContract.LedgerReceipt;
import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.cluster.ClusterContract;
import io.strata.ipld.Block;
import io.strata.ipld.DagLinks;
import io.strata.ipld.IpldException;
import io.strata.ipld.unixfs.ImportOptions;
import io.strata.ipld.unixfs.ImportedNode;
import io.strata.ipld.unixfs.UnixFsExporter;
import io.strata.ipld.unixfs.UnixFsImporter;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.PeerId;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static io.strata.bitswap.verticle.TestCluster.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Four clustered Vert.x instances in one JVM: A serves content, B fetches it, H is a hostile peer answering
 * every want with forged bytes, S a peer that never answers. Which of them B's membership reports is set
 * per test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BitswapVerticleTest {

    private static final long PROVIDER_TIMEOUT = 500;
    private static final long RETRIEVAL_TIMEOUT = 8_000;

    @TempDir
    static Path repos;
    private TestCluster cluster;
    private TestCluster.Node a;
    private TestCluster.Node b;
    private TestCluster.Node hostile;
    private TestCluster.Node silent;
    private final List<BitswapMessage> silentReceived = new CopyOnWriteArrayList<>();
    private final List<BitswapMessage> hostileReceived = new CopyOnWriteArrayList<>();

    @BeforeAll
    void startCluster() {
        cluster = new TestCluster();
        BitswapConfig config = new BitswapConfig(PROVIDER_TIMEOUT, RETRIEVAL_TIMEOUT, 64, 20, 300,
                BitswapMessage.MAX_MESSAGE_BYTES, 256 * 1024, BitswapMessage.MAX_MESSAGE_BYTES, 8, 50, 8L * 1024 * 1024);
        a = cluster.start(repos.resolve("a"), config);
        b = cluster.start(repos.resolve("b"), config);
        hostile = cluster.startBare();
        silent = cluster.startBare();
        MessageConsumer<Buffer> forger = hostile.vertx().eventBus().consumer(BitswapContract.peerAddress(hostile.peerId()),
                message -> {
                    BitswapMessage wants = BitswapMessageCodec.decode(message.body().getBytes());
                    hostileReceived.add(wants);
                    List<Block> forged = wants.wantlist().stream().filter(entry -> !entry.cancel())
                            .map(entry -> new Block(entry.cid(), ("forged " + entry.cid()).getBytes(StandardCharsets.UTF_8)))
                            .toList();
                    if (!forged.isEmpty()) {
                        PeerId asker = PeerId.parse(message.headers().get(BitswapContract.FROM_HEADER));
                        hostile.vertx().eventBus().send(BitswapContract.peerAddress(asker),
                                Buffer.buffer(BitswapMessageCodec.encode(new BitswapMessage(List.of(), false, forged, List.of(), 0))),
                                new DeliveryOptions().addHeader(BitswapContract.FROM_HEADER, hostile.peerId().toBase58()));
                    }
                });
        MessageConsumer<Buffer> mute = silent.vertx().eventBus().consumer(BitswapContract.peerAddress(silent.peerId()),
                message -> silentReceived.add(BitswapMessageCodec.decode(message.body().getBytes())));
        await(forger.completion());
        await(mute.completion());
        warmUpConnections();
    }

    /** The first message between two nodes waits for their event-bus connection; no test should pay for it. */
    private void warmUpConnections() {
        Block probe = rawBlock("opens the connections between A and B");
        await(a.blocks().put(probe));
        b.members().add(a.peerId());
        eventually(() -> {
            try {
                return await(b.exchange().fetch(probe.cid())).length > 0;
            } catch (BitswapExchangeException slowFirstConnection) {
                return false;
            }
        }, "B fetches from A once their connection is up", 120);
        for (TestCluster.Node peer : List.of(hostile, silent)) {
            b.vertx().eventBus().send(BitswapContract.peerAddress(peer.peerId()),
                    Buffer.buffer(BitswapMessageCodec.encode(BitswapMessage.wants(List.of(), false))),
                    new DeliveryOptions().addHeader(BitswapContract.FROM_HEADER, b.peerId().toBase58()));
        }
        eventually(() -> hostileReceived.size() == 1 && silentReceived.size() == 1, "B reaches the stand-in peers", 60);
        hostileReceived.clear();
        silentReceived.clear();
    }

    @AfterAll
    void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void resetMembership() {
        DeliveryOptions local = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME);
        for (PeerId member : b.members()) {
            b.vertx().eventBus().publish(ClusterContract.LEFT, TestCluster.info(member), local);
        }
        b.members().clear();
        b.routing().providers.clear();
    }

    @Test
    void aMultiMebibyteFileImportedOnOneNodeIsFetchedBlockByBlockOnAnother() throws IOException {
        byte[] content = randomBytes(6 * 1024 * 1024 + 12_345, 1);
        Map<Cid, byte[]> imported = new LinkedHashMap<>();
        ImportedNode root = importOn(a, content, imported);
        b.members().add(a.peerId());

        Map<Cid, byte[]> fetched = fetchDag(b, root.cid());

        assertEquals(imported.keySet(), fetched.keySet());
        imported.forEach((cid, data) -> assertArrayEquals(data, fetched.get(cid), "block " + cid));
        assertArrayEquals(content, readFile(root.cid(), fetched));
        for (Cid cid : imported.keySet()) {
            assertArrayEquals(imported.get(cid), await(b.blocks().get(cid)), "B stored " + cid);
        }
        eventually(() -> b.routing().provided.containsAll(imported.keySet()), "B provides every block it fetched");

        long bytes = imported.values().stream().mapToLong(data -> data.length).sum();
        BitswapStat stat = await(b.exchange().stat());
        assertTrue(stat.blocksReceived() >= imported.size(), "blocks received: " + stat.blocksReceived());
        assertTrue(stat.dataReceived() >= bytes);
        assertTrue(stat.peers().contains(a.peerId()));
        LedgerReceipt served = await(a.exchange().ledger(b.peerId()));
        assertTrue(served.sent() >= bytes, "A's ledger shows what it sent B: " + served);
        assertTrue(served.exchanged() > 0);
        assertEquals(List.of(), await(b.exchange().wantlist(null)), "nothing is left wanted");
    }

    @Test
    void forgedBlocksFromAHostilePeerAreRejectedAndCountedWhileTheFetchCompletesFromAnHonestOne() throws IOException {
        byte[] content = randomBytes(1024 * 1024, 2);
        Map<Cid, byte[]> imported = new LinkedHashMap<>();
        ImportedNode root = importOn(a, content, imported);
        b.members().add(hostile.peerId());
        b.members().add(a.peerId());
        double rejectedBefore = rejected("mismatch");

        Map<Cid, byte[]> fetched = fetchDag(b, root.cid());

        assertArrayEquals(content, readFile(root.cid(), fetched));
        assertTrue(hostileReceived.size() > 0, "the hostile peer was asked");
        eventually(() -> rejected("mismatch") > rejectedBefore, "forged blocks are counted as rejected");
        for (Cid cid : imported.keySet()) {
            assertArrayEquals(imported.get(cid), await(b.blocks().get(cid)), "B stored the genuine " + cid);
        }
    }

    @Test
    void aPeerThatNeverAnswersLosesTheWantToAnotherProvider() {
        Block block = rawBlock("asked of the silent peer first");
        await(a.blocks().put(block));
        b.members().add(silent.peerId());
        b.members().add(a.peerId());

        assertArrayEquals(block.data(), await(b.exchange().fetch(block.cid())));

        assertTrue(silentReceived.stream().flatMap(message -> message.wantlist().stream())
                        .anyMatch(entry -> entry.cid().equals(block.cid()) && entry.wantType() == WantType.BLOCK && !entry.cancel()),
                "the silent peer was asked for the block first");
    }

    @Test
    void providersFromTheRoutingAreAskedWhenNoMemberHasTheBlock() {
        Block block = rawBlock("found through the routing");
        await(a.blocks().put(block));
        b.routing().providers.add(a.peerId());

        assertArrayEquals(block.data(), await(b.exchange().fetch(block.cid())));
    }

    @Test
    void aWantWaitingOnTheServerIsAnsweredWhenTheBlockArrivesThere() throws InterruptedException {
        Block later = rawBlock("stored on A after B asked");
        b.members().add(a.peerId());
        var fetching = b.exchange().fetch(later.cid());
        eventually(() -> await(a.exchange().wantlist(b.peerId())).contains(later.cid()), "A holds B's want");

        await(a.blocks().put(later));

        assertArrayEquals(later.data(), await(fetching));
    }

    @Test
    void aBlockNobodyHasFailsNotFoundAfterTheRetrievalTimeout() {
        b.members().add(a.peerId());
        Cid nowhere = rawBlock("held by no node").cid();
        long started = System.nanoTime();

        RuntimeException failure = assertThrows(RuntimeException.class, () -> await(b.exchange().fetch(nowhere)));

        BitswapExchangeException exchange = assertInstanceOf(BitswapExchangeException.class, failure);
        assertEquals(BitswapError.NOT_FOUND, exchange.error());
        assertTrue((System.nanoTime() - started) / 1_000_000 >= RETRIEVAL_TIMEOUT - 100);
        eventually(() -> !await(b.exchange().wantlist(null)).contains(nowhere), "the abandoned want is cancelled");
    }

    @Test
    void aMessageOverFourMebibytesIsRefusedAndCounted() {
        double before = refused("too_large");
        hostile.vertx().eventBus().send(BitswapContract.peerAddress(b.peerId()),
                Buffer.buffer(new byte[BitswapMessage.MAX_MESSAGE_BYTES + 1]),
                new DeliveryOptions().addHeader(BitswapContract.FROM_HEADER, hostile.peerId().toBase58()));

        eventually(() -> refused("too_large") == before + 1, "the oversized message is counted as refused");
    }

    @Test
    void aPeerOutsideTheClusterGetsBlocksPackedIntoLargeMessagesAndAMemberOneBlockPerMessage() {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            byte[] data = randomBytes(256 * 1024, 900 + i);
            blocks.add(new Block(Cid.of(Multicodec.RAW, Multicodec.SHA2_256, data), data));
        }
        await(b.blocks().putAll(blocks));
        List<BitswapMessage.Entry> wants = blocks.stream()
                .map(block -> BitswapMessage.Entry.want(block.cid(), 1, WantType.BLOCK, false)).toList();

        wantFromSilent(wants);
        eventually(() -> blocksReceivedBySilent() == 8, "the outside peer receives the eight blocks");
        assertEquals(List.of(8), blocksPerMessageToSilent(), "2 MiB fit one message of the 4 MiB libp2p target");

        silentReceived.clear();
        b.members().add(silent.peerId());
        b.vertx().eventBus().publish(ClusterContract.JOINED, TestCluster.info(silent.peerId()),
                new DeliveryOptions().setCodecName(LocalObjectCodec.NAME));
        wantFromSilent(wants);
        eventually(() -> blocksReceivedBySilent() == 8, "the member receives the eight blocks");
        assertEquals(List.of(1, 1, 1, 1, 1, 1, 1, 1), blocksPerMessageToSilent(), "the cluster's 256 KiB target");
    }

    private void wantFromSilent(List<BitswapMessage.Entry> wants) {
        silent.vertx().eventBus().send(BitswapContract.peerAddress(b.peerId()),
                Buffer.buffer(BitswapMessageCodec.encode(BitswapMessage.wants(wants, false))),
                new DeliveryOptions().addHeader(BitswapContract.FROM_HEADER, silent.peerId().toBase58()));
    }

    private int blocksReceivedBySilent() {
        return silentReceived.stream().mapToInt(message -> message.blocks().size()).sum();
    }

    private List<Integer> blocksPerMessageToSilent() {
        return silentReceived.stream().map(message -> message.blocks().size()).filter(count -> count > 0).toList();
    }

    private Map<Cid, byte[]> fetchDag(TestCluster.Node node, Cid root) {
        Map<Cid, byte[]> fetched = new HashMap<>();
        List<Cid> level = List.of(root);
        while (!level.isEmpty()) {
            await(node.exchange().want(level));
            List<Cid> next = new ArrayList<>();
            for (Cid cid : level) {
                byte[] data = await(node.exchange().fetch(cid));
                fetched.put(cid, data);
                next.addAll(DagLinks.links(cid, data));
            }
            level = next;
        }
        return fetched;
    }

    private static byte[] readFile(Cid root, Map<Cid, byte[]> blocks) throws IOException {
        UnixFsExporter exporter = new UnixFsExporter(cid -> {
            byte[] data = blocks.get(cid);
            if (data == null) {
                throw new IpldException(IpldException.Code.BLOCK_NOT_FOUND, "not fetched: " + cid);
            }
            return data;
        });
        try (InputStream in = exporter.open(root)) {
            return in.readAllBytes();
        }
    }

    private static ImportedNode importOn(TestCluster.Node node, byte[] content, Map<Cid, byte[]> blocks) {
        ImportedNode root = new UnixFsImporter(ImportOptions.defaults()).importBytes(content,
                block -> blocks.put(block.cid(), block.data()));
        await(node.blocks().putAll(blocks.entrySet().stream().map(e -> new Block(e.getKey(), e.getValue())).toList()));
        return root;
    }

    private double rejected(String reason) {
        Counter counter = b.registry().find("strata.bitswap.blocks.rejected").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private double refused(String reason) {
        Counter counter = b.registry().find("strata.bitswap.messages.refused").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static Block rawBlock(String text) {
        byte[] data = (text + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        return new Block(Cid.of(Multicodec.RAW, Multicodec.SHA2_256, data), data);
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static void eventually(BooleanSupplier condition, String what) {
        eventually(condition, what, 10);
    }

    private static void eventually(BooleanSupplier condition, String what, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + seconds + " s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
