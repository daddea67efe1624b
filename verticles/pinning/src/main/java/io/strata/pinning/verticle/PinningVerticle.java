package io.strata.pinning.verticle;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.bitswap.verticle.BitswapExchange;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.BlockStoreClientException;
import io.strata.blockstore.verticle.BlockStoreError;
import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.cluster.ClusterContract;
import io.strata.cluster.PeerInfo;
import io.strata.ipld.DagLinks;
import io.strata.multiformats.Cid;
import io.strata.multiformats.PeerId;
import io.strata.pinning.ClusterPin;
import io.strata.pinning.NodeCandidate;
import io.strata.pinning.NodePinState;
import io.strata.pinning.PinAllocator;
import io.strata.pinning.PinMode;
import io.strata.pinning.PinStatus;
import io.strata.pinning.PinningException;
import io.strata.pinning.RepairDecision;
import io.strata.pinning.RepairPlanner;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.io.File;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntBiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Cluster pinning on one node. Every node runs a tracker: for each pin allocated to it, it fetches the DAG
 * through Bitswap (at most {@link PinningConfig#maxConcurrentPins} at once), pins it in the local block
 * store so local GC keeps it, and reports {@code queued}, {@code pinning}, {@code pinned} or, after its
 * retries, {@code pin_error}; a pin no longer allocated to it (removed or released) is unpinned locally.
 * The oldest Hazelcast member also plans repairs with {@link RepairPlanner}, on membership changes (after the
 * grace period) and periodically.
 */
public final class PinningVerticle extends VerticleBase {

    private static final Logger LOG = Logger.getLogger(PinningVerticle.class.getName());
    private static final int FETCH_BATCH = 32;
    private static final int REPAIR_BATCH = 1_000;
    /** How often this node's pins-by-status gauge is recounted from the cluster map. */
    private static final long METRICS_REFRESH_MILLIS = 5_000;
    /** Threads serving user requests (add, remove, status, listings), apart from the tracker's ordered tasks. */
    private static final int REQUEST_WORKERS = 8;

    private final HazelcastInstance hazelcast;
    private final PeerId self;
    private final PinningConfig config;
    private final String repoPath;

    private final Set<Cid> active = new HashSet<>();
    private final Deque<ClusterPin> queued = new ArrayDeque<>();
    private final Set<Cid> queuedCids = new HashSet<>();
    private final Map<Cid, Integer> failures = new HashMap<>();
    /** Pins this node holds a state of but cannot see in the pin set, each logged once. */
    private final Set<Cid> unaccounted = new HashSet<>();
    private final Map<PeerId, Long> departedAt = new HashMap<>();
    private final Map<PeerId, PeerInfo> departedInfo = new HashMap<>();
    private final AtomicLong lastCreation = new AtomicLong();

    private ClusterPinSet pinSet;
    private BlockStoreClient blocks;
    private BitswapExchange exchange;
    private DeliveryOptions local;
    /**
     * User requests run here, unordered. The tracker's tasks and the repair and reconcile passes run ordered on
     * the verticle's context (a pass's reads must be applied before later reports of the same pins complete); a
     * pass waits on Hazelcast while a member leaves, and an add queued behind it timed out at 30 s.
     */
    private WorkerExecutor requests;
    /**
     * The repair pass runs here, apart from the tracker's ordered tasks: a pass waiting on Hazelcast (its operations
     * retry for minutes while partitions have no owner) must not hold the tracker's reports and fetches with it.
     */
    private WorkerExecutor repairs;
    private UUID listenerId;
    /** A repair pass that cannot read the states of a batch in this time gives up until its next round. */
    private static final Duration STATE_READ_TIMEOUT = Duration.ofSeconds(10);
    private boolean repairRunning;
    private boolean reconcileRunning;
    private final PinningMetrics metrics;

    /**
     * @param repoPath the block store's directory, whose free space this node reports to the allocator, or
     *                 null for an in-memory store
     */
    public PinningVerticle(HazelcastInstance hazelcast, PeerId self, PinningConfig config, String repoPath) {
        this(hazelcast, self, config, repoPath, new SimpleMeterRegistry());
    }

    /** As above, with pins by status and repair actions ({@link PinningMetrics}) in {@code registry}. */
    public PinningVerticle(HazelcastInstance hazelcast, PeerId self, PinningConfig config, String repoPath,
                           MeterRegistry registry) {
        this.metrics = new PinningMetrics(registry);
        this.hazelcast = hazelcast;
        this.self = self;
        this.config = config;
        this.repoPath = repoPath;
    }

    @Override
    public Future<?> start() {
        blocks = new BlockStoreClient(vertx);
        exchange = new BitswapExchange(vertx);
        local = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME).setLocalOnly(true).setSendTimeout(10_000);
        requests = vertx.createSharedWorkerExecutor("strata-pinning-requests", REQUEST_WORKERS);
        repairs = vertx.createSharedWorkerExecutor("strata-pinning-repair", 1);
        vertx.eventBus().<PinningContract.PinRequest>localConsumer(PinningContract.ADD, this::onAdd);
        vertx.eventBus().<Cid>localConsumer(PinningContract.REMOVE, this::onRemove);
        vertx.eventBus().<Cid>localConsumer(PinningContract.STATUS, this::onStatus);
        vertx.eventBus().localConsumer(PinningContract.LIST, message -> {
            if (pinSet == null) {
                message.fail(PinningError.UNAVAILABLE.failureCode(), "the pin set is still opening");
            } else {
                message.reply(new ClusterPinCursor(requests, pinSet), local);
            }
        });
        vertx.eventBus().<PinningContract.PageRequest>localConsumer(PinningContract.PAGE, message -> {
            if (pinSet == null) {
                message.fail(PinningError.UNAVAILABLE.failureCode(), "the pin set is still opening");
                return;
            }
            requests.executeBlocking(() -> pinSet.page(message.body()), false)
                    .onSuccess(page -> message.reply(page, local)).onFailure(failure -> fail(message, failure));
        });
        vertx.eventBus().<List<Cid>>localConsumer(PinningContract.CONTAINS, message -> requests
                .executeBlocking(() -> pinSet.containing(message.body()), false)
                .onSuccess(held -> message.reply(held, local)).onFailure(failure -> fail(message, failure)));
        vertx.eventBus().localConsumer(PinningContract.REPAIR, message -> repairPass()
                .onSuccess(message::reply).onFailure(failure -> fail(message, failure)));
        vertx.eventBus().<PeerInfo>localConsumer(ClusterContract.LEFT, message -> onLeft(message.body()));
        vertx.eventBus().<PeerInfo>localConsumer(ClusterContract.JOINED, message -> onJoined(message.body()));
        vertx.setPeriodic(config.reconcileIntervalMillis(), ignored -> reconcileAll());
        vertx.setPeriodic(config.repairIntervalMillis(), ignored -> repairPass());
        vertx.setPeriodic(METRICS_REFRESH_MILLIS, ignored -> {
            if (pinSet != null) {
                vertx.executeBlocking(() -> {
                    metrics.refresh(pinSet, self);
                    return null;
                }, false);
            }
        });
        return vertx.executeBlocking(() -> {
            pinSet = new ClusterPinSet(hazelcast);
            listenerId = pinSet.pinsMap().addEntryListener(new PinListener(), false);
            return null;
        }).onSuccess(ignored -> reconcileAll());
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> listenerId != null && hazelcast.getLifecycleService().isRunning()
                && pinSet.pinsMap().removeEntryListener(listenerId));
    }

    /** Hazelcast calls this on its own threads: hop onto the verticle's context. */
    private final class PinListener implements EntryAddedListener<String, byte[]>,
            EntryUpdatedListener<String, byte[]>, EntryRemovedListener<String, byte[]> {
        @Override
        public void entryAdded(EntryEvent<String, byte[]> event) {
            context.runOnContext(ignored -> reconcile(Cid.parse(event.getKey())));
        }

        @Override
        public void entryUpdated(EntryEvent<String, byte[]> event) {
            context.runOnContext(ignored -> reconcile(Cid.parse(event.getKey())));
        }

        @Override
        public void entryRemoved(EntryEvent<String, byte[]> event) {
            context.runOnContext(ignored -> reconcile(Cid.parse(event.getKey())));
        }
    }

    private void onAdd(Message<PinningContract.PinRequest> message) {
        PinningContract.PinRequest request = message.body();
        candidates().compose(candidates -> requests.executeBlocking(() -> {
            ClusterPin existing = pinSet.get(request.cid());
            ClusterPin wanted = new ClusterPin(request.cid(), request.name(), request.mode(), request.replication(),
                    request.requiredTags(), existing == null ? List.of() : existing.allocations(),
                    existing == null ? nextCreationTime() : existing.createdAtMillis(),
                    request.expireAtMillis(), request.metadata(), request.origins());
            if (existing != null) {
                if (!existing.equals(wanted)) {
                    pinSet.replace(existing, wanted);
                }
                return wanted;
            }
            ClusterPin allocated = wanted.withAllocations(
                    new PinAllocator(candidates, config.minFreeBytes()).allocateNew(wanted));
            return pinSet.putIfAbsent(allocated);
        }, false)).onSuccess(pin -> message.reply(pin, local)).onFailure(failure -> fail(message, failure));
    }

    /**
     * The creation time of a new pin: the clock, but later than any this node gave before. The pin set makes
     * creation times unique cluster-wide (the Pinning Service API pages by them) by moving a pin to the next
     * free millisecond; starting past this node's last one spares a burst of adds those retries.
     */
    private long nextCreationTime() {
        return lastCreation.updateAndGet(last -> Math.max(System.currentTimeMillis(), last + 1));
    }

    private void onRemove(Message<Cid> message) {
        requests.executeBlocking(() -> pinSet.remove(message.body()), false).onSuccess(removed -> {
            if (removed) {
                message.reply(null);
            } else {
                message.fail(PinningError.NOT_FOUND.failureCode(), "not pinned in the cluster: " + message.body());
            }
        }).onFailure(failure -> fail(message, failure));
    }

    private void onStatus(Message<Cid> message) {
        requests.executeBlocking(() -> {
            ClusterPin pin = pinSet.get(message.body());
            if (pin == null) {
                return null;
            }
            Map<PeerId, NodePinState> states = new HashMap<>();
            Set<PeerId> peers = new LinkedHashSet<>(pin.allocations());
            peers.add(self);
            for (PeerId peer : peers) {
                NodePinState state = pinSet.state(pin.cid(), peer);
                if (state != null) {
                    states.put(peer, state);
                }
            }
            return new PinningContract.PinInfo(pin, states);
        }, false).onSuccess(info -> {
            if (info == null) {
                message.fail(PinningError.NOT_FOUND.failureCode(), "not pinned in the cluster: " + message.body());
            } else {
                message.reply(info, local);
            }
        }).onFailure(failure -> fail(message, failure));
    }

    private static void fail(Message<?> message, Throwable failure) {
        if (failure instanceof PinningException pinning) {
            PinningError error = pinning.code() == PinningException.Code.INSUFFICIENT_PEERS
                    ? PinningError.INSUFFICIENT_PEERS : PinningError.INVALID_REQUEST;
            message.fail(error.failureCode(), pinning.getMessage());
        } else {
            message.fail(PinningError.FAILURE.failureCode(), String.valueOf(failure.getMessage()));
        }
    }

    // ---- tracker ------------------------------------------------------------------------------------

    /** What this node reads of one pin: the pin (null when it cannot see one), its own state, a recorded removal. */
    private record Reading(ClusterPin pin, NodePinState state, boolean removed) {
    }

    /** Brings this node in line with the pin set for one CID. */
    private void reconcile(Cid cid) {
        vertx.executeBlocking(() -> {
            ClusterPin pin = pinSet.get(cid);
            return new Reading(pin, pinSet.state(cid, self), pin == null && pinSet.wasRemoved(cid));
        }).onSuccess(reading -> act(cid, reading))
                .onFailure(failure -> LOG.log(Level.WARNING, "reconcile of " + cid + " failed", failure));
    }

    /**
     * Fetches a pin allocated here, and releases a copy whose pin moved elsewhere or whose removal is recorded. A pin
     * that is only missing keeps its copy: while this member's view of the cluster is split, a partition whose
     * owner and backup it takes for gone reads as empty, and the pin comes back when the views merge.
     */
    private void act(Cid cid, Reading reading) {
        ClusterPin pin = reading.pin();
        NodePinState state = reading.state();
        if (pin != null) {
            unaccounted.remove(cid);
        }
        if (pin != null && pin.allocations().contains(self)) {
            boolean finished = state != null
                    && (state.status() == PinStatus.PINNED || state.status() == PinStatus.PIN_ERROR);
            if (!finished) {
                enqueue(pin);
            }
        } else if (state != null && !active.contains(cid)) {
            if (pin != null || reading.removed()) {
                unpin(cid, pin == null ? PinMode.RECURSIVE : pin.mode());
            } else if (unaccounted.add(cid)) {
                LOG.warning("keeping this node's copy of " + cid + ": its pin is not in the cluster pin set, but no "
                        + "removal of it is recorded (a split view of the members, or a removal older than "
                        + ClusterPinSet.REMOVAL_RECORD_TTL.toDays() + " days)");
            }
        }
    }

    /**
     * Reconciles every pin allocated to this node and every state it reported, checks that pinned DAGs are
     * really pinned in its block store, and publishes its free space and pin load for the allocator.
     */
    private void reconcileAll() {
        if (pinSet == null || reconcileRunning) {
            return;
        }
        reconcileRunning = true;
        vertx.executeBlocking(() -> {
            List<ClusterPin> mine = new ArrayList<>();
            pinSet.forEachPin(pin -> {
                if (pin.allocations().contains(self)) {
                    mine.add(pin);
                }
            });
            Map<Cid, NodePinState> states = pinSet.statesOf(self);
            pinSet.publishNode(self, freeBytes(), mine.size());
            return new Object[] {mine, states};
        }).onSuccess(found -> {
            @SuppressWarnings("unchecked") List<ClusterPin> mine = (List<ClusterPin>) found[0];
            @SuppressWarnings("unchecked") Map<Cid, NodePinState> states = (Map<Cid, NodePinState>) found[1];
            Set<Cid> allocated = new HashSet<>();
            for (ClusterPin pin : mine) {
                allocated.add(pin.cid());
                NodePinState state = states.get(pin.cid());
                if (state != null && state.status() == PinStatus.PINNED) {
                    recover(pin);
                } else {
                    act(pin.cid(), new Reading(pin, state, false));
                }
            }
            states.keySet().stream().filter(cid -> !allocated.contains(cid)).forEach(this::reconcile);
        }).onFailure(failure -> LOG.log(Level.WARNING, "reconcile pass failed", failure))
                .onComplete(ignored -> reconcileRunning = false);
    }

    /** Re-pins a DAG this node reported pinned but whose local pin has gone. */
    private void recover(ClusterPin pin) {
        blocks.isPinned(pin.cid()).onSuccess(status -> {
            if (status.isEmpty()) {
                enqueue(pin);
            }
        });
    }

    private long freeBytes() {
        return repoPath == null ? Long.MAX_VALUE : new File(repoPath).getUsableSpace();
    }

    private void enqueue(ClusterPin pin) {
        if (active.contains(pin.cid()) || !queuedCids.add(pin.cid())) {
            return;
        }
        queued.add(pin);
        report(pin.cid(), new NodePinState(PinStatus.QUEUED, "", failures.getOrDefault(pin.cid(), 0),
                System.currentTimeMillis()));
        drain();
    }

    private void drain() {
        while (active.size() < config.maxConcurrentPins() && !queued.isEmpty()) {
            ClusterPin pin = queued.poll();
            queuedCids.remove(pin.cid());
            active.add(pin.cid());
            // The pin stays active until its outcome is recorded: a reconcile that read the state before would
            // otherwise find it neither active nor finished and fetch it again.
            pinLocally(pin).transform(result -> {
                if (result.succeeded()) {
                    failures.remove(pin.cid());
                    return report(pin.cid(), NodePinState.of(PinStatus.PINNED, System.currentTimeMillis()));
                }
                return onPinFailure(pin, result.cause());
            }).onComplete(reported -> {
                active.remove(pin.cid());
                drain();
                reconcile(pin.cid());
            });
        }
    }

    private Future<Void> pinLocally(ClusterPin pin) {
        report(pin.cid(), new NodePinState(PinStatus.PINNING, "", failures.getOrDefault(pin.cid(), 0),
                System.currentTimeMillis()));
        Future<Void> fetched = pin.mode() == PinMode.DIRECT ? obtain(pin.cid()).mapEmpty()
                : fetchLevel(List.of(pin.cid()));
        return fetched.compose(ignored -> blocks.pinAdd(pin.cid(), pin.mode() == PinMode.RECURSIVE, pin.name()));
    }

    /** Fetches one level of the DAG in batches, hints Bitswap at the next, then descends. */
    private Future<Void> fetchLevel(List<Cid> level) {
        if (level.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Cid> next = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (int start = 0; start < level.size(); start += FETCH_BATCH) {
            List<Cid> batch = level.subList(start, Math.min(level.size(), start + FETCH_BATCH));
            chain = chain.compose(ignored -> Future.all(batch.stream().map(cid -> obtain(cid)
                    .map(data -> DagLinks.links(cid, data))).toList())
                    .map(all -> {
                        for (int i = 0; i < all.size(); i++) {
                            List<Cid> links = all.resultAt(i);
                            next.addAll(links);
                        }
                        return null;
                    }));
        }
        return chain.compose(ignored -> {
            if (!next.isEmpty()) {
                exchange.want(next);
            }
            return fetchLevel(next);
        });
    }

    private Future<byte[]> obtain(Cid cid) {
        return blocks.has(cid).compose(present -> present ? blocks.get(cid) : exchange.fetch(cid));
    }

    private Future<Void> onPinFailure(ClusterPin pin, Throwable failure) {
        int count = failures.merge(pin.cid(), 1, Integer::sum);
        String error = String.valueOf(failure.getMessage());
        if (config.backoff().isExhausted(count)) {
            failures.remove(pin.cid());
            return report(pin.cid(), new NodePinState(PinStatus.PIN_ERROR, error, count, System.currentTimeMillis()));
        }
        vertx.setTimer(config.backoff().delayAfter(count), ignored -> reconcileRetry(pin.cid()));
        return report(pin.cid(), new NodePinState(PinStatus.QUEUED, error, count, System.currentTimeMillis()));
    }

    private void reconcileRetry(Cid cid) {
        vertx.executeBlocking(() -> pinSet.get(cid)).onSuccess(pin -> {
            if (pin != null && pin.allocations().contains(self)) {
                enqueue(pin);
            }
        });
    }

    private void unpin(Cid cid, PinMode mode) {
        active.add(cid);
        report(cid, NodePinState.of(PinStatus.UNPINNING, System.currentTimeMillis()))
                .compose(ignored -> blocks.pinRm(cid, mode == PinMode.RECURSIVE))
                .recover(failure -> failure instanceof BlockStoreClientException store
                        && (store.error() == BlockStoreError.NOT_PINNED || store.error() == BlockStoreError.PIN_CONFLICT)
                        ? Future.succeededFuture() : Future.failedFuture(failure))
                .compose(ignored -> vertx.executeBlocking(() -> pinSet.removeState(cid, self)))
                .onSuccess(previous -> publishChange(cid, previous,
                        NodePinState.of(PinStatus.UNPINNED, System.currentTimeMillis())))
                .onComplete(result -> {
                    active.remove(cid);
                    if (result.failed()) {
                        LOG.log(Level.WARNING, "unpin of " + cid + " failed", result.cause());
                    }
                    reconcile(cid);
                });
    }

    private Future<Void> report(Cid cid, NodePinState state) {
        return vertx.executeBlocking(() -> pinSet.putState(cid, self, state))
                .onSuccess(previous -> publishChange(cid, previous, state)).mapEmpty();
    }

    /** Publishes a change of this node's status of {@code cid} to every node's subscribers. */
    private void publishChange(Cid cid, NodePinState previous, NodePinState state) {
        if (previous != null && previous.status() == state.status()) {
            return;
        }
        JsonObject event = new PinningContract.PinStatusChange(cid, self, previous == null ? null : previous.status(),
                state.status(), state.error(), state.attempts(), state.updatedAtMillis()).toJson();
        vertx.eventBus().publish(PinningContract.EVENTS, event);
        vertx.eventBus().publish(PinningContract.eventsAddress(cid), event);
    }

    // ---- repair -------------------------------------------------------------------------------------

    private void onLeft(PeerInfo peer) {
        departedAt.put(peer.peerId(), System.currentTimeMillis());
        departedInfo.put(peer.peerId(), peer);
        vertx.setTimer(config.graceMillis() + 1, ignored -> repairPass());
    }

    private void onJoined(PeerInfo peer) {
        departedAt.remove(peer.peerId());
        departedInfo.remove(peer.peerId());
        repairPass();
    }

    private boolean isPlanner() {
        return hazelcast.getLifecycleService().isRunning()
                && hazelcast.getCluster().getMembers().iterator().next().localMember();
    }

    /** Self, the live peers and the departed ones still within the grace period. */
    private Future<List<PeerInfo>> availableNodes() {
        Future<PeerInfo> me = vertx.eventBus().<PeerInfo>request(ClusterContract.SELF, null, local).map(Message::body);
        Future<List<PeerInfo>> peers = vertx.eventBus().<List<PeerInfo>>request(ClusterContract.PEERS, null, local)
                .map(Message::body);
        return Future.all(me, peers).map(ignored -> {
            long now = System.currentTimeMillis();
            departedAt.values().removeIf(at -> now - at > config.graceMillis());
            departedInfo.keySet().retainAll(departedAt.keySet());
            Map<PeerId, PeerInfo> available = new HashMap<>();
            available.put(self, me.result());
            peers.result().forEach(peer -> available.put(peer.peerId(), peer));
            departedInfo.forEach(available::putIfAbsent);
            return List.copyOf(available.values());
        });
    }

    /** Live nodes as allocation candidates, with the free space and load they last published. */
    private Future<List<NodeCandidate>> candidates() {
        return availableNodes().compose(nodes -> {
            Set<PeerId> departed = Set.copyOf(departedAt.keySet());
            return requests.executeBlocking(() -> candidatesOf(nodes, departed,
                    (peer, report) -> report == null ? 0 : (int) report[1]), false);
        });
    }

    /**
     * The nodes not departed, with the free space they last published and the pin load {@code load} gives from
     * their published report (null when none). {@code departed} is a copy taken on the verticle's context, as this
     * runs on a worker.
     */
    private List<NodeCandidate> candidatesOf(List<PeerInfo> nodes, Set<PeerId> departed,
                                             ToIntBiFunction<PeerId, long[]> load) {
        List<NodeCandidate> candidates = new ArrayList<>();
        for (PeerInfo node : nodes) {
            if (departed.contains(node.peerId())) {
                continue;
            }
            long[] report = pinSet.nodeReport(node.peerId());
            candidates.add(new NodeCandidate(node.peerId(), node.tags(),
                    report == null ? Long.MAX_VALUE : report[0], load.applyAsInt(node.peerId(), report)));
        }
        return candidates;
    }

    /**
     * Plans and applies repairs if this node is the oldest member; answers the number of pins changed. One
     * streamed pass counts each node's pins, a second plans {@value #REPAIR_BATCH} pins at a time with the
     * states their allocated and available nodes reported, so the planner never holds the whole set.
     */
    private Future<Integer> repairPass() {
        if (pinSet == null || repairRunning || !isPlanner()) {
            return Future.succeededFuture(0);
        }
        repairRunning = true;
        // Adds run beside the pass: a pin created after this membership snapshot may be allocated to a node the
        // snapshot lacks, which the pass would take for gone and replace. The next pass plans it.
        long snapshotAt = System.currentTimeMillis();
        return availableNodes().compose(nodes -> {
            Set<PeerId> departed = Set.copyOf(departedAt.keySet());
            return repairs.executeBlocking(() -> {
                Set<PeerId> available = new HashSet<>();
                nodes.forEach(node -> available.add(node.peerId()));
                Set<PeerId> live = new HashSet<>(available);
                live.removeAll(departed);
                Map<PeerId, Integer> load = new HashMap<>();
                pinSet.forEachPin(pin -> pin.allocations().forEach(peer -> load.merge(peer, 1, Integer::sum)));
                List<NodeCandidate> candidates = candidatesOf(nodes, departed,
                        (peer, report) -> load.getOrDefault(peer, 0));
                RepairPlanner planner = new RepairPlanner(new PinAllocator(candidates, config.minFreeBytes()), available,
                        live);
                long now = System.currentTimeMillis();
                int changed = 0;
                Iterator<ClusterPin> pins = pinSet.iterator();
                List<ClusterPin> batch = new ArrayList<>(REPAIR_BATCH);
                while (pins.hasNext()) {
                    batch.clear();
                    while (batch.size() < REPAIR_BATCH && pins.hasNext()) {
                        batch.add(pins.next());
                    }
                    Map<Cid, Map<PeerId, NodePinState>> states = pinSet.statesOf(batch, available, STATE_READ_TIMEOUT);
                    for (ClusterPin pin : batch) {
                        if (pin.createdAtMillis() >= snapshotAt) {
                            continue;
                        }
                        RepairDecision decision = planner.plan(pin, states.getOrDefault(pin.cid(), Map.of()), now);
                        if (decision instanceof RepairDecision.Reallocate reallocate) {
                            if (pinSet.replace(pin, reallocate.updated())) {
                                changed++;
                                metrics.repaired("reallocate");
                            }
                        } else if (decision instanceof RepairDecision.Expire) {
                            if (pinSet.removeIfUnchanged(pin)) {
                                changed++;
                                metrics.repaired("expire");
                            }
                        }
                    }
                }
                return changed;
            }, false);
        }).onComplete(ignored -> repairRunning = false);
    }
}
