package io.strata.bitswap;

import io.strata.ipld.Block;
import io.strata.ipld.IpldException;
import io.strata.ipld.unixfs.ImportOptions;
import io.strata.ipld.unixfs.ImportedNode;
import io.strata.ipld.unixfs.Layout;
import io.strata.ipld.unixfs.UnixFsExporter;
import io.strata.ipld.unixfs.UnixFsImporter;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.PeerId;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static io.strata.bitswap.TestPeers.peer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Clients fetch a UnixFS DAG from in-memory servers over the codec; the test owns the clock. */
class BitswapSimulationTest {

    private static final long TIMEOUT = 1_000;

    private final InMemoryBitswapNetwork network = new InMemoryBitswapNetwork();
    private long now = 50_000;

    private static byte[] content(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static Map<Cid, byte[]> importDag(byte[] content, ImportOptions options, Cid[] root) {
        Map<Cid, byte[]> blocks = new HashMap<>();
        ImportedNode node = new UnixFsImporter(options).importBytes(content, block -> blocks.put(block.cid(), block.data()));
        root[0] = node.cid();
        return blocks;
    }

    private static ImportOptions smallChunksRawLeaves() {
        return new ImportOptions(1, true, 1024, Layout.BALANCED, 4, Multicodec.SHA2_256, false, 32, 262_144);
    }

    private BitswapServer serve(PeerId self, Map<Cid, byte[]> blocks, BitswapServer.Config config) {
        BitswapServer server = new BitswapServer(cid -> Optional.ofNullable(blocks.get(cid)), network.endpoint(self), config);
        network.register(self, (from, message) -> {
            server.receive(from, message);
            server.serve();
        });
        return server;
    }

    private BitswapClient client(PeerId self, Map<Cid, byte[]> sink) {
        BitswapClient client = new BitswapClient(network.endpoint(self), block -> sink.put(block.cid(), block.data()),
                new BitswapClient.Config(TIMEOUT, 1, true, 8));
        network.register(self, (from, message) -> client.receive(from, message, now));
        return client;
    }

    private static void assertSameBlocks(Map<Cid, byte[]> expected, Map<Cid, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((cid, data) -> assertArrayEquals(data, actual.get(cid), cid.toString()));
    }

    private static byte[] readFile(Map<Cid, byte[]> blocks, Cid root) throws IOException {
        return new UnixFsExporter(cid -> {
            byte[] data = blocks.get(cid);
            if (data == null) {
                throw new IpldException(IpldException.Code.BLOCK_NOT_FOUND, "missing " + cid);
            }
            return data;
        }).open(root).readAllBytes();
    }

    /** Delivers, then lets the clock run one timeout at a time until the client is done. */
    private void runUntilComplete(BitswapClient client, int maxTimeouts) {
        network.deliverAll();
        for (int i = 0; i < maxTimeouts && !client.isComplete(); i++) {
            now += TIMEOUT;
            client.tick(now);
            network.deliverAll();
        }
    }

    @Test
    void twoPeersClientFetchesAWholeCidV0Dag() throws IOException {
        byte[] file = content(40_000, 1);
        Cid[] root = new Cid[1];
        Map<Cid, byte[]> source = importDag(file, ImportOptions.defaults().withChunkSize(1024), root);
        assertTrue(source.size() > 40, "the DAG has many blocks");
        PeerId serverId = peer("server");
        PeerId clientId = peer("client");
        BitswapServer server = serve(serverId, source, BitswapServer.Config.defaults());
        Map<Cid, byte[]> fetched = new HashMap<>();
        BitswapClient client = client(clientId, fetched);

        client.addProvider(serverId, now);
        client.want(List.of(root[0]), now);
        network.deliverAll();

        assertTrue(client.isComplete());
        assertSameBlocks(source, fetched);
        assertArrayEquals(file, readFile(fetched, root[0]));
        BitswapClient.Stats stats = client.stats();
        assertEquals(source.size(), stats.blocksReceived());
        assertEquals(source.values().stream().mapToLong(b -> b.length).sum(), stats.bytesReceived());
        assertEquals(0, stats.duplicateBlocks());
        assertEquals(0, stats.rejectedBlocks());
        assertEquals(stats.bytesReceived(), server.ledger().account(clientId).bytesSent());
        assertTrue(server.wantlistOf(clientId).isEmpty(), "nothing left wanted once everything arrived");
    }

    @Test
    void sessionMovesToAnotherProviderWhenOneNeverAnswers() throws IOException {
        byte[] file = content(12_000, 2);
        Cid[] root = new Cid[1];
        Map<Cid, byte[]> source = importDag(file, smallChunksRawLeaves(), root);
        PeerId silent = peer("silent");
        PeerId good = peer("good");
        PeerId clientId = peer("client");
        serve(good, source, new BitswapServer.Config(1024 * 1024, 0, BitswapMessage.MAX_MESSAGE_BYTES));
        Map<Cid, byte[]> fetched = new HashMap<>();
        BitswapClient client = client(clientId, fetched);

        client.addProvider(silent, now);
        client.addProvider(good, now);
        client.want(List.of(root[0]), now);
        network.deliverAll();
        assertFalse(client.hasReceived(root[0]), "the silent peer holds the want-block; the good one only said HAVE");
        assertTrue(client.stats().havesReceived() >= 1);

        now += TIMEOUT - 1;
        client.tick(now);
        network.deliverAll();
        assertFalse(client.hasReceived(root[0]), "no move before the deadline");

        runUntilComplete(client, 100);
        assertTrue(client.isComplete());
        assertSameBlocks(source, fetched);
        assertArrayEquals(file, readFile(fetched, root[0]));
        assertTrue(client.stats().timeouts() >= 1);
        assertTrue(network.swallowed() > 0);
    }

    @Test
    void corruptBlocksAreRejectedCountedAndFetchedElsewhere() throws IOException {
        byte[] file = content(12_000, 3);
        Cid[] root = new Cid[1];
        Map<Cid, byte[]> source = importDag(file, smallChunksRawLeaves(), root);
        Map<Cid, byte[]> corrupted = new HashMap<>();
        source.forEach((cid, data) -> {
            byte[] copy = data.clone();
            copy[copy.length / 2] ^= 0x40;
            corrupted.put(cid, copy);
        });
        PeerId liar = peer("liar");
        PeerId good = peer("good");
        PeerId clientId = peer("client");
        serve(liar, corrupted, BitswapServer.Config.defaults());
        serve(good, source, BitswapServer.Config.defaults());
        Map<Cid, byte[]> fetched = new HashMap<>();
        BitswapClient client = client(clientId, fetched);

        client.addProvider(liar, now);
        client.addProvider(good, now);
        client.want(List.of(root[0]), now);
        runUntilComplete(client, 100);

        assertTrue(client.isComplete());
        assertSameBlocks(source, fetched);
        assertArrayEquals(file, readFile(fetched, root[0]));
        assertTrue(client.stats().rejectedBlocks() >= 1, "the liar's block was counted");
        assertEquals(Set.of(liar), client.droppedPeers());
        for (Map.Entry<Cid, byte[]> stored : fetched.entrySet()) {
            assertTrue(new Block(stored.getKey(), stored.getValue()).verify(), "never stored a corrupt block");
        }
    }

    @Test
    void dontHaveSendsTheWantBlockToAPeerThatHasIt() {
        byte[] file = content(3_000, 4);
        Cid[] root = new Cid[1];
        Map<Cid, byte[]> source = importDag(file, smallChunksRawLeaves(), root);
        PeerId empty = peer("empty");
        PeerId full = peer("full");
        PeerId clientId = peer("client");
        serve(empty, Map.of(), BitswapServer.Config.defaults());
        serve(full, source, new BitswapServer.Config(1024 * 1024, 0, BitswapMessage.MAX_MESSAGE_BYTES));
        Map<Cid, byte[]> fetched = new HashMap<>();
        BitswapClient client = client(clientId, fetched);

        client.addProvider(empty, now);
        client.addProvider(full, now);
        client.want(List.of(root[0]), now);
        network.deliverAll();

        assertTrue(client.isComplete(), "DONT_HAVE moved every want without waiting for a timeout");
        assertSameBlocks(source, fetched);
        assertEquals(0, client.stats().timeouts());
        assertTrue(client.stats().dontHavesReceived() >= 1);
    }

    @Test
    void twoClientsShareThreeServers() {
        byte[] file = content(20_000, 5);
        Cid[] root = new Cid[1];
        Map<Cid, byte[]> source = importDag(file, smallChunksRawLeaves(), root);
        List<PeerId> servers = List.of(peer("s1"), peer("s2"), peer("s3"));
        servers.forEach(id -> serve(id, source, BitswapServer.Config.defaults()));
        Map<Cid, byte[]> fetchedA = new HashMap<>();
        Map<Cid, byte[]> fetchedB = new HashMap<>();
        BitswapClient a = client(peer("a"), fetchedA);
        BitswapClient b = client(peer("b"), fetchedB);
        for (PeerId id : servers) {
            a.addProvider(id, now);
            b.addProvider(id, now);
        }
        a.want(List.of(root[0]), now);
        b.want(List.of(root[0]), now);
        network.deliverAll();

        assertSameBlocks(source, fetchedA);
        assertSameBlocks(source, fetchedB);
        assertEquals(source.size(), a.stats().blocksReceived());
        assertTrue(a.stats().duplicateBlocks() > 0, "small blocks answer want-haves too, so some arrive twice");
    }

    @Test
    void unknownBlockPushedByAPeerIsNeverStored() {
        PeerId pusher = peer("pusher");
        Map<Cid, byte[]> fetched = new HashMap<>();
        BitswapClient client = client(peer("client"), fetched);
        client.addProvider(pusher, now);
        byte[] data = "unsolicited".getBytes();
        Block block = new Block(Cid.of(Multicodec.RAW, Multicodec.SHA2_256, data), data);
        client.want(List.of(TestPeers.rawCid("wanted")), now);

        List<Block> stored = client.receive(pusher, new BitswapMessage(List.of(), false, List.of(block), List.of(), 0), now);

        assertTrue(stored.isEmpty());
        assertTrue(fetched.isEmpty());
        assertEquals(1, client.stats().rejectedBlocks());
        assertEquals(Set.of(TestPeers.rawCid("wanted")), client.stalledCids());
    }
}
