package io.strata.blockstore.verticle;

import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Announced reads on a clustered node, against a hand-written store consumer and network side. */
@ExtendWith(VertxExtension.class)
class BlockReadAheadTest {

    private static final byte[] DATA = "announced".getBytes(StandardCharsets.UTF_8);
    private static final Cid CID = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, DATA);

    private final AtomicInteger storeReads = new AtomicInteger();

    @Test
    void anAnnouncedBlockTheNetworkSideHoldsIsNotReadFromTheStore(Vertx vertx, VertxTestContext test) {
        storeAnswering(vertx, true).compose(registered -> {
            BlockReadAhead reads = new BlockReadAhead(new BlockStoreClient(vertx), remote(cid -> Future.succeededFuture(DATA)));
            reads.prefetch(List.of(CID));
            return reads.get(CID);
        }).onComplete(test.succeeding(data -> test.verify(() -> {
            assertSame(DATA, data);
            assertEquals(0, storeReads.get());
            test.completeNow();
        })));
    }

    @Test
    void theStoreAnswersWhenTheNetworkSideFails(Vertx vertx, VertxTestContext test) {
        storeAnswering(vertx, true).compose(registered -> {
            BlockReadAhead reads = new BlockReadAhead(new BlockStoreClient(vertx), remote(cid -> Future.failedFuture(
                    new BlockStoreClientException(BlockStoreError.UNAVAILABLE, "the network side is not running"))));
            reads.prefetch(List.of(CID));
            return reads.get(CID);
        }).onComplete(test.succeeding(data -> test.verify(() -> {
            assertArrayEquals(DATA, data);
            assertEquals(1, storeReads.get());
            test.completeNow();
        })));
    }

    @Test
    void aBlockFoundNowhereFailsAsTheNetworkSideDid(Vertx vertx, VertxTestContext test) {
        BlockRetrievalException timedOut = new BlockRetrievalException(CID, "no node delivered it", null);
        storeAnswering(vertx, false).compose(registered -> {
            BlockReadAhead reads = new BlockReadAhead(new BlockStoreClient(vertx), remote(cid -> Future.failedFuture(timedOut)));
            reads.prefetch(List.of(CID));
            return reads.get(CID);
        }).onComplete(test.failing(failure -> test.verify(() -> {
            assertSame(timedOut, failure);
            test.completeNow();
        })));
    }

    private Future<Void> storeAnswering(Vertx vertx, boolean holdsTheBlock) {
        LocalObjectCodec.registerOn(vertx);
        return vertx.eventBus().<Cid>localConsumer(BlockStoreContract.GET, message -> {
            storeReads.incrementAndGet();
            if (holdsTheBlock && message.body().equals(CID)) {
                message.reply(DATA, new DeliveryOptions().setCodecName(LocalObjectCodec.NAME));
            } else {
                message.fail(BlockStoreError.NOT_FOUND.failureCode(), "block not found: " + message.body());
            }
        }).completion();
    }

    private static RemoteBlocks remote(Function<Cid, Future<byte[]>> fetch) {
        return new RemoteBlocks() {
            @Override
            public Future<byte[]> fetch(Cid cid) {
                return fetch.apply(cid);
            }

            @Override
            public void want(List<Cid> cids) {
            }
        };
    }
}
