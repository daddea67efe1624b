package io.strata.blockstore;

import io.strata.multiformats.Cid;

/**
 * A block in a pinned DAG that a walk could not follow.
 *
 * @param cid    the block
 * @param root   the pin (or extra root) whose DAG was being walked
 * @param kind   what went wrong
 * @param detail a human-readable explanation
 */
public record DagProblem(Cid cid, Cid root, Kind kind, String detail) {

    public enum Kind {
        /** The block is not in the store; its descendants could not be reached through it. */
        MISSING,
        /** The block is present but its links could not be decoded; it was treated as a leaf. */
        UNREADABLE
    }
}
