package io.strata.blockstore;

import io.strata.multiformats.Cid;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * The stored pins: at most one per multihash (so a CIDv0 and its CIDv1 twin share one pin), each direct or
 * recursive. This is storage only; the Kubo rules (what may replace what, indirect pins, verification)
 * live in {@link Pinner}. Writes are atomic and as durable as the store's block writes.
 */
public interface PinStore {

    Optional<Pin> get(Cid cid);

    /** Stores the pin, replacing any pin on the same multihash. */
    void put(Pin pin);

    /** Removes the pin on this CID's multihash; false when there was none. */
    boolean remove(Cid cid);

    /** Removes the pin on {@code removed} and stores {@code added} in one atomic write. */
    void replace(Cid removed, Pin added);

    /** Every stored pin, streamed; close the stream. */
    Stream<Pin> list();

    /** The stored pins of one type ({@code DIRECT} or {@code RECURSIVE}); close the stream. */
    default Stream<Pin> list(PinType type) {
        return list().filter(pin -> pin.type() == type);
    }
}
