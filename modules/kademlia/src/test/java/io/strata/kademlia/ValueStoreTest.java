package io.strata.kademlia;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueStoreTest {

    private final byte[] key = "/ipns/example".getBytes(StandardCharsets.UTF_8);
    private final ValueStore store = new ValueStore(KademliaNetworkSimulator.GREATEST_VALUE_WINS);

    @Test
    void keepsTheValueTheSelectorPrefers() {
        assertTrue(store.put(key, new byte[] {2}, 10));
        assertFalse(store.put(key, new byte[] {1}, 20));
        assertArrayEquals(new byte[] {2}, store.get(key).orElseThrow().value());
        assertTrue(store.put(key, new byte[] {3}, 30));
        ValueRecord record = store.get(key).orElseThrow();
        assertArrayEquals(new byte[] {3}, record.value());
        assertArrayEquals(key, record.key());
        assertEquals(30, record.receivedAtMillis());
        assertEquals(1, store.size());
    }

    @Test
    void rejectsValuesTheValidatorRefuses() {
        KademliaException error = assertThrows(KademliaException.class, () -> store.put(key, new byte[0], 0));
        assertEquals(KademliaException.Code.INVALID_RECORD, error.code());
        assertTrue(store.get(key).isEmpty());
    }
}
