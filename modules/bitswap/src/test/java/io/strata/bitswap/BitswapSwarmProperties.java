package io.strata.bitswap;

import io.strata.ipld.unixfs.ImportOptions;
import io.strata.ipld.unixfs.Layout;
import io.strata.ipld.unixfs.UnixFsImporter;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.PeerId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static io.strata.bitswap.TestPeers.peer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever mix of honest, silent, empty and lying providers a client meets, as long as one is honest it
 * ends with exactly the DAG's blocks and stores nothing else.
 */
class BitswapSwarmProperties {

    enum Behaviour { HONEST, SILENT, EMPTY, LIAR }

    private static final long TIMEOUT = 100;

    @Property(tries = 40)
    void oneHonestProviderIsEnough(@ForAll("others") List<Behaviour> others,
                                   @ForAll @IntRange(min = 0, max = 4) int honestPosition,
                                   @ForAll @IntRange(min = 1, max = 9_000) int fileSize,
                                   @ForAll long seed) {
        byte[] file = new byte[fileSize];
        new Random(seed).nextBytes(file);
        Map<Cid, byte[]> source = new HashMap<>();
        Cid root = new UnixFsImporter(new ImportOptions(1, true, 512, Layout.BALANCED, 3, Multicodec.SHA2_256,
                false, 32, 262_144)).importBytes(file, block -> source.put(block.cid(), block.data())).cid();
        Map<Cid, byte[]> lies = new HashMap<>();
        source.forEach((cid, data) -> {
            byte[] copy = data.clone();
            copy[0] ^= 1;
            lies.put(cid, copy);
        });

        InMemoryBitswapNetwork network = new InMemoryBitswapNetwork();
        long[] now = {0};
        List<Behaviour> behaviours = new java.util.ArrayList<>(others);
        behaviours.add(Math.min(honestPosition, behaviours.size()), Behaviour.HONEST);
        PeerId clientId = peer("client");
        Map<Cid, byte[]> fetched = new HashMap<>();
        BitswapClient client = new BitswapClient(network.endpoint(clientId),
                block -> fetched.put(block.cid(), block.data()), new BitswapClient.Config(TIMEOUT, 1, true, 8));
        network.register(clientId, (from, message) -> client.receive(from, message, now[0]));
        for (int i = 0; i < behaviours.size(); i++) {
            PeerId id = peer("provider-" + i);
            Map<Cid, byte[]> blocks = switch (behaviours.get(i)) {
                case HONEST -> source;
                case LIAR -> lies;
                case EMPTY, SILENT -> Map.of();
            };
            if (behaviours.get(i) != Behaviour.SILENT) {
                BitswapServer server = new BitswapServer(cid -> Optional.ofNullable(blocks.get(cid)),
                        network.endpoint(id), BitswapServer.Config.defaults());
                network.register(id, (from, message) -> {
                    server.receive(from, message);
                    server.serve();
                });
            }
            client.addProvider(id, now[0]);
        }

        client.want(List.of(root), now[0]);
        network.deliverAll();
        for (int round = 0; round < 500 && !client.isComplete(); round++) {
            now[0] += TIMEOUT;
            client.tick(now[0]);
            network.deliverAll();
        }

        assertTrue(client.isComplete(), "fetch finished with providers " + behaviours);
        assertEquals(source.keySet(), fetched.keySet());
        source.forEach((cid, data) -> assertArrayEquals(data, fetched.get(cid)));
        assertEquals(source.size(), client.stats().blocksReceived());
    }

    @Provide
    Arbitrary<List<Behaviour>> others() {
        return Arbitraries.of(Behaviour.class).list().ofMaxSize(4);
    }
}
