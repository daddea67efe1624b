package io.strata.pinning.verticle;

import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.proxy.MapProxyImpl;
import com.hazelcast.query.Predicates;
import io.strata.multiformats.Cid;
import io.strata.multiformats.PeerId;
import io.strata.pinning.ClusterPin;
import io.strata.pinning.NodePinState;
import io.strata.pinning.PinRecordCodec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The cluster pin set and the nodes' reported states in Hazelcast maps with one synchronous backup, so the
 * loss of any one member loses nothing. Every method blocks on the network: call it from a worker.
 * Values are {@link PinRecordCodec} bytes; updates of a pin are compare-and-set, so a repair pass never
 * overwrites a concurrent user change. Removing a pin records its removal first: a member that loses sight of
 * a pin (a partition whose owner and backup it both takes for gone while its view of the members is split)
 * must not mistake that for a removal and drop its copy.
 */
public final class ClusterPinSet {

    /** Entries fetched per round trip when listing: the listing holds one batch, never the whole set. */
    private static final int LIST_FETCH_SIZE = 1_000;
    /**
     * How long a removal stays recorded. A node that was away for longer when a pin it held was removed keeps its
     * copy (and says so in its log) rather than guess.
     */
    static final Duration REMOVAL_RECORD_TTL = Duration.ofDays(7);

    private final IMap<String, byte[]> pins;
    private final IMap<String, byte[]> states;
    private final IMap<String, String> nodes;
    private final IMap<String, Long> removals;
    private final PinTimeIndex byTime;

    public ClusterPinSet(HazelcastInstance hazelcast) {
        for (String name : new String[] {PinningContract.PINS_MAP, PinningContract.STATES_MAP,
                PinningContract.NODES_MAP, PinningContract.REMOVALS_MAP}) {
            hazelcast.getConfig().addMapConfig(new MapConfig(name).setBackupCount(1));
        }
        this.pins = hazelcast.getMap(PinningContract.PINS_MAP);
        this.states = hazelcast.getMap(PinningContract.STATES_MAP);
        this.nodes = hazelcast.getMap(PinningContract.NODES_MAP);
        this.removals = hazelcast.getMap(PinningContract.REMOVALS_MAP);
        this.byTime = new PinTimeIndex(hazelcast);
    }

    IMap<String, byte[]> pinsMap() {
        return pins;
    }

    public ClusterPin get(Cid cid) {
        byte[] bytes = pins.get(cid.toString());
        return bytes == null ? null : PinRecordCodec.decodePin(bytes);
    }

    /**
     * Stores {@code pin} unless one exists; answers the stored pin. The creation-time index learns of the pin
     * before the set holds it, so every pin of the set is listed by {@link #page}; when another pin already
     * holds its creation time, the pin is stored with the next free millisecond.
     */
    public ClusterPin putIfAbsent(ClusterPin pin) {
        long created = byTime.claim(pin.cid(), pin.createdAtMillis());
        ClusterPin stored = created == pin.createdAtMillis() ? pin : new ClusterPin(pin.cid(), pin.name(), pin.mode(),
                pin.replication(), pin.requiredTags(), pin.allocations(), created, pin.expireAtMillis(),
                pin.metadata(), pin.origins());
        byte[] previous = pins.putIfAbsent(pin.cid().toString(), PinRecordCodec.encodePin(stored));
        if (previous == null) {
            removals.delete(pin.cid().toString());
            return stored;
        }
        byTime.remove(pin.cid(), created);
        return PinRecordCodec.decodePin(previous);
    }

    /** Replaces {@code expected} by {@code updated} (same CID and creation time); false when it changed meanwhile. */
    boolean replace(ClusterPin expected, ClusterPin updated) {
        if (expected.createdAtMillis() != updated.createdAtMillis()) {
            throw new IllegalArgumentException("a pin keeps its creation time: " + expected.cid());
        }
        return pins.replace(expected.cid().toString(), PinRecordCodec.encodePin(expected),
                PinRecordCodec.encodePin(updated));
    }

    /** Removes the pin of {@code cid}, recording the removal before the pin goes; false when there was none. */
    boolean remove(Cid cid) {
        if (!pins.containsKey(cid.toString())) {
            return false;
        }
        recordRemoval(cid);
        byte[] removed = pins.remove(cid.toString());
        if (removed == null) {
            return false;
        }
        byTime.remove(cid, PinRecordCodec.decodePin(removed).createdAtMillis());
        return true;
    }

    boolean removeIfUnchanged(ClusterPin expected) {
        recordRemoval(expected.cid());
        if (!pins.remove(expected.cid().toString(), PinRecordCodec.encodePin(expected))) {
            if (pins.containsKey(expected.cid().toString())) {
                removals.delete(expected.cid().toString());
            }
            return false;
        }
        byTime.remove(expected.cid(), expected.createdAtMillis());
        return true;
    }

