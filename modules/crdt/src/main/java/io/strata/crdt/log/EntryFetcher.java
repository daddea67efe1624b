package io.strata.crdt.log;

import io.strata.multiformats.Cid;

import java.util.Optional;

/** Fetches the block of a log entry the log lacks (from the blockstore, or from peers through bitswap). */
@FunctionalInterface
public interface EntryFetcher {

    /** A fetcher for a log that has everything it needs at hand. */
    EntryFetcher NONE = cid -> Optional.empty();

    /** The entry's dag-cbor bytes, or empty when they cannot be had. */
    Optional<byte[]> fetch(Cid cid);
}
