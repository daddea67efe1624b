package io.strata.orbit.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CounterStoreTest {

    private static CounterStore store(String writer) {
        return new CounterStore(Replicas.log(writer), Replicas.signer(writer));
    }

    @Test
    void concurrentIncrementsAndDecrementsAllCount() {
        CounterStore a = store("a");
        CounterStore b = store("b");
        a.increment(5);
        a.decrement(2);
        b.increment(10);
        b.increment(1);
        a.join(b);
        b.join(a);
        a.join(b);
        assertEquals(14, a.value());
        assertEquals(14, b.value());
        assertEquals(a.state(), b.state());
        assertEquals(8, a.state().increments().countOf("b") - 3);
    }

    @Test
    void amountsArePositive() {
        CounterStore store = store("a");
        assertThrows(IllegalArgumentException.class, () -> store.increment(0));
        assertThrows(IllegalArgumentException.class, () -> store.decrement(-1));
    }
}
