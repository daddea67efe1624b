package io.strata.ipld;

import io.strata.multiformats.Cid;

/**
 * A block: bytes and the CID that names them. The array is not copied; callers treat it as immutable.
 */
public record Block(Cid cid, byte[] data) {

    public int size() {
        return data.length;
    }

    /** True when the bytes hash to the CID's multihash. */
    public boolean verify() {
        return cid.multihash().matches(data);
    }
}
