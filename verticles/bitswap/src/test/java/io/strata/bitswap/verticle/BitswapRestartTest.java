package io.strata.bitswap.verticle;

import io.strata.bitswap.BitswapMessage;
import io.strata.bitswap.BitswapMessageCodec;
import io.strata.bitswap.WantType;
import io.strata.blockstore.verticle.BlockStoreConfig;
import io.strata.blockstore.verticle.BlockStoreVerticle;
import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.cluster.ClusterContract;
import io.strata.ipld.Block;
import io.strata.ipld.DagLinks;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.strata.bitswap.verticle.TestCluster.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soak's lost read: a node restarts while another one wants a block only it holds. The want-block reaches the
 * old incarnation, which goes away without answering; the new one, with the same peer id and a fresh Bitswap, has
 * the block but was never asked. The fetching node must ask again instead of waiting out the retrieval timeout.
 */
class BitswapRestartTest {

    private static final long PROVIDER_TIMEOUT = 500;
    private static final long RETRIEVAL_TIMEOUT = 8_000;
    private static final BitswapConfig REJOIN_CONFIG = new BitswapConfig(60_000, RETRIEVAL_TIMEOUT, 64, 20, 60_000,
            BitswapMessage.MAX_MESSAGE_BYTES, 256 * 1024, BitswapMessage.MAX_MESSAGE_BYTES, 8, 50, 0);
    private static final DeliveryOptions LOCAL = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME);

    @TempDir
    Path repos;

    @Test
    void aWantLostWithTheHoldersOldIncarnationIsAskedAgainOfTheNewOne() {
        BitswapConfig config = new BitswapConfig(PROVIDER_TIMEOUT, RETRIEVAL_TIMEOUT, 64, 20, 60_000,
                BitswapMessage.MAX_MESSAGE_BYTES, 256 * 1024, BitswapMessage.MAX_MESSAGE_BYTES, 8, 50, 0);
        try (TestCluster cluster = new TestCluster()) {
            Wanted wanted = wantedFromAHolderAboutToRestart(cluster, config, "held by the restarting node only");
            TestCluster.Node holder = wanted.holder();
            eventually(() -> wanted.oldIncarnationReceived().stream().flatMap(message -> message.wantlist().stream())
                    .anyMatch(entry -> entry.cid().equals(wanted.block().cid()) && entry.wantType() == WantType.BLOCK
                            && !entry.cancel()),
                    "the old incarnation got the want-block");
            await(wanted.oldIncarnation().unregister());
            await(holder.vertx().deployVerticle(new BitswapVerticle(holder.peerId(), config, holder.routing(), holder.registry())));

            assertArrayEquals(wanted.block().data(), await(wanted.fetched()),
                    "fetched from the new incarnation before the retrieval timeout");
        }
    }

    @Test
    void aPeerThatRejoinsIsSentTheWholeWantlistAtOnce() {
        try (TestCluster cluster = new TestCluster()) {
            Wanted wanted = wantedFromAHolderAboutToRestart(cluster, REJOIN_CONFIG, "held by the rejoining node only");
            TestCluster.Node holder = wanted.holder();
            await(wanted.oldIncarnation().unregister());
            wanted.fetcher().vertx().eventBus().publish(ClusterContract.LEFT, TestCluster.info(holder.peerId()), LOCAL);
            await(holder.vertx().deployVerticle(new BitswapVerticle(holder.peerId(), REJOIN_CONFIG, holder.routing(),
                    holder.registry())));
            wanted.fetcher().vertx().eventBus().publish(ClusterContract.JOINED, TestCluster.info(holder.peerId()), LOCAL);

            assertArrayEquals(wanted.block().data(), await(wanted.fetched()),
                    "asked again on the rejoin, long before the provider timeout of a minute");
        }
    }

    @Test
    void aPeerAnnouncedBeforeItsBitswapIsUpIsAskedAgainWhenItGreets() {
        try (TestCluster cluster = new TestCluster()) {
            Wanted wanted = wantedFromAHolderAboutToRestart(cluster, REJOIN_CONFIG,
                    "held by the node that is still starting");
            TestCluster.Node holder = wanted.holder();
            wanted.fetcher().vertx().eventBus().publish(ClusterContract.LEFT, TestCluster.info(holder.peerId()), LOCAL);
            wanted.fetcher().vertx().eventBus().publish(ClusterContract.JOINED, TestCluster.info(holder.peerId()), LOCAL);
            eventually(() -> wanted.oldIncarnationReceived().stream().anyMatch(BitswapMessage::fullWantlist),
                    "the wantlist resent on the join reaches an endpoint that is not the new Bitswap, and is lost");
            await(wanted.oldIncarnation().unregister());
            holder.members().add(wanted.fetcher().peerId());
            await(holder.vertx().deployVerticle(new BitswapVerticle(holder.peerId(), REJOIN_CONFIG, holder.routing(),
                    holder.registry())));

            assertArrayEquals(wanted.block().data(), await(wanted.fetched()),
                    "the greeting of the new Bitswap brings the wantlist again, long before a minute");
        }
    }

    /** A pending fetch of a block only {@code holder} has, whose want went to an endpoint that never answers. */
    private record Wanted(TestCluster.Node fetcher, TestCluster.Node holder, Block block, Future<byte[]> fetched,
                          MessageConsumer<Buffer> oldIncarnation, List<BitswapMessage> oldIncarnationReceived) {
    }

    /**
     * The fetcher wants a block only the holder has, from the holder's old Bitswap endpoint, which takes
     * messages and never answers. With {@link #REJOIN_CONFIG}'s provider timeout of a minute the want does not
     * move on its own within the retrieval timeout.
     */
    private Wanted wantedFromAHolderAboutToRestart(TestCluster cluster, BitswapConfig config, String text) {
        TestCluster.Node fetcher = cluster.start(repos.resolve("fetcher"), config);
        TestCluster.Node holder = cluster.startBare();
        await(holder.vertx().deployVerticle(new BlockStoreVerticle(new BlockStoreConfig(repos.resolve("holder"), false, true, 4),
                holder.registry(), DagLinks::links)));
        byte[] data = (text + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        Block block = new Block(Cid.of(Multicodec.RAW, Multicodec.SHA2_256, data), data);
        await(holder.blocks().put(block));
        List<BitswapMessage> received = new CopyOnWriteArrayList<>();
        MessageConsumer<Buffer> oldIncarnation = holder.vertx().eventBus().consumer(
                BitswapContract.peerAddress(holder.peerId()),
                message -> received.add(BitswapMessageCodec.decode(message.body().getBytes())));
        await(oldIncarnation.completion());
        fetcher.members().add(holder.peerId());
        Future<byte[]> fetched = fetcher.exchange().fetch(block.cid());
        eventually(() -> await(fetcher.exchange().wantlist(null)).contains(block.cid()), "the fetcher wants the block");
        return new Wanted(fetcher, holder, block, fetched, oldIncarnation, received);
    }

    private static void eventually(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not reached within 30 s: " + what);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
