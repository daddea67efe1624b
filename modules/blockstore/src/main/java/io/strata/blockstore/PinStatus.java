package io.strata.blockstore;

import io.strata.multiformats.Cid;

/**
 * Why a CID is pinned, as Kubo's {@code pin ls} reports it.
 *
 * @param cid  the CID asked about (or listed)
 * @param type direct, recursive or indirect
 * @param name the pin's name; {@code ""} for unnamed and indirect pins
 * @param via  for an indirect pin, the recursive pin whose DAG holds the block; null otherwise
 */
public record PinStatus(Cid cid, PinType type, String name, Cid via) {

    static PinStatus of(Pin pin) {
        return new PinStatus(pin.cid(), pin.type(), pin.name(), null);
    }
}
