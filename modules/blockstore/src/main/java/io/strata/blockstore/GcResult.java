package io.strata.blockstore;

import java.util.List;

/**
 * The outcome of one garbage collection.
 *
 * @param markedBlocks  blocks kept because a pin or extra root reaches them (present or not)
 * @param removedBlocks blocks removed
 * @param problems      blocks of pinned DAGs that could not be followed; blocks below them that are reachable
 *                      only through them were not marked
 */
public record GcResult(long markedBlocks, long removedBlocks, List<DagProblem> problems) {

    public GcResult {
        problems = List.copyOf(problems);
    }
}
