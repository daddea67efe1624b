package io.strata.blockstore.verticle;

import io.strata.multiformats.Cid;

import java.util.List;

/**
 * The result of checking one recursive pin, as Kubo's {@code pin verify} reports it: the DAG below
 * {@code root} is complete and intact exactly when {@code badBlocks} is empty.
 */
public record PinVerification(Cid root, List<BadBlock> badBlocks) {

    public PinVerification {
        badBlocks = List.copyOf(badBlocks);
    }

    public boolean ok() {
        return badBlocks.isEmpty();
    }

    /** A block the pin needs that is missing or does not hash to its CID. */
    public record BadBlock(Cid cid, String problem) {
    }
}
