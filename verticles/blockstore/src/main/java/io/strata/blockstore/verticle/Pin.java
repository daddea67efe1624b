package io.strata.blockstore.verticle;

import io.strata.multiformats.Cid;

/** One entry of {@code pin ls}. */
public record Pin(Cid cid, PinMode mode) {
}
