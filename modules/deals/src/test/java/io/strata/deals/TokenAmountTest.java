package io.strata.deals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenAmountTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesAsFilecoinBigIntBytes() {
        assertArrayEquals(new byte[0], TokenAmount.ZERO.encode());
        assertEquals("0065", HEX.formatHex(TokenAmount.ofAtto(101).encode()));
        assertEquals("00ff", HEX.formatHex(TokenAmount.ofAtto(255).encode()));
        assertEquals("000100", HEX.formatHex(TokenAmount.ofAtto(256).encode()));
        assertEquals("0101", HEX.formatHex(TokenAmount.ofAtto(-1).encode()));
        // 10^18 = 0x0de0b6b3a7640000
        assertEquals("000de0b6b3a7640000", HEX.formatHex(TokenAmount.ofFil(1).encode()));
    }

    @Test
    void refusesNonCanonicalBytes() {
        for (String hex : new String[] {"00", "01", "000001", "0200", "ff01"}) {
            DealsException e = assertThrows(DealsException.class, () -> TokenAmount.decode(HEX.parseHex(hex)), hex);
            assertEquals(DealsException.Code.INVALID_TOKEN_AMOUNT, e.code());
        }
        byte[] tooLong = new byte[129];
        tooLong[1] = 1;
        assertEquals(DealsException.Code.INVALID_TOKEN_AMOUNT,
                assertThrows(DealsException.class, () -> TokenAmount.decode(tooLong)).code());
        TokenAmount huge = TokenAmount.ofAtto(BigInteger.ONE.shiftLeft(127 * 8));
        assertEquals(DealsException.Code.INVALID_TOKEN_AMOUNT,
                assertThrows(DealsException.class, huge::encode).code());
    }

    @Property
    void decodeInvertsEncode(@ForAll BigInteger atto) {
        TokenAmount amount = TokenAmount.ofAtto(atto);
        assertEquals(amount, TokenAmount.decode(amount.encode()));
    }

    @Test
    void parsesAndPrintsDecimalFil() {
        assertEquals(TokenAmount.ofAtto(100_000_000_000L), TokenAmount.parseFil("0.0000001"));
        assertEquals("1.5 FIL", TokenAmount.parseFil("1.5").toFilString());
        assertEquals("0 FIL", TokenAmount.ZERO.toFilString());
        assertEquals(DealsException.Code.INVALID_TOKEN_AMOUNT,
                assertThrows(DealsException.class, () -> TokenAmount.parseFil("0.0000000000000000001")).code());
        assertEquals(DealsException.Code.INVALID_TOKEN_AMOUNT,
                assertThrows(DealsException.class, () -> TokenAmount.parseFil("one")).code());
    }
}
