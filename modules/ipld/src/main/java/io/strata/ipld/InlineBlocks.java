package io.strata.ipld;

import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;

import java.util.Optional;

/**
 * Blocks carried inside their own CID by an identity multihash. They are never stored or sent as
 * blocks: readers take the bytes from the CID (see {@link BlockGetter}).
 */
public final class InlineBlocks {

    private InlineBlocks() {
    }

    public static boolean isInline(Cid cid) {
        return cid.multihash().function() == Multicodec.IDENTITY.code();
    }

    /** The block's bytes when {@code cid} uses the identity multihash; empty otherwise. */
    public static Optional<byte[]> data(Cid cid) {
        return isInline(cid) ? Optional.of(cid.multihash().digest()) : Optional.empty();
    }

    /** The block's bytes: from the CID when inline, otherwise from {@code getter}. */
    public static byte[] get(Cid cid, BlockGetter getter) {
        return isInline(cid) ? cid.multihash().digest() : getter.get(cid);
    }
}
