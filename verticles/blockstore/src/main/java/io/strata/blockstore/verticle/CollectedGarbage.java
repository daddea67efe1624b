package io.strata.blockstore.verticle;

import io.strata.blockstore.DagProblem;
import io.strata.multiformats.Cid;

import java.util.List;

/**
 * What a garbage collection removed, and the blocks of pinned DAGs it could not follow (blocks reachable
 * only through those were not protected). Kubo's {@code repo gc} prints each removed CID.
 */
public record CollectedGarbage(List<Cid> removed, List<DagProblem> problems) {

    public CollectedGarbage {
        removed = List.copyOf(removed);
        problems = List.copyOf(problems);
    }
}
