package io.strata.blockstore.verticle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.strata.blockstore.BadBlock;
import io.strata.blockstore.BlockStoreException;
import io.strata.blockstore.BlockStoreStat;
import io.strata.blockstore.GarbageCollector;
import io.strata.blockstore.GcLock;
import io.strata.blockstore.GcResult;
import io.strata.blockstore.KeyPage;
import io.strata.blockstore.LinkExtractor;
import io.strata.blockstore.PinStatus;
import io.strata.blockstore.PinType;
import io.strata.blockstore.PinVerification;
import io.strata.blockstore.Pinner;
import io.strata.blockstore.RepoVerifier;
import io.strata.blockstore.RocksBlockStore;
import io.strata.blockstore.verticle.BlockStoreContract.GcRequest;
import io.strata.blockstore.verticle.BlockStoreContract.KeysRequest;
import io.strata.blockstore.verticle.BlockStoreContract.PinListRequest;
import io.strata.blockstore.verticle.BlockStoreContract.PinRequest;
import io.strata.blockstore.verticle.BlockStoreContract.PinUpdateRequest;
import io.strata.ipld.Block;
import io.strata.ipld.IpldException;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multihash;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Owns this node's blocks and local pins: opens the RocksDB repository and answers {@link BlockStoreContract}
 * on local event-bus consumers. Every store call runs on a worker thread, in three pools: block operations;
 * DAG walks (pin add, listing and verification, repo verify); and collections with GC hold requests. Hold
 * requests block while a collection waits for the holds already given out, so they get a pool of their own:
 * the puts and pins that finish those holds, and the releases (on the event loop), never queue behind them.
 *
 * <p>Metrics (Prometheus names): {@code strata_blockstore_puts_total}, {@code strata_blockstore_gets_total}
 * (tag {@code result} hit|miss), {@code strata_blockstore_written_bytes_total},
 * {@code strata_blockstore_read_bytes_total}, {@code strata_blockstore_deletes_total},
 * {@code strata_blockstore_errors_total} (tag {@code error}), {@code strata_blockstore_operation_seconds}
 * (tag {@code op}), gauges {@code strata_blockstore_stored_blocks}, {@code strata_blockstore_stored_bytes} and
 * {@code strata_blockstore_storage_bytes} (refreshed every {@value #GAUGE_REFRESH_MILLIS} ms).
 */
public final class BlockStoreVerticle extends VerticleBase {

    static final long GAUGE_REFRESH_MILLIS = 5_000;
    /** Threads for collections and GC hold requests, which block while a collection waits or runs. */
    private static final int GC_THREADS = 4;
    private static final System.Logger LOG = System.getLogger(BlockStoreVerticle.class.getName());

    private final BlockStoreConfig config;
    private final MeterRegistry registry;
    private final LinkExtractor links;
    private final GcLock gcLock = new GcLock();
    private final Map<Long, GcLock.Hold> gcHolds = new ConcurrentHashMap<>();
    private final AtomicLong nextHoldId = new AtomicLong();
    private final AtomicLong blockCount = new AtomicLong();
    private final AtomicLong storedBytes = new AtomicLong();
    private final AtomicLong storageBytes = new AtomicLong();
    private final java.util.Map<RocksBlockStore.EngineProperty, AtomicLong> engineValues =
            new java.util.EnumMap<>(RocksBlockStore.EngineProperty.class);
    private final DeliveryOptions replyOptions = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME);
    private final DeliveryOptions addedOptions = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME)
            .setLocalOnly(true);

    private RocksBlockStore store;
    private Pinner pinner;
    private GarbageCollector collector;
    private WorkerExecutor blockWorkers;
    private WorkerExecutor walkWorkers;
    private WorkerExecutor gcWorkers;
    private long gaugeTimer = -1;

    private Counter puts;
    private Counter bytesWritten;
    private Counter bytesRead;
    private Counter hits;
    private Counter misses;
    private Counter deletes;

    /**
     * @param links how pins and GC find a block's children (production: {@code io.strata.ipld.DagLinks::links})
     */
    public BlockStoreVerticle(BlockStoreConfig config, MeterRegistry registry, LinkExtractor links) {
        this.config = config;
        this.registry = registry;
        this.links = links;
    }

    @Override
    public Future<?> start() {
        LocalObjectCodec.registerOn(vertx);
        long maxExecuteTime = TimeUnit.HOURS.toNanos(24);
        blockWorkers = vertx.createSharedWorkerExecutor("strata-blockstore-io-" + deploymentID(),
                config.workerThreads(), maxExecuteTime);
        walkWorkers = vertx.createSharedWorkerExecutor("strata-blockstore-walk-" + deploymentID(),
                2, maxExecuteTime);
        gcWorkers = vertx.createSharedWorkerExecutor("strata-blockstore-gc-" + deploymentID(),
                GC_THREADS, maxExecuteTime);
        return blockWorkers.executeBlocking(() -> RocksBlockStore.open(config.directory(),
                        new RocksBlockStore.Options(config.syncWrites(), config.directIo())), false)
                .compose(opened -> {
                    store = opened;
                    pinner = new Pinner(store, store.pinStore(), links);
                    collector = new GarbageCollector(store, store.pinStore(), links, gcLock);
                    registerMeters();
                    refreshGauges();
                    gaugeTimer = vertx.setPeriodic(GAUGE_REFRESH_MILLIS, id -> refreshGauges());
                    return registerConsumers();
                })
                .onSuccess(ready -> LOG.log(System.Logger.Level.INFO, "block store open at {0} ({1})", config.directory(),
                        store.directIo() ? "direct I/O" : "page cache"))
                .recover(failure -> stop().transform(stopped -> Future.failedFuture(failure)));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(gaugeTimer);
        gcHolds.values().forEach(GcLock.Hold::close);
        gcHolds.clear();
        Future<Void> closed = store == null ? Future.succeededFuture()
                : vertx.executeBlocking(() -> {
                    store.close();
                    return null;
                });
        return closed.onComplete(done -> {
            blockWorkers.close();
            walkWorkers.close();
            gcWorkers.close();
        });
    }

    private Future<Void> registerConsumers() {
        List<MessageConsumer<Object>> consumers = List.of(
                on(BlockStoreContract.PUT, Block.class, blockWorkers, "put", this::put),
                on(BlockStoreContract.PUT_ALL, List.class, blockWorkers, "putAll", this::putAll),
                on(BlockStoreContract.GET, Cid.class, blockWorkers, "get", this::get),
                on(BlockStoreContract.HAS, Cid.class, blockWorkers, "has", store::has),
                on(BlockStoreContract.SIZE, Cid.class, blockWorkers, "size", this::size),
                on(BlockStoreContract.DELETE, Cid.class, blockWorkers, "delete", this::delete),
                on(BlockStoreContract.KEYS, KeysRequest.class, blockWorkers, "keys", this::keyPage),
                on(BlockStoreContract.STAT, null, blockWorkers, "stat", ignored -> repoStat()),
                on(BlockStoreContract.PIN_ADD, PinRequest.class, walkWorkers, "pinAdd", this::pinAdd),
                on(BlockStoreContract.PIN_RM, PinRequest.class, blockWorkers, "pinRm", this::pinRm),
                on(BlockStoreContract.PIN_LS, PinListRequest.class, walkWorkers, "pinLs", this::pinLs),
                on(BlockStoreContract.PIN_IS_PINNED, Cid.class, walkWorkers, "isPinned", pinner::status),
                on(BlockStoreContract.PIN_UPDATE, PinUpdateRequest.class, walkWorkers, "pinUpdate", this::pinUpdate),
                on(BlockStoreContract.PIN_VERIFY, null, walkWorkers, "pinVerify", ignored -> pinVerify()),
                on(BlockStoreContract.GC, GcRequest.class, gcWorkers, "gc", this::collectGarbage),
                on(BlockStoreContract.GC_HOLD, null, gcWorkers, "gcHold", ignored -> holdGc()),
                on(BlockStoreContract.GC_RELEASE, Long.class, null, "gcRelease", this::releaseGcHold),
                on(BlockStoreContract.VERIFY, null, walkWorkers, "verify", ignored -> verifyRepo()));
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
    }

    /**
     * Registers a local consumer that checks the payload type, runs {@code work} on {@code workers} (or on
     * the event loop when null: only for work that never blocks) and replies with its result or its error.
     */
    private <T, R> MessageConsumer<Object> on(String address, Class<?> payloadType, WorkerExecutor workers,
                                              String operation, StoreCall<T, R> work) {
        Timer timer = Timer.builder("strata.blockstore.operation").tag("op", operation)
                .description("time to answer a block store request").register(registry);
        return vertx.eventBus().localConsumer(address, message -> {
            Object body = message.body();
            if (payloadType != null && !payloadType.isInstance(body)) {
                fail(message, new BlockStoreClientException(BlockStoreError.INVALID_REQUEST, address + " expects a "
                        + payloadType.getSimpleName() + ", got " + (body == null ? "null" : body.getClass().getName())));
                return;
            }
            @SuppressWarnings("unchecked")
            T request = (T) body;
            long started = System.nanoTime();
            Callable<R> call = () -> work.apply(request);
            Future<R> result;
            if (workers == null) {
                try {
                    result = Future.succeededFuture(call.call());
                } catch (Exception e) {
                    result = Future.failedFuture(e);
                }
            } else {
                result = workers.executeBlocking(call, false);
            }
            result.onComplete(done -> {
                timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                if (done.succeeded()) {
                    message.reply(done.result(), replyOptions);
                } else {
                    fail(message, done.cause());
                }
            });
        });
    }

    @FunctionalInterface
    private interface StoreCall<T, R> {
        R apply(T request) throws Exception;
    }

    private void fail(Message<Object> message, Throwable failure) {
        BlockStoreError error;
        if (failure instanceof BlockStoreClientException e) {
            error = e.error();
        } else if (failure instanceof BlockStoreException e) {
            error = BlockStoreError.of(e.code());
        } else if (failure instanceof IpldException e) {
            error = e.code() == IpldException.Code.BLOCK_NOT_FOUND ? BlockStoreError.NOT_FOUND : BlockStoreError.INVALID_REQUEST;
        } else if (failure instanceof IllegalArgumentException || failure instanceof ClassCastException
                || failure instanceof NullPointerException) {
            error = BlockStoreError.INVALID_REQUEST;
        } else {
            error = BlockStoreError.STORE_FAILURE;
        }
        if (error == BlockStoreError.STORE_FAILURE) {
            LOG.log(System.Logger.Level.ERROR, "block store failure on " + message.address(), failure);
        }
        registry.counter("strata.blockstore.errors", "error", error.name()).increment();
        message.fail(error.failureCode(), String.valueOf(failure.getMessage()));
    }

    private Void put(Block block) {
        store.put(block);
        puts.increment();
        bytesWritten.increment(block.size());
        announceAdded(List.of(block.cid()));
        return null;
    }

    private Void putAll(List<?> payload) {
        List<Block> blocks = new ArrayList<>(payload.size());
        long bytes = 0;
        for (Object element : payload) {
            Block block = (Block) element;
            blocks.add(block);
            bytes += block.size();
        }
        store.putAll(blocks);
        puts.increment(blocks.size());
        bytesWritten.increment(bytes);
        announceAdded(blocks.stream().map(Block::cid).toList());
        return null;
    }

    private void announceAdded(List<Cid> cids) {
        if (!cids.isEmpty()) {
            vertx.eventBus().publish(BlockStoreContract.BLOCKS_ADDED, cids, addedOptions);
        }
    }

    private byte[] get(Cid cid) {
        Optional<byte[]> data = store.get(cid);
        if (data.isEmpty()) {
            misses.increment();
            throw notFound(cid);
        }
        hits.increment();
        bytesRead.increment(data.get().length);
        return data.get();
    }

    private Integer size(Cid cid) {
        return store.size(cid).orElseThrow(() -> notFound(cid));
    }

    private Void delete(Cid cid) {
        Optional<PinStatus> pinned = pinner.status(cid);
        if (pinned.isPresent()) {
            PinStatus status = pinned.get();
            throw new BlockStoreClientException(BlockStoreError.PINNED, status.type() == PinType.INDIRECT
                    ? "pinned via " + status.via() : "pinned: " + status.type().kuboName());
        }
        if (!store.delete(cid)) {
            throw notFound(cid);
        }
        deletes.increment();
        return null;
    }

    private KeyPage keyPage(KeysRequest request) {
        return store.keyPage(request.after(), request.limit());
    }

    private RepoStat repoStat() {
        BlockStoreStat stat = store.stat();
        return new RepoStat(stat.blockCount(), stat.totalBytes(), stat.storageBytes(), store.directory().toString());
    }

    private Void pinAdd(PinRequest request) {
        if (request.recursive() && !request.writtenByCaller()) {
            requireCompleteDag(request.cid());
        } else if (!store.has(request.cid())) {
            throw notFound(request.cid());
        }
        pinner.pin(request.cid(), request.recursive() ? PinType.RECURSIVE : PinType.DIRECT, request.name());
        return null;
    }

    private Void pinRm(PinRequest request) {
        pinner.unpin(request.cid(), request.recursive());
        return null;
    }

    private List<PinStatus> pinLs(PinListRequest request) {
        List<PinStatus> result = new ArrayList<>();
        for (PinType type : List.of(PinType.RECURSIVE, PinType.DIRECT, PinType.INDIRECT)) {
            if (request.types().contains(type)) {
                try (Stream<PinStatus> pins = pinner.list(type)) {
                    pins.forEach(result::add);
                }
            }
        }
        return result;
    }

    private Void pinUpdate(PinUpdateRequest request) {
        requireCompleteDag(request.to());
        pinner.update(request.from(), request.to(), request.unpin());
        return null;
    }

    private List<PinVerification> pinVerify() {
        try (Stream<PinVerification> verifications = pinner.verify()) {
            return verifications.toList();
        }
    }

    private CollectedGarbage collectGarbage(GcRequest request) {
        List<Cid> removed = new ArrayList<>();
        GcResult result = collector.collect(request.extraRoots(), removed::add);
        deletes.increment(removed.size());
        refreshGaugesNow();
        return new CollectedGarbage(removed, result.problems());
    }

    private Long holdGc() {
        GcLock.Hold hold = gcLock.shared();
        long id = nextHoldId.incrementAndGet();
        gcHolds.put(id, hold);
        return id;
    }

    private Void releaseGcHold(Long id) {
        GcLock.Hold hold = gcHolds.remove(id);
        if (hold != null) {
            hold.close();
        }
        return null;
    }

    private List<BadBlock> verifyRepo() {
        List<BadBlock> corrupt = new ArrayList<>();
        new RepoVerifier(store).verify(corrupt::add);
        return corrupt;
    }

    /** Kubo's pin add needs the whole DAG locally; a missing block fails the pin instead of leaving it partial. */
    private void requireCompleteDag(Cid root) {
        Set<Multihash> seen = new HashSet<>();
        Deque<Cid> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Cid cid = pending.pop();
            if (!seen.add(cid.multihash())) {
                continue;
            }
            byte[] data = store.get(cid).orElseThrow(() -> new BlockStoreClientException(BlockStoreError.NOT_FOUND,
                    "block " + cid + " of the DAG under " + root + " is not in the block store"));
            links.links(cid, data).forEach(pending::push);
        }
    }

    private static BlockStoreClientException notFound(Cid cid) {
        return new BlockStoreClientException(BlockStoreError.NOT_FOUND, "block not found: " + cid);
    }

    private void registerMeters() {
        puts = Counter.builder("strata.blockstore.puts").description("blocks written").register(registry);
        bytesWritten = Counter.builder("strata.blockstore.written").baseUnit("bytes").description("block bytes written")
                .register(registry);
        bytesRead = Counter.builder("strata.blockstore.read").baseUnit("bytes").description("block bytes read").register(registry);
        hits = Counter.builder("strata.blockstore.gets").tag("result", "hit").description("block reads")
                .register(registry);
        misses = Counter.builder("strata.blockstore.gets").tag("result", "miss").description("block reads")
                .register(registry);
        deletes = Counter.builder("strata.blockstore.deletes").description("blocks removed, by rm or gc")
                .register(registry);
        Gauge.builder("strata.blockstore.stored.blocks", blockCount, AtomicLong::get).description("blocks stored")
                .register(registry);
        Gauge.builder("strata.blockstore.stored", storedBytes, AtomicLong::get).baseUnit("bytes")
                .description("sum of the stored blocks' sizes").register(registry);
        Gauge.builder("strata.blockstore.storage", storageBytes, AtomicLong::get).baseUnit("bytes")
                .description("bytes the store occupies on disk").register(registry);
        registerEngineGauges();
    }

    /**
     * RocksDB internals, refreshed with the other gauges: {@code strata_blockstore_rocksdb_memtable_bytes},
     * {@code ..._live_sst_bytes}, {@code ..._pending_compaction_bytes}, {@code ..._running_compactions},
     * {@code ..._running_flushes}, {@code ..._estimated_keys}.
     */
    private void registerEngineGauges() {
        for (RocksBlockStore.EngineProperty property : RocksBlockStore.EngineProperty.values()) {
            AtomicLong value = new AtomicLong();
            engineValues.put(property, value);
            String name = "strata.blockstore.rocksdb." + property.name().toLowerCase(java.util.Locale.ROOT).replace('_', '.');
            Gauge.Builder<AtomicLong> gauge = Gauge.builder(name.endsWith(".bytes") ? name.substring(0, name.length() - 6) : name,
                    value, AtomicLong::get).description("RocksDB property " + property.rocksName());
            if (name.endsWith(".bytes")) {
                gauge.baseUnit("bytes");
            }
            gauge.register(registry);
        }
    }

    private void refreshGauges() {
        blockWorkers.executeBlocking(() -> {
            refreshGaugesNow();
            return null;
        }, false);
    }

    private void refreshGaugesNow() {
        BlockStoreStat stat = store.stat();
        blockCount.set(stat.blockCount());
        storedBytes.set(stat.totalBytes());
        storageBytes.set(stat.storageBytes());
        store.engineProperties().forEach((property, value) -> engineValues.get(property).set(value));
    }
}
