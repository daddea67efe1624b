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
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Bitswap over libp2p on loopback, side by side: a Helia node (Node.js, TCP + Noise + Yamux) reads a UnixFS
 * file of SIZE_MIB random bytes from Strata, then the same from another Helia node, and the MB/s of each
 * (1 MB = 10^6 bytes) are printed. The clock covers Helia's read of the file only (Helia verifies every block),
 * not start-up, dialing or the import. Needs {@code npm ci} in interop/ (Helia and Node 22 come from there).
 *
 * <p>Usage: {@code bench/scripts/libp2p-helia.sh [SIZE_MIB]} (default 64).
 */
public final class Libp2pHeliaBench {

    private Libp2pHeliaBench() {
    }

    public static void main(String[] args) throws Exception {
        int sizeMib = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        Path interop = Path.of(args.length > 1 ? args[1] : "interop").toAbsolutePath();
        Path node = interop.resolve("node_modules/.bin/node");
        if (!Files.isExecutable(node)) {
            throw new IllegalStateException(node + " is missing: run `npm ci` in " + interop);
        }
        long bytes = (long) sizeMib << 20;
        double fromStrata = fromStrata(node, interop, (int) bytes);
        double fromHelia = fromHelia(node, interop, (int) bytes);
        System.out.printf("Helia <- Strata: %d MiB in %.0f ms, %.1f MB/s%n", sizeMib, fromStrata, bytes / fromStrata / 1000);
        System.out.printf("Helia <- Helia:  %d MiB in %.0f ms, %.1f MB/s%n", sizeMib, fromHelia, bytes / fromHelia / 1000);
        System.exit(0);
    }

    /** Milliseconds Helia took to read the file from a Strata node. */
    private static double fromStrata(Path node, Path interop, int size) throws Exception {
        Path repo = Files.createTempDirectory("strata-libp2p-bench");
        Vertx vertx = Vertx.vertx();
        try {
            LocalObjectCodec.registerOn(vertx);
            NodeIdentity identity = new NodeIdentity(Ed25519PrivateKey.generate(new SecureRandom()));
            DeliveryOptions local = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME);
            vertx.eventBus().localConsumer(ClusterContract.SELF,
                    message -> message.reply(new PeerInfo(identity.peerId(), List.of(), Map.of()), local));
            vertx.eventBus().localConsumer(ClusterContract.PEERS, message -> message.reply(List.of(), local));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            await(vertx.deployVerticle(new BlockStoreVerticle(new BlockStoreConfig(repo, false, 2), registry, DagLinks::links)));
            Libp2pVerticle swarm = new Libp2pVerticle(identity, new Libp2pConfig("127.0.0.1", 0, 10_000, 64));
            await(vertx.deployVerticle(swarm));
            await(vertx.deployVerticle(new BitswapVerticle(identity.peerId(), BitswapConfig.defaults(),
                    new ConnectedPeersRouting(ProviderRouting.none(), swarm::connectedPeers), registry)));

            byte[] content = new byte[size];
            new Random(42).nextBytes(content);
            List<Block> imported = new ArrayList<>();
            ImportedNode root = new UnixFsImporter(ImportOptions.defaults()).importBytes(content, imported::add);
            BlockStoreClient blocks = new BlockStoreClient(vertx);
            for (int start = 0; start < imported.size(); start += 64) {
                await(blocks.putAll(imported.subList(start, Math.min(imported.size(), start + 64))));
            }
            JsonObject request = new JsonObject().put("mode", "fetch")
                    .put("peer", "/ip4/127.0.0.1/tcp/" + swarm.port() + "/p2p/" + identity.peerId().toBase58())
                    .put("cid", root.cid().toString()).put("timeoutMs", 600_000);
            return fetch(node, interop, request, size);
        } finally {
            await(vertx.close());
        }
    }

    /** Milliseconds Helia took to read the file from another Helia node. */
    private static double fromHelia(Path node, Path interop, int size) throws Exception {
        Process server = new ProcessBuilder(node.toString(), interop.resolve("js/helia-peer.mjs").toString())
                .directory(interop.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream stdin = server.getOutputStream()) {
            stdin.write((new JsonObject().put("mode", "serve").put("size", size).encode() + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            BufferedReader stdout = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            JsonObject served = new JsonObject(stdout.readLine());
            JsonObject request = new JsonObject().put("mode", "fetch").put("peer", served.getString("peer"))
                    .put("cid", served.getString("cid")).put("timeoutMs", 600_000);
            return fetch(node, interop, request, size);
        } finally {
            server.waitFor(30, TimeUnit.SECONDS);
            server.destroyForcibly();
        }
    }

    private static double fetch(Path node, Path interop, JsonObject request, int size) throws IOException, InterruptedException {
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
        return result.getDouble("elapsedMs");
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    }
}
