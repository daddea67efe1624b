package io.strata.blockstore.verticle;

import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The client's side of the contract, against hand-written consumers (no store involved). */
@ExtendWith(VertxExtension.class)
class BlockStoreClientTest {

    private static final byte[] DATA = "hello".getBytes(StandardCharsets.UTF_8);
    private static final Cid CID = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, DATA);

    @Test
    void passesBlocksByReference(Vertx vertx, VertxTestContext test) {
        Block block = new Block(CID, DATA);
        LocalObjectCodec.registerOn(vertx);
        vertx.eventBus().<Block>localConsumer(BlockStoreContract.PUT, message -> {
            test.verify(() -> assertSame(block, message.body()));
            message.reply(null);
        }).completion()
                .compose(registered -> new BlockStoreClient(vertx).put(block))
                .onComplete(test.succeedingThenComplete());
    }

    @Test
    void mapsFailureCodesToErrors(Vertx vertx, VertxTestContext test) {
        vertx.eventBus().<Cid>localConsumer(BlockStoreContract.GET,
                message -> message.fail(BlockStoreError.NOT_FOUND.failureCode(), "block not found: " + message.body()))
                .completion()
                .compose(registered -> new BlockStoreClient(vertx).get(CID))
                .onComplete(test.failing(failure -> test.verify(() -> {
                    BlockStoreClientException error = assertInstanceOf(BlockStoreClientException.class, failure);
                    assertEquals(BlockStoreError.NOT_FOUND, error.error());
                    assertEquals("block not found: " + CID, error.getMessage());
                    test.completeNow();
                })));
    }

    @Test
    void reportsUnavailableWithoutAStore(Vertx vertx, VertxTestContext test) {
        new BlockStoreClient(vertx).has(CID).onComplete(test.failing(failure -> test.verify(() -> {
            assertEquals(BlockStoreError.UNAVAILABLE, assertInstanceOf(BlockStoreClientException.class, failure).error());
            test.completeNow();
        })));
    }

    @Test
    void failureCodesAreDistinct() {
        for (BlockStoreError error : BlockStoreError.values()) {
            assertEquals(error, BlockStoreError.byFailureCode(error.failureCode()).orElseThrow());
        }
    }
}