    private void recordRemoval(Cid cid) {
        removals.set(cid.toString(), System.currentTimeMillis(), REMOVAL_RECORD_TTL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the pin of {@code cid} was removed (within {@link #REMOVAL_RECORD_TTL}) and not added again since. */
    boolean wasRemoved(Cid cid) {
        return removals.containsKey(cid.toString());
    }

    /**
     * The newest pins {@code request} asks for, read through the creation-time index: the pins of the index
     * entries walked, in groups, with their allocated nodes' states in one {@code getAll} per group, until one
     * match beyond the page is met. With CIDs, only those pins are read.
     */
    public PinningContract.Page page(PinningContract.PageRequest request) {
        List<PinningContract.PinInfo> found = new ArrayList<>();
        long[] matched = {0};
        long[] examined = {0};
        if (!request.cids().isEmpty()) {
            List<PinTimeIndex.Entry> entries = new ArrayList<>();
            for (Cid cid : request.cids()) {
                ClusterPin pin = get(cid);
                if (pin != null && pin.createdAtMillis() < request.beforeMillis()
                        && pin.createdAtMillis() > request.afterMillis()) {
                    entries.add(new PinTimeIndex.Entry(pin.createdAtMillis(), cid));
                }
            }
            entries.sort(PinTimeIndex.Entry.NEWEST_FIRST);
            collect(entries, request, found, matched, examined);
            return new PinningContract.Page(found, matched[0], true, examined[0]);
        }
        boolean[] stopped = {false};
        byTime.walk(request.beforeMillis(), request.afterMillis(), entries -> {
            stopped[0] = !collect(entries, request, found, matched, examined);
            return !stopped[0];
        });
        return new PinningContract.Page(found, matched[0], !stopped[0], examined[0]);
    }

    /** Adds the matches among {@code entries} to {@code found}; false once a match beyond the limit was met. */
    private boolean collect(List<PinTimeIndex.Entry> entries, PinningContract.PageRequest request,
                            List<PinningContract.PinInfo> found, long[] matched, long[] examined) {
        examined[0] += entries.size();
        Set<String> keys = new HashSet<>();
        entries.forEach(entry -> keys.add(entry.cid().toString()));
        Map<String, byte[]> stored = pins.getAll(keys);
        List<ClusterPin> batch = new ArrayList<>();
        for (PinTimeIndex.Entry entry : entries) {
            byte[] bytes = stored.get(entry.cid().toString());
            if (bytes != null) {
                ClusterPin pin = PinRecordCodec.decodePin(bytes);
                if (pin.createdAtMillis() == entry.createdMillis()) {
                    batch.add(pin);
                }
            }
        }
        Map<ClusterPin, Map<PeerId, NodePinState>> states = allocatedStates(batch);
        for (ClusterPin pin : batch) {
            PinningContract.PinInfo info = new PinningContract.PinInfo(pin, states.getOrDefault(pin, Map.of()));
            if (request.filter().test(info)) {
                matched[0]++;
                if (found.size() == request.limit()) {
                    return false;
                }
                found.add(info);
            }
        }
        return true;
    }

    /**
     * Streams every pin to {@code visitor}, {@value #LIST_FETCH_SIZE} entries of one partition per round trip, so a
     * million pins are listed without holding them all.
     */
    public void forEachPin(Consumer<ClusterPin> visitor) {
        iterator().forEachRemaining(visitor);
    }

    /**
     * A lazy iterator over every pin, fetching {@value #LIST_FETCH_SIZE} entries with their values per round trip.
     * {@code IMap.iterator(int)} fetches keys in batches but each value with a get of its own, one round trip per
     * pin (a repair pass over 6,700 pins took 16 minutes in the soak); a member's map proxy also iterates with the
     * values prefetched.
     */
    Iterator<ClusterPin> iterator() {
        Iterator<Map.Entry<String, byte[]>> entries = pins instanceof MapProxyImpl<String, byte[]> member
                ? member.iterable(LIST_FETCH_SIZE, true).iterator()
                : pins.iterator(LIST_FETCH_SIZE);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return entries.hasNext();
            }

            @Override
            public ClusterPin next() {
                return PinRecordCodec.decodePin(entries.next().getValue());
            }
        };
    }

    /** The states the allocated nodes of {@code batch} reported, fetched in one round trip. */
    Map<ClusterPin, Map<PeerId, NodePinState>> allocatedStates(List<ClusterPin> batch) {
        Set<String> keys = new HashSet<>();
        for (ClusterPin pin : batch) {
            pin.allocations().forEach(peer -> keys.add(stateKey(pin.cid(), peer)));
        }
        Map<String, byte[]> found = keys.isEmpty() ? Map.of() : states.getAll(keys);
        Map<ClusterPin, Map<PeerId, NodePinState>> byPin = new HashMap<>();
        for (ClusterPin pin : batch) {
            Map<PeerId, NodePinState> ofPin = new HashMap<>();
            for (PeerId peer : pin.allocations()) {
                byte[] bytes = found.get(stateKey(pin.cid(), peer));
                if (bytes != null) {
                    ofPin.put(peer, PinRecordCodec.decodeState(bytes));
                }
            }
            byPin.put(pin, ofPin);
        }
        return byPin;
    }

    /** Which of {@code cids} the pin set holds. */
    Set<Cid> containing(List<Cid> cids) {
        Set<String> keys = new HashSet<>();
        cids.forEach(cid -> keys.add(cid.toString()));
        Set<Cid> held = new HashSet<>();
        for (String key : pins.getAll(keys).keySet()) {
            held.add(Cid.parse(key));
        }
        return held;
    }

    public int size() {
        return pins.size();
    }

    NodePinState state(Cid cid, PeerId peer) {
        byte[] bytes = states.get(stateKey(cid, peer));
        return bytes == null ? null : PinRecordCodec.decodeState(bytes);
    }

    /** Records {@code peer}'s state of {@code cid}; answers the state it replaces, or null. */
    NodePinState putState(Cid cid, PeerId peer, NodePinState state) {
        byte[] previous = states.put(stateKey(cid, peer), PinRecordCodec.encodeState(state));
        return previous == null ? null : PinRecordCodec.decodeState(previous);
    }

    /** Forgets {@code peer}'s state of {@code cid}; answers the state it had, or null. */
    NodePinState removeState(Cid cid, PeerId peer) {
        byte[] previous = states.remove(stateKey(cid, peer));
        return previous == null ? null : PinRecordCodec.decodeState(previous);
    }

    /**
     * The states that the allocated nodes of each pin of {@code batch} and {@code peers} reported, read in parallel.
     * The reads are bounded by {@code timeout}: {@code IMap.getAll} has no deadline and was seen waiting for minutes
     * on a partition while members stopped, holding the repair pass (and everything queued behind it) with it.
     *
     * @throws IllegalStateException when the states could not be read within {@code timeout}
     */
    Map<Cid, Map<PeerId, NodePinState>> statesOf(List<ClusterPin> batch, Set<PeerId> peers, Duration timeout) {
        Map<String, CompletableFuture<byte[]>> reads = new HashMap<>();
        for (ClusterPin pin : batch) {
            pin.allocations().forEach(peer -> reads.computeIfAbsent(stateKey(pin.cid(), peer),
                    key -> states.getAsync(key).toCompletableFuture()));
            peers.forEach(peer -> reads.computeIfAbsent(stateKey(pin.cid(), peer),
                    key -> states.getAsync(key).toCompletableFuture()));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Cid, Map<PeerId, NodePinState>> byPin = new HashMap<>();
        for (Map.Entry<String, CompletableFuture<byte[]>> read : reads.entrySet()) {
            byte[] value;
            try {
                // At least a nanosecond: Hazelcast's futures wait without end when given a timeout of 0.
                value = read.getValue().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading pin states", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("pin states not readable within " + timeout.toMillis() + " ms", e);
            }
            if (value == null) {
                continue;
            }
            int slash = read.getKey().indexOf('/');
            Cid cid = Cid.parse(read.getKey().substring(0, slash));
            PeerId peer = PeerId.parse(read.getKey().substring(slash + 1));
            byPin.computeIfAbsent(cid, ignored -> new HashMap<>()).put(peer, PinRecordCodec.decodeState(value));
        }
        return byPin;
    }

    /** The states one node reported, by pin. */
    Map<Cid, NodePinState> statesOf(PeerId peer) {
        String suffix = "/" + peer.toBase58();
        Map<Cid, NodePinState> mine = new HashMap<>();
        for (Map.Entry<String, byte[]> entry : states.entrySet(Predicates.like("__key", "%" + suffix)).stream()
                .toList()) {
            String key = entry.getKey();
            mine.put(Cid.parse(key.substring(0, key.length() - suffix.length())),
                    PinRecordCodec.decodeState(entry.getValue()));
        }
        return mine;
    }

    void publishNode(PeerId peer, long freeBytes, int pinLoad) {
        nodes.set(peer.toBase58(), freeBytes + "," + pinLoad);
    }

    /** {@code [freeBytes, pinLoad]} a node last published, or null. */
    long[] nodeReport(PeerId peer) {
        String report = nodes.get(peer.toBase58());
        return report == null ? null : Arrays.stream(report.split(",")).mapToLong(Long::parseLong).toArray();
    }

    private static String stateKey(Cid cid, PeerId peer) {
        return cid + "/" + peer.toBase58();
    }
}
