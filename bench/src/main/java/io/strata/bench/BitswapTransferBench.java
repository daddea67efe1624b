package io.strata.bench;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.bitswap.verticle.BitswapConfig;
import io.strata.bitswap.verticle.BitswapContract.BitswapStat;
import io.strata.bitswap.verticle.BitswapExchange;
import io.strata.bitswap.verticle.BitswapVerticle;
import io.strata.bitswap.verticle.ProviderRouting;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.BlockStoreConfig;
import io.strata.blockstore.verticle.BlockStoreVerticle;
import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.cluster.ClusterContract;
import io.strata.cluster.PeerInfo;
import io.strata.ipld.Block;
import io.strata.ipld.BlockSink;
import io.strata.ipld.DagLinks;
import io.strata.ipld.unixfs.ImportOptions;
import io.strata.ipld.unixfs.ImportedNode;
import io.strata.ipld.unixfs.UnixFsImporter;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.PeerId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Moves a UnixFS DAG between two clustered Vert.x instances in one JVM through Bitswap and prints MB/s
 * (1 MB = 10^6 bytes). Node A imports SIZE_MIB of random bytes into its block store (RocksDB in a temporary
 * directory); node B, knowing only the root, reads the DAG level by level as a reader with read-ahead does:
 * a want hint for the whole level, then a fetch per block. The clock covers B's reads only.
 *
 * <p>Usage: {@code bench/scripts/bitswap-transfer.sh [SIZE_MIB]} (default 256).
 */
public final class BitswapTransferBench {

    /** Held so the level set below is not lost with a collected logger. */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    private record Node(Vertx vertx, PeerId peerId, BlockStoreClient blocks, BitswapExchange exchange) {
    }

    public static void main(String[] args) throws Exception {
        int sizeMib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        HAZELCAST_LOG.setLevel(Level.WARNING);
        Path work = Files.createTempDirectory("strata-bitswap-bench");
        String clusterName = "strata-bitswap-bench-" + UUID.randomUUID();
        List<Vertx> started = new ArrayList<>();
        try {
            Node a = start(clusterName, work.resolve("a"), started);
            Node b = start(clusterName, work.resolve("b"), started);
            announce(a, b);
            announce(b, a);

            long bytes = (long) sizeMib * 1024 * 1024;
            long importStart = System.nanoTime();
            ImportedNode root = importRandom(a, bytes);
            System.out.printf("imported %d MiB on A in %.1f s, root %s%n", sizeMib,
                    (System.nanoTime() - importStart) / 1e9, root.cid());

            byte[] warmUp = "opens the event-bus connection between the nodes before the clock starts".getBytes();
            Block probe = new Block(Cid.of(Multicodec.RAW, Multicodec.SHA2_256, warmUp), warmUp);
            await(a.blocks().put(probe));
            await(b.exchange().fetch(probe.cid()));

            long fetchStart = System.nanoTime();
            long[] fetched = fetchDag(b, root.cid());
            double seconds = (System.nanoTime() - fetchStart) / 1e9;
            BitswapStat stat = await(b.exchange().stat());
            System.out.printf("fetched %d blocks, %d bytes of blocks (%d MiB file) on B in %.2f s: %.1f MB/s%n",
                    fetched[0], fetched[1], sizeMib, seconds, fetched[1] / seconds / 1e6);
            System.out.printf("B: blocks received %d, duplicates %d, messages received %d%n",
                    stat.blocksReceived(), stat.dupBlksReceived(), stat.messagesReceived());
        } finally {
            for (Vertx vertx : started) {
                vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS)
                        .exceptionally(failure -> null).join();
            }
            try (Stream<Path> paths = Files.walk(work)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Reads every block of the DAG under {@code root} on {@code node}; answers {blocks, bytes}. */
    private static long[] fetchDag(Node node, Cid root) {
        long blocks = 0;
        long bytes = 0;
        List<Cid> level = List.of(root);
        while (!level.isEmpty()) {
            await(node.exchange().want(level));
            List<Cid> next = new ArrayList<>();
            for (Cid cid : level) {
                byte[] data = await(node.exchange().fetch(cid));
                blocks++;
                bytes += data.length;
                next.addAll(DagLinks.links(cid, data));
            }
            level = next;
        }
        return new long[] {blocks, bytes};
    }

    private static ImportedNode importRandom(Node node, long bytes) throws IOException {
        Random random = new Random(42);
        InputStream content = new InputStream() {
            long remaining = bytes;

            @Override
            public int read() {
                return remaining-- > 0 ? random.nextInt(256) : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (remaining <= 0) {
                    return -1;
                }
                int count = (int) Math.min(length, remaining);
                byte[] chunk = new byte[count];
                random.nextBytes(chunk);
                System.arraycopy(chunk, 0, buffer, offset, count);
                remaining -= count;
                return count;
            }
        };
        List<Block> batch = new ArrayList<>();
        BlockSink sink = new BlockSink() {
            @Override
            public void put(Block block) {
                batch.add(block);
                if (batch.size() >= 64) {
                    flush();
                }
            }

            @Override
            public void flush() {
                if (!batch.isEmpty()) {
                    await(node.blocks().putAll(List.copyOf(batch)));
                    batch.clear();
                }
            }
        };
        ImportedNode root = new UnixFsImporter(ImportOptions.defaults()).importFile(content, sink);
        sink.flush();
        return root;
    }

    private static Node start(String clusterName, Path repo, List<Vertx> started) {
        Vertx vertx = await(Vertx.builder()
                .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0)))
                .withClusterManager(new HazelcastClusterManager(hazelcastConfig(clusterName)))
                .buildClustered());
        started.add(vertx);
        LocalObjectCodec.registerOn(vertx);
        PeerId peerId = randomPeerId();
        List<PeerInfo> members = new java.util.concurrent.CopyOnWriteArrayList<>();
        DeliveryOptions local = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME);
        vertx.eventBus().localConsumer(ClusterContract.PEERS, message -> message.reply(List.copyOf(members), local));
        vertx.eventBus().localConsumer(ClusterContract.JOINED, message -> members.add((PeerInfo) message.body()));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        await(vertx.deployVerticle(new BlockStoreVerticle(new BlockStoreConfig(repo, false, true, 4), registry, DagLinks::links)));
        await(vertx.deployVerticle(new BitswapVerticle(peerId, BitswapConfig.defaults(), ProviderRouting.none(), registry)));
        return new Node(vertx, peerId, new BlockStoreClient(vertx), new BitswapExchange(vertx));
    }

    /** Tells {@code node}'s membership (and Bitswap) that {@code other} joined. */
    private static void announce(Node node, Node other) {
        node.vertx().eventBus().publish(ClusterContract.JOINED, new PeerInfo(other.peerId(), List.of(), Map.of()),
                new DeliveryOptions().setCodecName(LocalObjectCodec.NAME));
    }

    private static PeerId randomPeerId() {
        byte[] key = new byte[36];
        new SecureRandom().nextBytes(key);
        key[0] = 0x08;
        key[1] = 0x01;
        key[2] = 0x12;
        key[3] = 0x20;
        return PeerId.fromPublicKey(key);
    }

    private static Config hazelcastConfig(String clusterName) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.logging.type", "jdk");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(23_700).setPortAutoIncrement(true).setPortCount(10);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:23700").addMember("127.0.0.1:23701");
        return config;
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
