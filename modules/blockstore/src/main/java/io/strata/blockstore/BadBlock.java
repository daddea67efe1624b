package io.strata.blockstore;

import io.strata.multiformats.Cid;

/** A block that failed verification: missing, not matching its hash, or undecodable. */
public record BadBlock(Cid cid, String reason) {
}
