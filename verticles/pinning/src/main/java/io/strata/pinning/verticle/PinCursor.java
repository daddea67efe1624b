package io.strata.pinning.verticle;

import io.vertx.core.Future;

import java.util.List;

/**
 * A pull-based walk over the cluster pin set, handed out by reference on {@link PinningContract#LIST}. A
 * caller that pulls the next batch only after writing the previous one holds one batch, never the whole set.
 * Not thread-safe: pull the next batch only after the previous one completed.
 */
@FunctionalInterface
public interface PinCursor {

    /**
     * The next at most {@code max} pins, each with the states its allocated nodes reported; an empty list at
     * the end of the set.
     */
    Future<List<PinningContract.PinInfo>> next(int max);
}
