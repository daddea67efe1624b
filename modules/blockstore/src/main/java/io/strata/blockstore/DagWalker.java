package io.strata.blockstore;

import io.strata.multiformats.Cid;
import io.strata.multiformats.Multihash;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Walks the DAGs under a sequence of roots depth-first, yielding every reachable block once (by multihash,
 * across all roots, as recorded in the caller's {@code visited} set). Missing and undecodable blocks are
 * yielded too (missing ones with {@code data == null}) and reported to {@code problems}; the walk goes on.
 */
final class DagWalker implements Iterator<DagWalker.Reached> {

    /** A block the walk reached; {@code data} is null when the block is not in the store. */
    record Reached(Cid cid, Cid root, byte[] data) {
    }

    private final BlockStore store;
    private final LinkExtractor links;
    private final Iterator<Cid> roots;
    private final Set<Multihash> visited;
    private final Consumer<DagProblem> problems;
    private final Deque<Cid> stack = new ArrayDeque<>();
    private Cid currentRoot;
    private Reached next;

    DagWalker(BlockStore store, LinkExtractor links, Iterator<Cid> roots, Set<Multihash> visited,
              Consumer<DagProblem> problems) {
        this.store = store;
        this.links = links;
        this.roots = roots;
        this.visited = visited;
        this.problems = problems;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public Reached next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Reached reached = next;
        next = null;
        return reached;
    }

    private Reached advance() {
        while (true) {
            if (stack.isEmpty()) {
                if (!roots.hasNext()) {
                    return null;
                }
                currentRoot = roots.next();
                stack.push(currentRoot);
            }
            Cid cid = stack.pop();
            if (!visited.add(cid.multihash())) {
                continue;
            }
            Optional<byte[]> data = store.get(cid);
            if (data.isEmpty()) {
                problems.accept(new DagProblem(cid, currentRoot, DagProblem.Kind.MISSING,
                        "block " + cid + " under " + currentRoot + " is not in the block store"));
                return new Reached(cid, currentRoot, null);
            }
            try {
                List<Cid> children = links.links(cid, data.get());
                for (int i = children.size() - 1; i >= 0; i--) {
                    stack.push(children.get(i));
                }
            } catch (RuntimeException e) {
                problems.accept(new DagProblem(cid, currentRoot, DagProblem.Kind.UNREADABLE,
                        "links of block " + cid + " under " + currentRoot + " cannot be decoded: " + e.getMessage()));
            }
            return new Reached(cid, currentRoot, data.get());
        }
    }
}
