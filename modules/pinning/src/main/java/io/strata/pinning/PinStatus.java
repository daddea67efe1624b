package io.strata.pinning;

/** The state of one pin on one node, as that node's tracker reports it. */
public enum PinStatus {
    QUEUED,
    PINNING,
    PINNED,
    PIN_ERROR,
    UNPINNING,
    UNPINNED,
    /** The pin exists in the cluster but is not allocated to this node. */
    REMOTE;

    /** The lower-case name used on the wire ({@code pin_error}), as IPFS Cluster spells it. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
