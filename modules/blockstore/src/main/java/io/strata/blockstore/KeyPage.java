package io.strata.blockstore;

import io.strata.multiformats.Cid;

import java.util.List;
import java.util.Optional;

/**
 * One page of {@link BlockStore#keyPage}: stored CIDs in multihash byte order, and whether more follow the
 * last of them. Pass the last CID as {@code after} to read the next page.
 */
public record KeyPage(List<Cid> cids, boolean more) {

    public KeyPage {
        cids = List.copyOf(cids);
    }

    /** The CID to pass as {@code after} for the next page; empty when this page is empty. */
    public Optional<Cid> last() {
        return cids.isEmpty() ? Optional.empty() : Optional.of(cids.get(cids.size() - 1));
    }
}
