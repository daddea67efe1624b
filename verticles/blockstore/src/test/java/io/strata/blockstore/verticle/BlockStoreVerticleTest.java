package io.strata.blockstore.verticle;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.blockstore.BlockStore;
import io.strata.blockstore.BlockStoreException;
import io.strata.blockstore.KeyPage;
import io.strata.blockstore.LinkExtractor;
import io.strata.blockstore.PinStatus;
import io.strata.blockstore.PinType;
import io.strata.ipld.Block;
import io.strata.ipld.dagpb.DagPb;
import io.strata.ipld.dagpb.PbLink;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class BlockStoreVerticleTest {

    private static final LinkExtractor DAG_PB_LINKS = (cid, data) -> cid.codec() == Multicodec.DAG_PB.code()
            ? DagPb.decode(data).links().stream().map(PbLink::hash).toList()
            : List.of();

    @TempDir
    Path repo;
    private SimpleMeterRegistry registry;
    private BlockStoreClient client;

    @BeforeEach
    void deploy(Vertx vertx, VertxTestContext test) {
        registry = new SimpleMeterRegistry();
        client = new BlockStoreClient(vertx);
        vertx.deployVerticle(verticle(registry)).onComplete(test.succeedingThenComplete());
    }

    private BlockStoreVerticle verticle(SimpleMeterRegistry meters) {
        return new BlockStoreVerticle(new BlockStoreConfig(repo.resolve("blocks"), true, true, 2), meters, DAG_PB_LINKS);
    }

    @Test
    void putsAndGetsThroughTheClient(VertxTestContext test) {
        Block block = raw("hello strata");
        client.put(block)
                .compose(done -> client.get(block.cid()))
                .compose(data -> {
                    test.verify(() -> assertArrayEquals(block.data(), data));
                    return client.has(block.cid());
                })
                .compose(has -> {
                    test.verify(() -> assertTrue(has));
                    return client.size(block.cid());
                })
                .compose(size -> {
                    test.verify(() -> assertEquals(block.size(), size));
                    return client.stat();
                })
                .onComplete(test.succeeding(stat -> test.verify(() -> {
                    assertEquals(1, stat.blocks());
                    assertEquals(block.size(), stat.bytes());
                    assertEquals(repo.resolve("blocks").toString(), stat.path());
                    assertEquals(1.0, registry.get("strata.blockstore.puts").counter().count());
                    assertEquals(block.size(), registry.get("strata.blockstore.written").counter().count());
                    assertEquals(1.0, registry.get("strata.blockstore.gets").tag("result", "hit").counter().count());
                    test.completeNow();
                })));
    }

    @Test
    void keysArePagedInMultihashOrder(Vertx vertx, VertxTestContext test) {
        List<Block> blocks = java.util.stream.IntStream.range(0, 7).mapToObj(i -> raw("page " + i)).toList();
        List<Cid> expected = blocks.stream().map(Block::cid)
                .sorted(java.util.Comparator.comparing(cid -> cid.multihash().bytes(), java.util.Arrays::compareUnsigned))
                .toList();
        assertThrows(IllegalArgumentException.class, () -> client.keys(null, 0));
        assertThrows(IllegalArgumentException.class, () -> client.keys(null, BlockStoreContract.MAX_KEYS_PAGE + 1));
        client.keys(null, 5)
                .compose(empty -> {
                    test.verify(() -> assertEquals(new KeyPage(List.of(), false), empty));
                    return client.putAll(blocks);
                })
                .compose(stored -> client.keys(null, 4))
                .compose(first -> {
                    test.verify(() -> assertEquals(new KeyPage(expected.subList(0, 4), true), first));
                    return client.keys(first.last().orElseThrow(), 3);
                })
                .compose(second -> {
                    test.verify(() -> assertEquals(new KeyPage(expected.subList(4, 7), false), second,
                            "the page that ends on the last block says nothing follows"));
                    return expectError(vertx.eventBus().request(BlockStoreContract.KEYS, "not a request",
                                    new io.vertx.core.eventbus.DeliveryOptions().setCodecName(LocalObjectCodec.NAME))
                            .recover(failure -> Future.failedFuture(
                                    BlockStoreClient.toClientException(BlockStoreContract.KEYS, failure))),
                            BlockStoreError.INVALID_REQUEST);
                })
                .onComplete(test.succeedingThenComplete());
    }

    @Test
    void missingBlocksFailWithNotFound(VertxTestContext test) {
        Cid missing = raw("never stored").cid();
        expectError(client.get(missing), BlockStoreError.NOT_FOUND)
                .compose(done -> expectError(client.size(missing), BlockStoreError.NOT_FOUND))
                .compose(done -> expectError(client.delete(missing), BlockStoreError.NOT_FOUND))
                .compose(done -> client.has(missing))
                .onComplete(test.succeeding(has -> test.verify(() -> {
                    assertFalse(has);
                    assertEquals(1.0, registry.get("strata.blockstore.gets").tag("result", "miss").counter().count());
                    test.completeNow();
                })));
    }

    @Test
    void oversizedBlocksFailWithBlockTooLarge(VertxTestContext test) {
        Block huge = raw(new byte[BlockStore.MAX_BLOCK_SIZE + 1]);
        expectError(client.put(huge), BlockStoreError.BLOCK_TOO_LARGE)
                .compose(done -> expectError(client.putAll(List.of(raw("small"), huge)), BlockStoreError.BLOCK_TOO_LARGE))
                .compose(done -> client.has(raw("small").cid()))
                .onComplete(test.succeeding(has -> test.verify(() -> {
                    assertFalse(has, "a batch with an oversized block stores nothing");
                    test.completeNow();
                })));
    }

    @Test
    void successfulPutsAnnounceTheirBlocksAndFailedOnesDoNot(Vertx vertx, VertxTestContext test) {
        Block single = raw("announced alone");
        Block first = raw("announced first");
        Block second = raw("announced second");
        Block huge = raw(new byte[BlockStore.MAX_BLOCK_SIZE + 1]);
        List<Object> announced = new java.util.concurrent.CopyOnWriteArrayList<>();
        vertx.eventBus().localConsumer(BlockStoreContract.BLOCKS_ADDED, message -> announced.add(message.body()));
        client.put(single)
                .compose(done -> expectError(client.putAll(List.of(raw("never"), huge)), BlockStoreError.BLOCK_TOO_LARGE))
                .compose(done -> client.putAll(List.of(first, second)))
                .compose(done -> client.has(first.cid()))
                .onComplete(test.succeeding(has -> test.verify(() -> {
                    assertEquals(List.of(List.of(single.cid()), List.of(first.cid(), second.cid())), announced);
                    test.completeNow();
                })));
    }

    @Test
    void secondStoreOnTheSameRepoFailsToStart(Vertx vertx, VertxTestContext test) {
        vertx.deployVerticle(verticle(new SimpleMeterRegistry())).onComplete(test.failing(failure -> test.verify(() -> {
            BlockStoreException locked = assertInstanceOf(BlockStoreException.class, failure);
            assertEquals(BlockStoreException.Code.REPO_LOCKED, locked.code());
            assertTrue(locked.getMessage().contains("locked"), locked.getMessage());
            test.completeNow();
        })));
    }

    @Test
    void blocksSurviveARedeploy(Vertx vertx, VertxTestContext test) {
        Block block = raw("durable");
        client.put(block)
                .compose(done -> Future.all(vertx.deploymentIDs().stream().map(vertx::undeploy).toList()))
                .compose(done -> vertx.deployVerticle(verticle(new SimpleMeterRegistry())))
                .compose(done -> client.get(block.cid()))
                .onComplete(test.succeeding(data -> test.verify(() -> {
                    assertArrayEquals(block.data(), data);
                    test.completeNow();
                })));
    }

    @Test
    void pinsProtectBlocksFromDeleteAndGc(VertxTestContext test) {
        Block leaf = raw("leaf");
        Block root = node("root", leaf.cid());
        Block loose = raw("loose");
        client.putAll(List.of(leaf, root, loose))
                .compose(done -> client.pinAdd(root.cid(), true, "docs"))
                .compose(done -> expectError(client.delete(leaf.cid()), BlockStoreError.PINNED))
                .compose(done -> client.isPinned(leaf.cid()))
                .compose(status -> {
                    test.verify(() -> {
                        assertEquals(PinType.INDIRECT, status.orElseThrow().type());
                        assertEquals(root.cid(), status.orElseThrow().via());
                    });
                    return client.pinLs(Set.of(PinType.RECURSIVE));
                })
                .compose(pins -> {
                    test.verify(() -> assertEquals(List.of(new PinStatus(root.cid(), PinType.RECURSIVE, "docs", null)), pins));
                    return client.gc(List.of());
                })
                .compose(garbage -> {
                    test.verify(() -> assertEquals(List.of(loose.cid()), garbage.removed()));
                    return client.pinRm(root.cid(), true);
                })
                .compose(done -> client.delete(leaf.cid()))
                .compose(done -> client.has(leaf.cid()))
                .onComplete(test.succeeding(has -> test.verify(() -> {
                    assertFalse(has);
                    test.completeNow();
                })));
    }

    @Test
    void recursivePinNeedsTheWholeDag(VertxTestContext test) {
        Block absentLeaf = raw("absent");
        Block root = node("root", absentLeaf.cid());
        client.put(root)
                .compose(done -> expectError(client.pinAdd(root.cid(), true, ""), BlockStoreError.NOT_FOUND))
                .compose(done -> client.isPinned(root.cid()))
                .onComplete(test.succeeding(status -> test.verify(() -> {
                    assertTrue(status.isEmpty());
                    test.completeNow();
                })));
    }

    @Test
    void aDagTheCallerWroteIsPinnedRecursivelyFromItsRootAlone(VertxTestContext test) {
        Block leaf = raw("written leaf");
        Block root = node("written root", leaf.cid());
        Block absentRoot = node("never stored", leaf.cid());
        client.holdGc()
                .compose(hold -> client.putAll(List.of(leaf, root))
                        .compose(done -> client.pinWritten(root.cid(), "imported"))
                        .compose(done -> hold.release()))
                .compose(done -> expectError(client.pinWritten(absentRoot.cid(), ""), BlockStoreError.NOT_FOUND))
                .compose(done -> client.gc(List.of()))
                .compose(garbage -> {
                    test.verify(() -> assertEquals(List.of(), garbage.removed()));
                    return client.pinLs(Set.of(PinType.RECURSIVE));
                })
                .onComplete(test.succeeding(pins -> test.verify(() -> {
                    assertEquals(List.of(new PinStatus(root.cid(), PinType.RECURSIVE, "imported", null)), pins);
                    test.completeNow();
                })));
    }

    @Test
    void gcWaitsForHolds(Vertx vertx, VertxTestContext test) throws Exception {
        Block fresh = raw("being added");
        client.holdGc().compose(hold -> client.put(fresh).map(hold)).onComplete(test.succeeding(hold -> {
            Future<CollectedGarbage> gc = client.gc(List.of());
            vertx.setTimer(300, id -> {
                test.verify(() -> assertFalse(gc.isComplete(), "gc ran while a hold was taken"));
                client.pinAdd(fresh.cid(), false, "")
                        .compose(done -> hold.release())
                        .compose(done -> gc)
                        .onComplete(test.succeeding(garbage -> test.verify(() -> {
                            assertEquals(List.of(), garbage.removed());
                            test.completeNow();
                        })));
            });
        }));
        assertTrue(test.awaitCompletion(10, TimeUnit.SECONDS));
    }

    @Test
    void holdsRequestedDuringAWaitingGcDoNotBlockTheWorkThatReleasesTheFirstHold(Vertx vertx, VertxTestContext test)
            throws Exception {
        Block fresh = raw("added under the first hold");
        client.holdGc().onComplete(test.succeeding(first -> {
            Future<CollectedGarbage> gc = client.gc(List.of());
            vertx.setTimer(200, id -> {
                List<Future<GcHold>> waiting = List.of(client.holdGc(), client.holdGc(), client.holdGc(), client.holdGc());
                client.put(fresh)
                        .compose(done -> client.pinAdd(fresh.cid(), false, ""))
                        .compose(done -> client.pinLs(Set.of(PinType.DIRECT)))
                        .compose(pins -> first.release())
                        .compose(done -> Future.all(waiting))
                        .compose(granted -> Future.all(waiting.stream().map(hold -> hold.result().release()).toList()))
                        .compose(released -> gc)
                        .compose(released -> client.has(fresh.cid()))
                        .onComplete(test.succeeding(has -> test.verify(() -> {
                            assertTrue(has);
                            test.completeNow();
                        })));
            });
        }));
        assertTrue(test.awaitCompletion(20, TimeUnit.SECONDS));
    }

    @Test
    void verifyFindsNoProblemsInAHealthyStore(VertxTestContext test) {
        client.putAll(List.of(raw("a"), raw("b")))
                .compose(done -> client.verify())
                .onComplete(test.succeeding(bad -> test.verify(() -> {
                    assertEquals(List.of(), bad);
                    test.completeNow();
                })));
    }

    private static <T> Future<Void> expectError(Future<T> future, BlockStoreError expected) {
        return future.transform(result -> {
            if (result.succeeded()) {
                return Future.failedFuture(new AssertionError("expected " + expected + " but succeeded"));
            }
            if (result.cause() instanceof BlockStoreClientException e && e.error() == expected) {
                return Future.succeededFuture();
            }
            return Future.failedFuture(new AssertionError("expected " + expected + " but got " + result.cause(), result.cause()));
        });
    }

    private static Block raw(String text) {
        return raw(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Block raw(byte[] data) {
        return new Block(Cid.of(Multicodec.RAW, Multicodec.SHA2_256, data), data);
    }

    private static Block node(String data, Cid... children) {
        List<PbLink> links = new java.util.ArrayList<>();
        for (int i = 0; i < children.length; i++) {
            links.add(new PbLink(children[i], Integer.toString(i), 1L));
        }
        byte[] bytes = DagPb.encode(DagPb.canonical(links, data.getBytes(StandardCharsets.UTF_8)));
        return new Block(Cid.of(Multicodec.DAG_PB, Multicodec.SHA2_256, bytes), bytes);
    }
}
