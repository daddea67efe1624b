package io.strata.blockstore;

import io.strata.multiformats.Cid;

import java.util.Objects;

/**
 * A stored pin: a direct or recursive pin on {@code cid}, with a name ({@code ""} when unnamed, as Kubo
 * reports it).
 */
public record Pin(Cid cid, PinType type, String name) {

    public Pin {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(name, "name (use \"\" for an unnamed pin)");
        if (type != PinType.DIRECT && type != PinType.RECURSIVE) {
            throw new IllegalArgumentException("only direct and recursive pins are stored, not " + type);
        }
    }
}
