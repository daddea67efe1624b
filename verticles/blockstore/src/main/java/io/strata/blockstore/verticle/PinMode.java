package io.strata.blockstore.verticle;

/** How a CID is pinned, with Kubo's meaning: a recursive pin protects the whole DAG below its root. */
public enum PinMode {
    /** Only this block is protected. */
    DIRECT,
    /** This block and every block reachable from it are protected. */
    RECURSIVE,
    /** Protected because a recursive pin reaches it; never set directly. */
    INDIRECT;

    /** Kubo's spelling in {@code pin ls} output: {@code direct}, {@code recursive}, {@code indirect}. */
    public String kuboName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
