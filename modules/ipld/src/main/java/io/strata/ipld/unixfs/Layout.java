package io.strata.ipld.unixfs;

/** How a file's leaves are arranged under its root, as Kubo's {@code --trickle} chooses. */
public enum Layout {
    BALANCED,
    TRICKLE
}
