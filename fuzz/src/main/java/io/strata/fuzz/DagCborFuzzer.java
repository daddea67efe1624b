package io.strata.fuzz;

import io.strata.ipld.IpldException;
import io.strata.ipld.codec.DagCbor;

/** dag-cbor in both its strict and its lenient (historical data) reading: a value or an {@link IpldException}. */
public final class DagCborFuzzer {

    private DagCborFuzzer() {
    }

    public static void fuzzerTestOneInput(byte[] input) {
        try {
            DagCbor.decode(input);
        } catch (IpldException expected) {
            // the documented outcome for malformed bytes
        }
        try {
            DagCbor.decodeLenient(input);
        } catch (IpldException expected) {
            // the documented outcome for malformed bytes
        }
    }
}
