package io.strata.blockstore;

import io.strata.multiformats.Cid;

import java.util.List;

/** The result of verifying one recursive pin, as Kubo's {@code pin verify} reports it. */
public record PinVerification(Cid pin, List<BadBlock> badBlocks) {

    public PinVerification {
        badBlocks = List.copyOf(badBlocks);
    }

    public boolean ok() {
        return badBlocks.isEmpty();
    }
}
