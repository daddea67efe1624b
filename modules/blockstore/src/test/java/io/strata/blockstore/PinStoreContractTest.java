package io.strata.blockstore;

import io.strata.multiformats.Cid;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.strata.blockstore.TestDags.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The behaviour every {@link PinStore} shares. */
abstract class PinStoreContractTest {

    protected abstract PinStore pins();

    private Set<Pin> listed(PinType type) {
        try (Stream<Pin> stream = pins().list(type)) {
            return stream.collect(Collectors.toSet());
        }
    }

    @Test
    void storedPinIsFoundAndListedByType() {
        Pin recursive = new Pin(raw("r").cid(), PinType.RECURSIVE, "backup 2026-11");
        Pin direct = new Pin(raw("d").cid(), PinType.DIRECT, "");
        pins().put(recursive);
        pins().put(direct);

        assertEquals(Optional.of(recursive), pins().get(recursive.cid()));
        assertEquals(Set.of(recursive), listed(PinType.RECURSIVE));
        assertEquals(Set.of(direct), listed(PinType.DIRECT));
        assertTrue(pins().get(raw("other").cid()).isEmpty());
    }

    @Test
    void aPinIsFoundThroughTheCidTwin() {
        Cid v1 = TestDags.node("pinned").cid();
        pins().put(new Pin(v1.toV0(), PinType.RECURSIVE, ""));

        assertEquals(Optional.of(new Pin(v1.toV0(), PinType.RECURSIVE, "")), pins().get(v1));

        pins().put(new Pin(v1, PinType.DIRECT, ""));

        try (Stream<Pin> all = pins().list()) {
            assertEquals(List.of(new Pin(v1, PinType.DIRECT, "")), all.toList());
        }
    }

    @Test
    void removedPinIsGone() {
        Cid cid = raw("gone").cid();
        pins().put(new Pin(cid, PinType.DIRECT, ""));

        assertTrue(pins().remove(cid));
        assertFalse(pins().remove(cid));
        assertTrue(pins().get(cid).isEmpty());
    }

    @Test
    void replaceSwapsOnePinForAnother() {
        Cid from = raw("from").cid();
        Cid to = raw("to").cid();
        pins().put(new Pin(from, PinType.RECURSIVE, "site"));

        pins().replace(from, new Pin(to, PinType.RECURSIVE, "site"));

        assertEquals(Set.of(new Pin(to, PinType.RECURSIVE, "site")), listed(PinType.RECURSIVE));
    }
}
