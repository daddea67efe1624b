package io.strata.crdt;

import java.util.Objects;

/**
 * The outcome of a delta-state mutator: the replica's new {@code state}, and the {@code delta} to ship to
 * other replicas, who merge it into theirs.
 */
public record Mutation<C extends Crdt<C>>(C state, C delta) {

    public Mutation {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(delta, "delta");
    }
}
