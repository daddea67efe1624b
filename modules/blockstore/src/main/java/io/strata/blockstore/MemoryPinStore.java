package io.strata.blockstore;

import io.strata.multiformats.Cid;
import io.strata.multiformats.Multihash;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** A {@link PinStore} in a map, for tests; {@link #list()} streams a snapshot. */
public final class MemoryPinStore implements PinStore {

    private final Map<Multihash, Pin> pins = new LinkedHashMap<>();

    @Override
    public synchronized Optional<Pin> get(Cid cid) {
        return Optional.ofNullable(pins.get(cid.multihash()));
    }

    @Override
    public synchronized void put(Pin pin) {
        pins.put(pin.cid().multihash(), pin);
    }

    @Override
    public synchronized boolean remove(Cid cid) {
        return pins.remove(cid.multihash()) != null;
    }

    @Override
    public synchronized void replace(Cid removed, Pin added) {
        pins.remove(removed.multihash());
        pins.put(added.cid().multihash(), added);
    }

    @Override
    public synchronized Stream<Pin> list() {
        return new ArrayList<>(pins.values()).stream();
    }
}
