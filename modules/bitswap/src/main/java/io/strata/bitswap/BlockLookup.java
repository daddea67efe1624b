package io.strata.bitswap;

import io.strata.multiformats.Cid;

import java.util.Optional;

/** The local block store as the server sees it. */
@FunctionalInterface
public interface BlockLookup {

    Optional<byte[]> get(Cid cid);
}
