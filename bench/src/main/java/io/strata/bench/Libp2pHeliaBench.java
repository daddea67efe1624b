package io.strata.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.bitswap.verticle.BitswapConfig;
import io.strata.bitswap.verticle.BitswapVerticle;
import io.strata.bitswap.verticle.ProviderRouting;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.BlockStoreConfig;
import io.strata.blockstore.verticle.BlockStoreVerticle;
import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.cluster.ClusterContract;
import io.strata.cluster.PeerInfo;
import io.strata.crypto.Ed25519PrivateKey;
import io.strata.crypto.NodeIdentity;
import io.strata.ipld.Block;
import io.strata.ipld.DagLinks;
import io.strata.ipld.unixfs.ImportOptions;
import io.strata.ipld.unixfs.ImportedNode;
import io.strata.ipld.unixfs.UnixFsImporter;
import io.strata.libp2p.verticle.ConnectedPeersRouting;
import io.strata.libp2p.verticle.Libp2pConfig;
import io.strata.libp2p.verticle.Libp2pVerticle;
import io.strata.multiformats.Cid;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Bitswap over libp2p on loopback, side by side: Helia nodes (Node.js, TCP + Noise + Yamux) read the same UnixFS
 * file of SIZE_MIB random bytes from a Strata node and from a Helia node, and the MB/s of each (1 MB = 10^6 bytes)
 * are printed. Both servers hold the very same DAG (the bench checks that the two roots are one CID), built with
 * Helia's import defaults (CIDv1, 1 MiB raw leaves) or, with LAYOUT {@code kubo}, with Kubo's (CIDv0, 256 KiB
 * UnixFS leaves, four times the blocks).
 *
 * <p>Each server first serves {@value #WARMUP_ROUNDS} untimed reads, so the figures are those of a running node rather
 * than of a JVM that has never run its Noise, Yamux and Bitswap code (the first 32 MiB a fresh JVM serves cost it three
 * to four times the CPU of later ones). Then ROUNDS timed rounds follow (default {@value #TIMED_ROUNDS}), each reading
 * from Strata and then from Helia, so both feel the same load on a shared machine; each round prints both rates, their
 * ratio, and the CPU time the server and the reading Helia spent (on a busy machine the CPU time is the steadier
 * measure). The clock covers Helia's read of the file only (Helia verifies every block), not start-up, dialing or the
 * import; every read is by a new Helia node. Then come the median rounds, the rates over all timed rounds together
 * (steadier than medians when single rounds scatter by 20%), and the reading Helias' CPU over all timed rounds, per
 * server: the reader is the bottleneck (its CPU about equals the read time), so what a server costs its reader decides
 * the rate. Needs {@code npm ci} in interop/ (Helia and Node 22 come from there).
 *
 * <p>Usage: {@code bench/scripts/libp2p-helia.sh [SIZE_MIB] [LAYOUT] [ROUNDS]} (default 64, {@code helia}, 5).
 */
public final class Libp2pHeliaBench {

    static final int WARMUP_ROUNDS = 3;
    static final int TIMED_ROUNDS = 5;

    private Libp2pHeliaBench() {
    }

    public static void main(String[] args) throws Exception {
        int sizeMib = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        Path interop = Path.of(args.length > 1 ? args[1] : "interop").toAbsolutePath();
        String layout = args.length > 2 ? args[2] : "helia";
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : TIMED_ROUNDS;
        if (!layout.equals("helia") && !layout.equals("kubo")) {
            throw new IllegalArgumentException("LAYOUT is helia or kubo, not " + layout);
        }
        Path node = interop.resolve("node_modules/.bin/node");
        if (!Files.isExecutable(node)) {
            throw new IllegalStateException(node + " is missing: run `npm ci` in " + interop);
        }
        byte[] content = new byte[sizeMib << 20];
        new Random(42).nextBytes(content);
        Path file = Files.createTempFile("strata-libp2p-bench", ".bin");
        Files.write(file, content);
        Vertx vertx = Vertx.vertx();
        try (HeliaServer helia = HeliaServer.start(node, interop, file, layout)) {
            Strata strata = Strata.start(vertx, content, layout);
            if (!strata.root().equals(helia.root())) {
                throw new IllegalStateException("Strata's DAG (" + strata.root() + ") is not Helia's (" + helia.root() + ")");
            }
            Fetcher fetcher = new Fetcher(node, interop, content.length);
            for (int round = 0; round < WARMUP_ROUNDS; round++) {
                fetcher.fetch(strata.address(), strata.root());
                fetcher.fetch(helia.address(), helia.root());
            }
            double[] fromStrata = new double[rounds];
            double[] fromHelia = new double[rounds];
            double readerCpuFromStrata = 0;
            double readerCpuFromHelia = 0;
            for (int round = 0; round < rounds; round++) {
                long strataCpu = processCpuMillis();
                Fetched strataRead = fetcher.fetch(strata.address(), strata.root());
                strataCpu = processCpuMillis() - strataCpu;
                double heliaCpu = helia.cpuMillis();
                Fetched heliaRead = fetcher.fetch(helia.address(), helia.root());
                heliaCpu = helia.cpuMillis() - heliaCpu;
                fromStrata[round] = strataRead.elapsedMs();
                fromHelia[round] = heliaRead.elapsedMs();
                readerCpuFromStrata += strataRead.cpuMs();
                readerCpuFromHelia += heliaRead.cpuMs();
                System.out.printf("round %d: Helia <- Strata %.1f MB/s (server CPU %d ms, reader CPU %.0f ms), "
                                + "Helia <- Helia %.1f MB/s (server CPU %.0f ms, reader CPU %.0f ms), Strata/Helia %.2f%n",
                        round + 1, rate(content.length, strataRead.elapsedMs()), strataCpu, strataRead.cpuMs(),
                        rate(content.length, heliaRead.elapsedMs()), heliaCpu, heliaRead.cpuMs(),
                        heliaRead.elapsedMs() / strataRead.elapsedMs());
            }
            double strataMs = median(fromStrata);
            double heliaMs = median(fromHelia);
            System.out.printf("Helia <- Strata: %d MiB (%s layout) in %.0f ms, %.1f MB/s%n", sizeMib, layout, strataMs,
                    rate(content.length, strataMs));
            System.out.printf("Helia <- Helia:  %d MiB (%s layout) in %.0f ms, %.1f MB/s%n", sizeMib, layout, heliaMs,
                    rate(content.length, heliaMs));
            double strataTotalMs = Arrays.stream(fromStrata).sum();
            double heliaTotalMs = Arrays.stream(fromHelia).sum();
            System.out.printf("All %d timed rounds: Helia <- Strata %.1f MB/s, Helia <- Helia %.1f MB/s (%.3f)%n", rounds,
                    rate(content.length * (long) rounds, strataTotalMs), rate(content.length * (long) rounds, heliaTotalMs),
                    heliaTotalMs / strataTotalMs);
            System.out.printf("Reader CPU over the timed rounds: %.0f ms reading from Strata, %.0f ms from Helia (%.3f)%n",
                    readerCpuFromStrata, readerCpuFromHelia, readerCpuFromStrata / readerCpuFromHelia);
        } finally {
            await(vertx.close());
            Files.deleteIfExists(file);
        }
        System.exit(0);
    }

    /** Helia's import defaults, or Kubo's; the Node side builds the same DAG from the same bytes. */
    private static ImportOptions importOptions(String layout) {
        return layout.equals("kubo") ? ImportOptions.defaults()
                : ImportOptions.defaults().withCidVersion(1).withRawLeaves(true).withChunkSize(1 << 20).withMaxLinks(1024);
    }

    private static double rate(long bytes, double millis) {
        return bytes / millis / 1000;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** CPU time of this JVM (every thread: event loops, workers, JIT, GC), so the Strata node's share. */
    private static long processCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    /** A Strata node in this JVM (block store, libp2p swarm, Bitswap) holding the file. */
    private record Strata(String address, Cid root) {

        static Strata start(Vertx vertx, byte[] content, String layout) throws Exception {
            Path repo = Files.createTempDirectory("strata-libp2p-bench");
            LocalObjectCodec.registerOn(vertx);
            NodeIdentity identity = new NodeIdentity(Ed25519PrivateKey.generate(new SecureRandom()));
            DeliveryOptions local = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME);
            vertx.eventBus().localConsumer(ClusterContract.SELF,
                    message -> message.reply(new PeerInfo(identity.peerId(), List.of(), Map.of()), local));
            vertx.eventBus().localConsumer(ClusterContract.PEERS, message -> message.reply(List.of(), local));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            await(vertx.deployVerticle(new BlockStoreVerticle(new BlockStoreConfig(repo, false, true, 2), registry, DagLinks::links)));
            Libp2pVerticle swarm = new Libp2pVerticle(identity, new Libp2pConfig("127.0.0.1", 0, 10_000, 64));
            await(vertx.deployVerticle(swarm));
            await(vertx.deployVerticle(new BitswapVerticle(identity.peerId(), BitswapConfig.defaults(),
                    new ConnectedPeersRouting(ProviderRouting.none(), swarm::connectedPeers), registry)));

            List<Block> imported = new ArrayList<>();
            ImportedNode root = new UnixFsImporter(importOptions(layout)).importBytes(content, imported::add);
            BlockStoreClient blocks = new BlockStoreClient(vertx);
            for (int start = 0; start < imported.size(); start += 64) {
                await(blocks.putAll(imported.subList(start, Math.min(imported.size(), start + 64))));
            }
            return new Strata("/ip4/127.0.0.1/tcp/" + swarm.port() + "/p2p/" + identity.peerId().toBase58(), root.cid());
        }
    }

    /** A Helia node in its own Node.js process holding the file; it reports its CPU time when asked. */
    private static final class HeliaServer implements AutoCloseable {
        private final Process process;
        private final OutputStream stdin;
        private final BufferedReader stdout;
        private final String address;
        private final Cid root;

        private HeliaServer(Process process) throws IOException {
            this.process = process;
            this.stdin = process.getOutputStream();
            this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            JsonObject served = new JsonObject(readLine());
            this.address = served.getString("peer");
            this.root = Cid.parse(served.getString("cid"));
        }

        static HeliaServer start(Path node, Path interop, Path file, String layout) throws IOException {
            Process process = new ProcessBuilder(node.toString(), interop.resolve("js/helia-peer.mjs").toString())
                    .directory(interop.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            JsonObject request = new JsonObject().put("mode", "serve").put("file", file.toString()).put("layout", layout);
            process.getOutputStream().write((request.encode() + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
            return new HeliaServer(process);
        }

        String address() {
            return address;
        }

        Cid root() {
            return root;
        }

        /** The CPU time the Helia process has spent since it began serving. */
        double cpuMillis() throws IOException {
            stdin.write("{}\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            return new JsonObject(readLine()).getDouble("cpuMs");
        }

        private String readLine() throws IOException {
            String line = stdout.readLine();
            if (line == null) {
                throw new IllegalStateException("the serving Helia node exited");
            }
            return line;
        }

        @Override
        public void close() throws Exception {
            stdin.close();
            stdout.lines().collect(Collectors.joining());
            process.waitFor(30, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }

    private record Fetched(double elapsedMs, double cpuMs) {
    }

    /** Runs one Helia node per read, which dials the server, reads the file and checks its size. */
    private record Fetcher(Path node, Path interop, long size) {

        Fetched fetch(String address, Cid root) throws IOException, InterruptedException {
            JsonObject request = new JsonObject().put("mode", "fetch").put("peer", address)
                    .put("cid", root.toString()).put("timeoutMs", 600_000);
            Process client = new ProcessBuilder(node.toString(), interop.resolve("js/helia-peer.mjs").toString())
                    .directory(interop.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (OutputStream stdin = client.getOutputStream()) {
                stdin.write(request.encode().getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (client.waitFor() != 0) {
                throw new IllegalStateException("Helia's fetch failed (exit " + client.exitValue() + ")");
            }
            JsonObject result = new JsonObject(output);
            if (result.getLong("bytes") != size) {
                throw new IllegalStateException("Helia read " + result.getLong("bytes") + " bytes, not " + size);
            }
            return new Fetched(result.getDouble("elapsedMs"), result.getDouble("cpuMs"));
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    }
}
