package io.strata.blockstore;

import io.strata.multiformats.Cid;
import io.strata.multiformats.Multihash;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Mark and sweep: marks every block reachable from a recursive pin or an extra root (the MFS root), and the
 * block of every direct pin, then removes every other block. The mark set is held in memory (one multihash
 * per reachable block).
 *
 * <p>A pinned DAG with missing or undecodable blocks does not stop the collection: they are reported in the
 * result and the sweep proceeds, so blocks reachable only through them are removed. (Kubo aborts the
 * collection in that case; here a partial DAG, for example a pin whose fetch failed, does not block the
 * reclamation of everything else.)
 */
public final class GarbageCollector {

    private static final int DELETE_BATCH = 1024;

    private final BlockStore blocks;
    private final PinStore pins;
    private final LinkExtractor links;
    private final GcLock lock;

    public GarbageCollector(BlockStore blocks, PinStore pins, LinkExtractor links, GcLock lock) {
        this.blocks = blocks;
        this.pins = pins;
        this.links = links;
        this.lock = lock;
    }

    /**
     * Collects, holding {@code lock} exclusively throughout.
     *
     * @param extraRoots roots kept with their whole DAG though not pinned (the MFS root)
     * @param onRemoved  told each removed block's CID (as last put) once its removal is committed
     */
    public GcResult collect(Collection<Cid> extraRoots, Consumer<Cid> onRemoved) {
        try (GcLock.Hold hold = lock.exclusive()) {
            List<DagProblem> problems = new ArrayList<>();
            Set<Multihash> marked = mark(extraRoots, problems);
            long removed = sweep(marked, onRemoved);
            return new GcResult(marked.size(), removed, problems);
        }
    }

    private Set<Multihash> mark(Collection<Cid> extraRoots, List<DagProblem> problems) {
        List<Cid> roots = new ArrayList<>(extraRoots);
        List<Cid> direct = new ArrayList<>();
        try (Stream<Pin> stored = pins.list()) {
            stored.forEach(pin -> (pin.type() == PinType.RECURSIVE ? roots : direct).add(pin.cid()));
        }
        Set<Multihash> marked = new HashSet<>();
        DagWalker walker = new DagWalker(blocks, links, roots.iterator(), marked, problems::add);
        while (walker.hasNext()) {
            walker.next();
        }
        direct.forEach(cid -> marked.add(cid.multihash()));
        return marked;
    }

    private long sweep(Set<Multihash> marked, Consumer<Cid> onRemoved) {
        long removed = 0;
        List<Cid> batch = new ArrayList<>(DELETE_BATCH);
        try (Stream<Cid> keys = blocks.keys()) {
            for (Cid cid : (Iterable<Cid>) keys::iterator) {
                if (marked.contains(cid.multihash())) {
                    continue;
                }
                batch.add(cid);
                if (batch.size() == DELETE_BATCH) {
                    removed += delete(batch, onRemoved);
                }
            }
        }
        return removed + delete(batch, onRemoved);
    }

    private int delete(List<Cid> batch, Consumer<Cid> onRemoved) {
        if (batch.isEmpty()) {
            return 0;
        }
        int removed = blocks.deleteAll(batch);
        batch.forEach(onRemoved);
        batch.clear();
        return removed;
    }
}
