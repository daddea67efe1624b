package io.strata.pinning.verticle;

import io.strata.ipld.Block;
import io.strata.ipld.unixfs.ImportOptions;
import io.strata.ipld.unixfs.ImportedNode;
import io.strata.ipld.unixfs.UnixFsImporter;
import io.strata.multiformats.Cid;
import io.strata.multiformats.PeerId;
import io.strata.pinning.ClusterPin;
import io.strata.pinning.NodePinState;
import io.strata.pinning.PinStatus;
import io.strata.pinning.ReplicationFactor;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static io.strata.pinning.verticle.PinningTestCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterPinningTest {

    @TempDir
    Path temp;

    private final PinningTestCluster cluster = new PinningTestCluster();

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void keepsTwoCopiesThroughTheLossAndReturnOfANode() throws Exception {
        List<PinningTestCluster.Node> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(cluster.start(PinningTestCluster.randomPeerId(), temp.resolve("repo" + i)));
        }
        PinningTestCluster.Node origin = nodes.get(0);
        Map<Cid, byte[]> dag = new LinkedHashMap<>();
        ImportedNode root = addRandomFile(origin, 1_200_000, 7, dag);
        assertTrue(dag.size() > 4, "the DAG has several blocks");

        ClusterPin pin = await(origin.pinning().add(
                PinningContract.PinRequest.recursive(root.cid(), "film", new ReplicationFactor(2, 2))));
        assertEquals(2, pin.allocations().size());
        awaitPinnedOn(origin, root.cid(), Set.copyOf(pin.allocations()));
        collectGarbageEverywhere();
        assertEquals(Set.copyOf(pin.allocations()), holdersOfEveryBlock(dag.keySet()));
        assertEquals(Set.of(), partialHolders(dag.keySet()));

        PinningTestCluster.Node lost = nodeOf(nodes, pin.allocations().get(1));
        PinningTestCluster.Node survivor = nodeOf(nodes, pin.allocations().get(0));
        PinningTestCluster.Node spare = nodes.stream().filter(n -> !pin.allocations().contains(n.peerId()))
                .findFirst().orElseThrow();
        // Every status change of the pin on any node, as the clustered event bus carries it to the survivor.
        List<JsonObject> changes = new CopyOnWriteArrayList<>();
        MessageConsumer<JsonObject> recorder = survivor.vertx().eventBus().consumer(
                PinningContract.eventsAddress(root.cid()), message -> changes.add(message.body()));
        await(recorder.completion());
        cluster.stop(lost);

        // Within the repair window the survivor's copy is collected against every 200 ms and must stay whole:
        // one complete copy exists at every moment, not only at the end.
        awaitCondition(() -> {
            await(survivor.blocks().gc(List.of()));
            List<Cid> missing = dag.keySet().stream().filter(cid -> !await(survivor.blocks().has(cid))).toList();
            assertEquals(List.of(), missing, () -> "the surviving copy keeps every block while the lost one is "
                    + "replaced; root " + root.cid() + " pinned there: " + await(survivor.blocks().isPinned(root.cid()))
                    + ", changes " + changes);
            PinningContract.PinInfo info = await(survivor.pinning().status(root.cid()));
            return Set.copyOf(info.pin().allocations()).equals(Set.of(survivor.peerId(), spare.peerId()))
                    && allPinned(info, Set.of(survivor.peerId(), spare.peerId()));
        });
        assertEquals(List.of(), transitionsOf(changes, survivor.peerId()), "the survivor's copy never left pinned");
        List<String> spareChanges = transitionsOf(changes, spare.peerId());
        assertEquals("null>queued", spareChanges.get(0), spareChanges.toString());
        assertEquals("pinning>pinned", spareChanges.get(spareChanges.size() - 1), spareChanges.toString());
        collectGarbageEverywhere();
        assertEquals(Set.of(survivor.peerId(), spare.peerId()), holdersOfEveryBlock(dag.keySet()));

        changes.clear();
        PinningTestCluster.Node returned = cluster.start(lost.peerId(), lost.repo());
        awaitCondition(() -> {
            assertTrue(pinnedLocallyCount(root.cid()) >= 2, "the two allocated copies stay pinned");
            PinningContract.PinInfo info = await(returned.pinning().status(root.cid()));
            return await(returned.blocks().isPinned(root.cid())).isEmpty()
                    && !info.states().containsKey(returned.peerId())
                    && info.pin().allocations().size() == 2;
        });
        awaitCondition(() -> transitionsOf(changes, returned.peerId()).contains("unpinning>unpinned"));
        assertEquals(List.of("pinned>unpinning", "unpinning>unpinned"), transitionsOf(changes, returned.peerId()),
                "the returning node releases its surplus copy");
        assertEquals(List.of(), transitionsOf(changes, survivor.peerId()));
        assertEquals(List.of(), transitionsOf(changes, spare.peerId()));
        collectGarbageEverywhere();
        assertEquals(Set.of(survivor.peerId(), spare.peerId()), holdersOfEveryBlock(dag.keySet()));
        assertEquals(Set.of(), partialHolders(dag.keySet()));

        await(returned.pinning().remove(root.cid()));
        awaitCondition(() -> pinnedLocallyCount(root.cid()) == 0);
        collectGarbageEverywhere();
        assertEquals(Set.of(), partialHolders(dag.keySet()));
        assertEquals(Set.of(), holdersOfEveryBlock(dag.keySet()));
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aPinThatVanishesWithoutARecordedRemovalKeepsItsCopies() throws Exception {
        List<PinningTestCluster.Node> nodes = List.of(
                cluster.start(PinningTestCluster.randomPeerId(), temp.resolve("repo0")),
                cluster.start(PinningTestCluster.randomPeerId(), temp.resolve("repo1")));
        PinningTestCluster.Node origin = nodes.get(0);
        Map<Cid, byte[]> dag = new LinkedHashMap<>();
        ImportedNode root = addRandomFile(origin, 700_000, 11, dag);
        Set<PeerId> both = nodes.stream().map(PinningTestCluster.Node::peerId).collect(Collectors.toSet());
        await(origin.pinning().add(
                PinningContract.PinRequest.recursive(root.cid(), "kept", new ReplicationFactor(2, 2))));
        awaitPinnedOn(origin, root.cid(), both);

        // What a member whose view of the cluster is split sees when the owner and the backup of the pin's partition
        // are both on the other side: the pin is gone, though nobody removed it.
        var pins = origin.hazelcast().<String, byte[]>getMap(PinningContract.PINS_MAP);
        byte[] stored = pins.get(root.cid().toString());
        pins.delete(root.cid().toString());
        // The removal event and three reconcile passes reach both nodes meanwhile.
        Thread.sleep(3 * PinningTestCluster.CONFIG.reconcileIntervalMillis() + 500);
        assertEquals(2, pinnedLocallyCount(root.cid()), "no node took the vanished pin for a removed one");
        collectGarbageEverywhere();
        assertEquals(both, holdersOfEveryBlock(dag.keySet()));

        // The views merge and the pin is back; a removal through the cluster then reaches every node.
        pins.set(root.cid().toString(), stored);
        await(origin.pinning().remove(root.cid()));
        awaitCondition(() -> pinnedLocallyCount(root.cid()) == 0);
        collectGarbageEverywhere();
        assertEquals(Set.of(), partialHolders(dag.keySet()));
        assertEquals(Set.of(), holdersOfEveryBlock(dag.keySet()));
    }

    /** Imports {@code size} random bytes as a UnixFS file into {@code node}'s store; its blocks go to {@code dag}. */
    private static ImportedNode addRandomFile(PinningTestCluster.Node node, int size, long seed, Map<Cid, byte[]> dag) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        ImportedNode root = new UnixFsImporter(ImportOptions.defaults()).importBytes(content,
                block -> dag.put(block.cid(), block.data()));
        await(node.blocks().putAll(dag.entrySet().stream().map(e -> new Block(e.getKey(), e.getValue())).toList()));
        return root;
    }

    private static List<String> transitionsOf(List<JsonObject> changes, PeerId peer) {
        return changes.stream().filter(change -> change.getString("peer").equals(peer.toBase58()))
                .map(change -> change.getString("previous") + ">" + change.getString("status")).toList();
    }

    private static PinningTestCluster.Node nodeOf(List<PinningTestCluster.Node> nodes, PeerId peer) {
        return nodes.stream().filter(node -> node.peerId().equals(peer)).findFirst().orElseThrow();
    }

    private static boolean allPinned(PinningContract.PinInfo info, Set<PeerId> peers) {
        return peers.stream().allMatch(peer -> {
            NodePinState state = info.states().get(peer);
            return state != null && state.status() == PinStatus.PINNED;
        });
    }

    private void awaitPinnedOn(PinningTestCluster.Node node, Cid cid, Set<PeerId> peers) throws InterruptedException {
        awaitCondition(() -> allPinned(await(node.pinning().status(cid)), peers));
    }

    private long pinnedLocallyCount(Cid cid) {
        return cluster.running().stream().filter(node -> await(node.blocks().isPinned(cid)).isPresent()).count();
    }

    private void collectGarbageEverywhere() {
        for (PinningTestCluster.Node node : cluster.running()) {
            await(node.blocks().gc(List.of()));
        }
    }

    private Set<PeerId> holdersOfEveryBlock(Set<Cid> blocks) {
        return cluster.running().stream()
                .filter(node -> blocks.stream().allMatch(cid -> await(node.blocks().has(cid))))
                .map(PinningTestCluster.Node::peerId).collect(Collectors.toSet());
    }

    private Set<PeerId> partialHolders(Set<Cid> blocks) {
        return cluster.running().stream()
                .filter(node -> {
                    long held = blocks.stream().filter(cid -> await(node.blocks().has(cid))).count();
                    return held > 0 && held < blocks.size();
                })
                .map(PinningTestCluster.Node::peerId).collect(Collectors.toSet());
    }

    private static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 90 s");
            }
            Thread.sleep(200);
        }
    }
}
