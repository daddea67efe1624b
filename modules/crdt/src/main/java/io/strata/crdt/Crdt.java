package io.strata.crdt;

import io.strata.ipld.codec.DagCbor;

/**
 * A state-based CRDT: an immutable value in a join semilattice. {@link #merge} is commutative,
 * associative and idempotent, so replicas that have seen the same updates, in any order and any number
 * of times, hold equal state. Each mutator returns a {@link Mutation} whose delta is itself a state of
 * this type: shipping the delta and merging it is equivalent to shipping and merging the whole state.
 */
public interface Crdt<C extends Crdt<C>> {

    /** The least upper bound of this state and {@code other}. */
    C merge(C other);

    /** This state as an IPLD data model value (see io.strata.ipld.codec.DataModel). */
    Object toDataModel();

    /** This state as dag-cbor bytes. */
    default byte[] encode() {
        return DagCbor.encode(toDataModel());
    }
}
