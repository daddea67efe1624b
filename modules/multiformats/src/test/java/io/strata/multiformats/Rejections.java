package io.strata.multiformats;

import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Asserts that malformed input is rejected with the expected code and a message naming the problem. */
final class Rejections {

    private Rejections() {
    }

    static MultiformatException assertRejected(MultiformatException.Code code, Executable action,
                                               String... messageFragments) {
        MultiformatException e = assertThrows(MultiformatException.class, action);
        assertEquals(code, e.code(), e.getMessage());
        for (String fragment : messageFragments) {
            assertTrue(e.getMessage().contains(fragment),
                    "message '" + e.getMessage() + "' should mention '" + fragment + "'");
        }
        return e;
    }
}
