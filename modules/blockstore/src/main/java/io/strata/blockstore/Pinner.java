package io.strata.blockstore;

import io.strata.multiformats.Cid;
import io.strata.multiformats.Multihash;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Kubo's pinning rules over a {@link PinStore}: recursive pins keep a whole DAG, direct pins one block, and
 * indirect pins (blocks under a recursive pin) are found by walking the DAGs on demand. This class records
 * pins; fetching a DAG before pinning it is the caller's job. Callers that put blocks and then pin them
 * hold the {@link GcLock} shared across both steps.
 */
public final class Pinner {

    private final BlockStore blocks;
    private final PinStore pins;
    private final LinkExtractor links;

    public Pinner(BlockStore blocks, PinStore pins, LinkExtractor links) {
        this.blocks = blocks;
        this.pins = pins;
        this.links = links;
    }

    /**
     * Pins {@code cid}. A recursive pin replaces a direct pin on the same block and renames an existing
     * recursive pin; a direct pin on a recursively pinned block fails with {@code PIN_CONFLICT}.
     */
    public void pin(Cid cid, PinType type, String name) {
        if (type == PinType.INDIRECT) {
            throw new IllegalArgumentException("indirect pins are computed, not added; pin the root recursively");
        }
        Optional<Pin> existing = pins.get(cid);
        if (type == PinType.DIRECT && existing.filter(pin -> pin.type() == PinType.RECURSIVE).isPresent()) {
            throw new BlockStoreException(BlockStoreException.Code.PIN_CONFLICT,
                    cid + " is already pinned recursively");
        }
        pins.put(new Pin(cid, type, name));
    }

    /**
     * Removes the direct or recursive pin on {@code cid}; removing a recursive pin needs {@code recursive}
     * (Kubo's {@code pin rm --recursive}, its default).
     *
     * @throws BlockStoreException {@code NOT_PINNED} when there is no such pin (the block may still be
     *                             pinned indirectly), {@code PIN_CONFLICT} for a recursive pin without
     *                             {@code recursive}
     */
    public void unpin(Cid cid, boolean recursive) {
        Pin pin = pins.get(cid).orElseThrow(() -> new BlockStoreException(BlockStoreException.Code.NOT_PINNED,
                cid + " is not pinned or pinned indirectly"));
        if (pin.type() == PinType.RECURSIVE && !recursive) {
            throw new BlockStoreException(BlockStoreException.Code.PIN_CONFLICT,
                    cid + " is pinned recursively");
        }
        pins.remove(cid);
    }

    /**
     * Moves a recursive pin from {@code from} to {@code to} (keeping its name) in one atomic write, as
     * Kubo's {@code pin update}; with {@code unpinFrom} false both stay pinned.
     */
    public void update(Cid from, Cid to, boolean unpinFrom) {
        Pin old = pins.get(from).filter(pin -> pin.type() == PinType.RECURSIVE)
                .orElseThrow(() -> new BlockStoreException(BlockStoreException.Code.NOT_PINNED,
                        "'from' cid " + from + " was not recursively pinned already"));
        Pin replacement = new Pin(to, PinType.RECURSIVE, old.name());
        if (unpinFrom && !from.multihash().equals(to.multihash())) {
            pins.replace(from, replacement);
        } else {
            pins.put(replacement);
        }
    }

    /**
     * How {@code cid} is pinned: recursively, directly, or indirectly (then {@link PinStatus#via()} names a
     * recursive pin that reaches it; finding it walks the recursive pins' DAGs, as Kubo does).
     */
    public Optional<PinStatus> status(Cid cid) {
        Optional<Pin> stored = pins.get(cid);
        if (stored.isPresent()) {
            Pin pin = stored.get();
            return Optional.of(new PinStatus(cid, pin.type(), pin.name(), null));
        }
        DagWalker walker = new DagWalker(blocks, links, recursiveRoots().iterator(), new HashSet<>(), problem -> {
        });
        while (walker.hasNext()) {
            DagWalker.Reached reached = walker.next();
            if (reached.cid().multihash().equals(cid.multihash())) {
                return Optional.of(new PinStatus(cid, PinType.INDIRECT, "", reached.root()));
            }
        }
        return Optional.empty();
    }

    /**
     * The pins of one type, streamed. Indirect pins are every block reachable from a recursive pin except
     * the recursive pins themselves, each listed once with the first recursive pin found to reach it; blocks
     * missing from the store are listed too (their parents name them). Close the stream.
     */
    public Stream<PinStatus> list(PinType type) {
        if (type != PinType.INDIRECT) {
            return pins.list(type).map(PinStatus::of);
        }
        List<Cid> roots = recursiveRoots();
        Set<Multihash> rootHashes = new HashSet<>();
        roots.forEach(root -> rootHashes.add(root.multihash()));
        DagWalker walker = new DagWalker(blocks, links, roots.iterator(), new HashSet<>(), problem -> {
        });
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(walker, Spliterator.NONNULL), false)
                .filter(reached -> !rootHashes.contains(reached.cid().multihash()))
                .map(reached -> new PinStatus(reached.cid(), PinType.INDIRECT, "", reached.root()));
    }

    /**
     * Checks every recursive pin's DAG: each block present, matching its hash and decodable. Streamed one
     * pin at a time; a block shared by several pins is hashed once.
     */
    public Stream<PinVerification> verify() {
        Map<Multihash, Optional<String>> verdicts = new HashMap<>();
        return recursiveRoots().stream().map(root -> verify(root, verdicts));
    }

    private PinVerification verify(Cid root, Map<Multihash, Optional<String>> verdicts) {
        List<BadBlock> bad = new ArrayList<>();
        DagWalker walker = new DagWalker(blocks, links, List.of(root).iterator(), new HashSet<>(),
                problem -> bad.add(new BadBlock(problem.cid(), problem.kind() == DagProblem.Kind.MISSING
                        ? "block not found" : problem.detail())));
        while (walker.hasNext()) {
            DagWalker.Reached reached = walker.next();
            if (reached.data() == null) {
                continue;
            }
            verdicts.computeIfAbsent(reached.cid().multihash(),
                            key -> Optional.ofNullable(Blocks.hashMismatch(reached.cid(), reached.data())))
                    .ifPresent(reason -> bad.add(new BadBlock(reached.cid(), reason)));
        }
        return new PinVerification(root, bad);
    }

    private List<Cid> recursiveRoots() {
        try (Stream<Pin> recursive = pins.list(PinType.RECURSIVE)) {
            return recursive.map(Pin::cid).toList();
        }
    }
}
