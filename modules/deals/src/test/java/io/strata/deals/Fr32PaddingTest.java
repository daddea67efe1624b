package io.strata.deals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Fr32PaddingTest {

    @Test
    void allOnesLeaveTheTopTwoBitsOfEveryElementClear() {
        byte[] ones = new byte[127];
        Arrays.fill(ones, (byte) 0xff);
        byte[] padded = new byte[128];
        Fr32Padding.padQuad(ones, 0, padded, 0);
        byte[] element = new byte[32];
        Arrays.fill(element, (byte) 0xff);
        element[31] = 0x3f;
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(element, Arrays.copyOfRange(padded, 32 * i, 32 * i + 32), "element " + i);
        }
    }

    @Test
    void payloadBitsShiftTwoPlacesPerElement() {
        // Bit 254 of the payload (bit 6 of byte 31) is the first bit of the second element.
        byte[] payload = new byte[127];
        payload[31] = 0x40;
        byte[] padded = new byte[128];
        Fr32Padding.padQuad(payload, 0, padded, 0);
        byte[] expected = new byte[128];
        expected[32] = 0x01;
        assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(padded));
        // The last payload bit (bit 1015) is the last data bit of the fourth element: bit 5 of byte 127.
        payload = new byte[127];
        payload[126] = (byte) 0x80;
        Fr32Padding.padQuad(payload, 0, padded, 0);
        expected = new byte[128];
        expected[127] = 0x20;
        assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(padded));
    }

    @Property
    void unpaddingRestoresThePayload(@ForAll @Size(127) byte[] payload) {
        byte[] padded = new byte[128];
        Fr32Padding.padQuad(payload, 0, padded, 0);
        byte[] restored = new byte[127];
        Fr32Padding.unpadQuad(padded, 0, restored, 0);
        assertArrayEquals(payload, restored);
    }

    @Property
    void theStreamPadsQuadByQuadAndZeroFillsTheLast(@ForAll @Size(max = 1000) byte[] payload) throws IOException {
        byte[] streamed = Fr32Padding.paddingStream(new ByteArrayInputStream(payload)).readAllBytes();
        assertEquals(Fr32Padding.paddedSize(payload.length), streamed.length);
        int quads = streamed.length / 128;
        byte[] expected = new byte[streamed.length];
        Fr32Padding.padQuads(Arrays.copyOf(payload, quads * 127), 0, expected, 0, quads);
        assertArrayEquals(expected, streamed);
    }

    @Test
    void unpaddingRejectsSetPaddingBits() {
        byte[] padded = new byte[128];
        padded[63] = (byte) 0x80;
        DealsException e = assertThrows(DealsException.class, () -> Fr32Padding.unpadQuad(padded, 0, new byte[127], 0));
        assertEquals(DealsException.Code.INVALID_FR32, e.code());
        assertEquals("byte 63 of the padded quad is 0x80: its top two bits must be zero", e.getMessage());
    }
}
