package io.strata.blockstore;

import java.util.Locale;

/**
 * Kubo's pin types. Direct and recursive pins are stored; indirect ones (blocks reachable from a recursive
 * pin) are computed by walking the DAG, never stored.
 */
public enum PinType {
    DIRECT,
    RECURSIVE,
    INDIRECT;

    /** The name Kubo's RPC API uses ({@code direct}, {@code recursive}, {@code indirect}). */
    public String kuboName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
