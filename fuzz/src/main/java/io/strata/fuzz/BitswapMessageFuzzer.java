package io.strata.fuzz;

import io.strata.bitswap.BitswapException;
import io.strata.bitswap.BitswapMessageCodec;

/** One Bitswap frame body from a peer: a message or a {@link BitswapException}. */
public final class BitswapMessageFuzzer {

    private BitswapMessageFuzzer() {
    }

    public static void fuzzerTestOneInput(byte[] input) {
        try {
            BitswapMessageCodec.decode(input);
        } catch (BitswapException expected) {
            // the documented outcome for malformed messages
        }
    }
}
