package io.strata.fuzz;

import io.strata.ipld.IpldException;
import io.strata.ipld.dagpb.DagPb;

/** dag-pb blocks as Bitswap and CAR imports hand them to us: a node or an {@link IpldException}. */
public final class DagPbFuzzer {

    private DagPbFuzzer() {
    }

    public static void fuzzerTestOneInput(byte[] input) {
        try {
            DagPb.decode(input);
        } catch (IpldException expected) {
            // the documented outcome for malformed bytes
        }
    }
}
