package io.strata.node;

import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The child process of {@link SigkillDurabilityTest}: starts a node on the repository given as argument and
 * puts blocks forever, printing each CID once the store has acknowledged it.
 */
public final class BlockWriterProcess {

    public static void main(String[] args) throws Exception {
        NodeConfig config = NodeConfig.load(Optional.empty(), Map.of(), Map.of("repo", args[0],
                "api.port", args[1], "metrics.enabled", "false"));
        StrataNode node = StrataNode.start(config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        BlockStoreClient client = new BlockStoreClient(node.vertx());
        System.out.println("READY");
        System.out.flush();
        for (long i = 0; ; i++) {
            byte[] data = ByteBuffer.allocate(4096).putLong(i).putLong(System.nanoTime()).array();
            Block block = new Block(Cid.of(Multicodec.RAW, Multicodec.SHA2_256, data), data);
            client.put(block).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            System.out.println(block.cid());
            System.out.flush();
        }
    }

    private BlockWriterProcess() {
    }
}
