package io.strata.dht;

import io.strata.kademlia.KademliaException;
import io.strata.kademlia.RecordValidator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamespacedValidatorTest {

    private static final RecordValidator LONGEST = new RecordValidator() {
        @Override
        public void validate(byte[] key, byte[] value) {
            if (value.length == 0) {
                throw new KademliaException(KademliaException.Code.INVALID_RECORD, "empty");
            }
        }

        @Override
        public int select(byte[] key, List<byte[]> values) {
            return values.get(0).length >= values.get(1).length ? 0 : 1;
        }
    };

    private final NamespacedValidator validator = new NamespacedValidator(Map.of("ipns", LONGEST));

    @Test
    void findsTheNamespaceBetweenTheFirstTwoSlashes() {
        assertEquals(Optional.of("ipns"), NamespacedValidator.namespace(bytes("/ipns/\u0000\u0024abc")));
        assertEquals(Optional.of("pk"), NamespacedValidator.namespace(bytes("/pk/x/y")));
        assertEquals(Optional.empty(), NamespacedValidator.namespace(bytes("ipns/x")));
        assertEquals(Optional.empty(), NamespacedValidator.namespace(bytes("//x")));
        assertEquals(Optional.empty(), NamespacedValidator.namespace(bytes("/ipns")));
        assertEquals(Optional.empty(), NamespacedValidator.namespace(new byte[0]));
    }

    @Test
    void dispatchesToTheNamespaceValidator() {
        assertTrue(validator.accepts(bytes("/ipns/k")));
        assertFalse(validator.accepts(bytes("/pk/k")));
        validator.validate(bytes("/ipns/k"), bytes("v"));
        KademliaException empty = assertThrows(KademliaException.class, () -> validator.validate(bytes("/ipns/k"), new byte[0]));
        assertEquals(KademliaException.Code.INVALID_RECORD, empty.code());
        assertEquals(1, validator.select(bytes("/ipns/k"), List.of(bytes("a"), bytes("bb"))));
    }

    @Test
    void refusesKeysOutsideEveryNamespace() {
        KademliaException unknown = assertThrows(KademliaException.class, () -> validator.validate(bytes("/pk/k"), bytes("v")));
        assertEquals(KademliaException.Code.INVALID_RECORD, unknown.code());
        assertTrue(unknown.getMessage().contains("'pk'"));
        KademliaException shapeless = assertThrows(KademliaException.class, () -> validator.validate(bytes("k"), bytes("v")));
        assertTrue(shapeless.getMessage().contains("/<namespace>/<key>"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
