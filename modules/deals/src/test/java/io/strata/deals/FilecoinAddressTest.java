package io.strata.deals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FilecoinAddressTest {

    private static final HexFormat HEX = HexFormat.of();

    /** Pairs from the iso-filecoin address tests (text form, binary form). */
    private static final String[][] SECP256K1_VECTORS = {
            {"f17uoq6tp427uzv7fztkbsnn64iwotfrristwpryy", "01fd1d0f4dfcd7e99afcb99a8326b7dc459d32c628"},
            {"f1xcbgdhkgkwht3hrrnui3jdopeejsoatkzmoltqy", "01b882619d46558f3d9e316d11b48dcf211327026a"},
            {"f1xtwapqc6nh4si2hcwpr3656iotzmlwumogqbuaa", "01bcec07c05e69f92468e2b3e3bf77c874f2c5da8c"},
            {"f1wbxhu3ypkuo6eyp6hjx6davuelxaxrvwb2kuwva", "01b06e7a6f0f551de261fe3a6fe182b422ee0bc6b6"},
    };

    @Test
    void secp256k1AddressesMatchTheReferenceVectors() {
        for (String[] vector : SECP256K1_VECTORS) {
            FilecoinAddress parsed = FilecoinAddress.parse(vector[0]);
            assertEquals(vector[1], HEX.formatHex(parsed.toBytes()));
            assertEquals(vector[0], FilecoinAddress.fromBytes(HEX.parseHex(vector[1])).toString());
            assertEquals(FilecoinAddress.Protocol.SECP256K1, parsed.protocol());
        }
    }

    @Test
    void idAddressesAreAVarintOfTheActorId() {
        FilecoinAddress address = FilecoinAddress.parse("f01000");
        assertEquals("00e807", HEX.formatHex(address.toBytes()));
        assertEquals(1000, address.actorId());
        assertEquals("t01000", address.toString(FilecoinAddress.Network.TESTNET));
        assertEquals("0000", HEX.formatHex(FilecoinAddress.id(0).toBytes()));
    }

    @Test
    void refusesMalformedAddressesWithReasons() {
        String[] texts = {
                "f17uoq6tp427uzv7fztkbsnn64iwotfrristwpryz",  // checksum
                "f17UOQ6TP427UZV7FZTKBSNN64IWOTFRRISTWPRYY",  // upper case
                "x01000", "f9abc", "f0", "f001", "f0-1", "f099999999999999999999", "f1aa"};
        for (String text : texts) {
            DealsException e = assertThrows(DealsException.class, () -> FilecoinAddress.parse(text), text);
            assertEquals(DealsException.Code.INVALID_ADDRESS, e.code(), text);
        }
        String[] binaries = {"", "00", "00e80700", "0101", "05", "03" + "00".repeat(47)};
        for (String hex : binaries) {
            DealsException e = assertThrows(DealsException.class,
                    () -> FilecoinAddress.fromBytes(HEX.parseHex(hex)), hex);
            assertEquals(DealsException.Code.INVALID_ADDRESS, e.code(), hex);
        }
    }

    @Test
    void secp256k1AddressIsBlake2b160OfTheUncompressedKey() {
        byte[] key = new byte[65];
        key[0] = 4;
        FilecoinAddress address = FilecoinAddress.secp256k1(key);
        assertEquals(HEX.formatHex(FilecoinAddress.blake2b(key, 20)), HEX.formatHex(address.payload()));
        assertThrows(DealsException.class, () -> FilecoinAddress.secp256k1(new byte[65]));
    }

    @Property
    void idTextAndBytesRoundTrip(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long id) {
        FilecoinAddress address = FilecoinAddress.id(id);
        assertEquals(address, FilecoinAddress.parse(address.toString()));
        assertEquals(address, FilecoinAddress.fromBytes(address.toBytes()));
    }

    @Property
    void delegatedTextAndBytesRoundTrip(@ForAll @LongRange(min = 0, max = 1 << 20) long namespace,
                                        @ForAll @Size(max = 54) byte[] subaddress) {
        FilecoinAddress address = FilecoinAddress.delegated(namespace, subaddress);
        assertEquals(address, FilecoinAddress.parse(address.toString()));
        assertEquals(address, FilecoinAddress.fromBytes(address.toBytes()));
    }

    @Property
    void blsTextAndBytesRoundTrip(@ForAll @Size(48) byte[] key) {
        FilecoinAddress address = FilecoinAddress.bls(key);
        assertEquals(address, FilecoinAddress.parse(address.toString()));
        assertEquals(address, FilecoinAddress.fromBytes(address.toBytes()));
    }
}
