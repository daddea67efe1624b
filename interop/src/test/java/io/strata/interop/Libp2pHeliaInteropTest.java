package io.strata.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.bitswap.verticle.BitswapConfig;
import io.strata.bitswap.verticle.BitswapExchange;
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
import io.strata.dht.DhtClient;
import io.strata.dht.DhtVerticle;
import io.strata.ipld.Block;
import io.strata.ipld.DagLinks;
import io.strata.ipld.IpldException;
import io.strata.ipld.unixfs.ImportOptions;
import io.strata.ipld.unixfs.ImportedNode;
import io.strata.ipld.unixfs.UnixFsExporter;
import io.strata.ipld.unixfs.UnixFsImporter;
import io.strata.libp2p.verticle.ConnectedPeersRouting;
import io.strata.libp2p.verticle.Libp2pConfig;
import io.strata.libp2p.verticle.Libp2pVerticle;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multiaddr;
import io.strata.multiformats.Multicodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Strata and a real Helia node (TCP, Noise, Yamux, Identify, Ping, Bitswap) exchange UnixFS files over
 * libp2p on loopback, each direction verified end to end: Helia checks every block against its CID and the
 * file's SHA-256 is compared with the original's. Helia's Kademlia DHT (client mode) finds us as a provider.
 */
class Libp2pHeliaInteropTest {

    private static final int FILE_SIZE = 5 * 1024 * 1024 + 12_345;

    @TempDir
    Path repo;

    private final SecureRandom random = new SecureRandom();
    private final NodeScripts scripts = NodeScripts.locate();
    private Vertx vertx;
    private NodeIdentity identity;
    private Libp2pVerticle swarm;
    private BlockStoreClient blocks;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void startStrata() throws Exception {
        vertx = Vertx.vertx();
        LocalObjectCodec.registerOn(vertx);
        identity = new NodeIdentity(Ed25519PrivateKey.generate(random));
        DeliveryOptions local = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME);
        // The DHT hands out our addresses from the membership's self record: here, the swarm's address.
        vertx.eventBus().localConsumer(ClusterContract.SELF, message -> message.reply(new PeerInfo(identity.peerId(),
                swarm.port() > 0 ? List.of(swarmAddress()) : List.of(), Map.of()), local));
        vertx.eventBus().localConsumer(ClusterContract.PEERS, message -> message.reply(List.of(), local));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        await(vertx.deployVerticle(new BlockStoreVerticle(new BlockStoreConfig(repo, false, true, 2), registry, DagLinks::links)));
        swarm = new Libp2pVerticle(identity, new Libp2pConfig("127.0.0.1", 0, 10_000, 64));
        await(vertx.deployVerticle(swarm));
        await(vertx.deployVerticle(new BitswapVerticle(identity.peerId(), BitswapConfig.defaults(),
                new ConnectedPeersRouting(ProviderRouting.none(), swarm::connectedPeers), registry)));
        blocks = new BlockStoreClient(vertx);
        this.registry = registry;
    }

    private String swarmAddress() {
        return "/ip4/127.0.0.1/tcp/" + swarm.port();
    }

    @AfterEach
    void stopStrata() throws Exception {
        await(vertx.close());
    }

    @Test
    void heliaDialsUsAndFetchesAFileWeAdded() throws Exception {
        byte[] content = new byte[FILE_SIZE];
        random.nextBytes(content);
        List<Block> imported = new ArrayList<>();
        ImportedNode root = new UnixFsImporter(ImportOptions.defaults()).importBytes(content, imported::add);
        await(blocks.putAll(imported));

        ObjectNode request = NodeScripts.json().createObjectNode()
                .put("mode", "fetch")
                .put("peer", swarmAddress() + "/p2p/" + identity.peerId().toBase58())
                .put("cid", root.cid().toString())
                .put("timeoutMs", 90_000);
        JsonNode result = scripts.run("helia-peer", request, Duration.ofMinutes(3));

        assertEquals(content.length, result.get("bytes").asLong());
        assertEquals(sha256(content), result.get("sha256").asText());
        assertTrue(result.get("agentVersion").asText().startsWith("strata/"), result.toString());
        List<String> protocols = new ArrayList<>();
        result.get("protocols").forEach(protocol -> protocols.add(protocol.asText()));
        assertTrue(protocols.containsAll(List.of("/ipfs/bitswap/1.2.0", "/ipfs/id/1.0.0", "/ipfs/ping/1.0.0")), protocols.toString());
    }

    @Test
    void weDialHeliaAndFetchAFileItAdded() throws Exception {
        ObjectNode request = NodeScripts.json().createObjectNode().put("mode", "serve").put("size", FILE_SIZE);
        try (NodeScripts.Running helia = scripts.start("helia-peer", request)) {
            JsonNode served = helia.firstLine();
            Multiaddr address = Multiaddr.parse(served.get("peer").asText());
            await(swarm.dial(address));
            Cid root = Cid.parse(served.get("cid").asText());

            BitswapExchange exchange = new BitswapExchange(vertx, Duration.ofSeconds(60), Duration.ofSeconds(60));
            UnixFsExporter exporter = new UnixFsExporter(cid -> {
                try {
                    return await(blocks.get(cid).recover(missing -> exchange.fetch(cid)));
                } catch (Exception e) {
                    throw new IpldException(IpldException.Code.BLOCK_NOT_FOUND, "cannot fetch " + cid + ": " + e);
                }
            });
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long size = 0;
            try (InputStream in = exporter.open(root)) {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                    size += n;
                }
            }
            assertEquals(FILE_SIZE, size);
            assertEquals(served.get("sha256").asText(), HexFormat.of().formatHex(digest.digest()));
            JsonNode finished = helia.finish(Duration.ofSeconds(30));
            assertTrue(finished.get("connected").toString().contains(identity.peerId().toBase58()), finished.toString());
        }
    }

    @Test
    void heliaFindsUsAsProviderThroughItsDht() throws Exception {
        await(vertx.deployVerticle(new DhtVerticle(Map.of(), registry)));
        byte[] data = new byte[1000];
        random.nextBytes(data);
        Cid cid = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, data);
        await(blocks.put(new Block(cid, data)));
        await(new DhtClient(vertx).provide(cid));

        ObjectNode request = NodeScripts.json().createObjectNode()
                .put("mode", "findProviders")
                .put("peer", swarmAddress() + "/p2p/" + identity.peerId().toBase58())
                .put("cid", cid.toString())
                .put("timeoutMs", 60_000);
        JsonNode result = scripts.run("helia-peer", request, Duration.ofMinutes(2));

        JsonNode provider = result.get("providers").get(0);
        assertEquals(identity.peerId().toBase58(), provider.get("id").asText(), result.toString());
        assertTrue(provider.get("multiaddrs").toString().contains(swarmAddress()), result.toString());
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
}
