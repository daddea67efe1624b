package io.strata.multiformats;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MultiaddrProperties {

    @Property(tries = 500)
    void ip4AddressesAndPortsRoundTrip(@ForAll @Size(4) byte[] ip, @ForAll @IntRange(max = 65535) int port,
                                       @ForAll boolean udp) {
        String text = "/ip4/" + (ip[0] & 0xff) + "." + (ip[1] & 0xff) + "." + (ip[2] & 0xff) + "." + (ip[3] & 0xff)
                + (udp ? "/udp/" : "/tcp/") + port;
        Multiaddr address = Multiaddr.parse(text);
        assertEquals(text, address.toString());
        assertEquals(address, Multiaddr.fromBytes(address.bytes()));
        assertEquals(4 + 1 + (udp ? 2 : 1) + 2, address.bytes().length);
    }

    /** Whatever the 16 bytes, our text form names the same address as the JDK reads it, and reads back. */
    @Property(tries = 1000)
    void ip6TextNamesTheSameBytes(@ForAll @Size(16) byte[] ip) throws UnknownHostException {
        byte[] binary = new byte[17];
        binary[0] = 41;
        System.arraycopy(ip, 0, binary, 1, 16);
        Multiaddr address = Multiaddr.fromBytes(binary);
        String text = address.components().get(0).value();
        assertArrayEquals(binary, Multiaddr.parse(address.toString()).bytes());
        byte[] jdk = InetAddress.getByName("[" + text + "]").getAddress();
        if (jdk.length == 16) {
            assertArrayEquals(ip, jdk);
        } else {
            assertArrayEquals(java.util.Arrays.copyOfRange(ip, 12, 16), jdk);
        }
    }

    @Property(tries = 300)
    void anyTruncationOfAValidAddressIsRejected(@ForAll @IntRange(min = 1, max = 40) int cut) {
        byte[] full = Multiaddr.parse("/dns4/example.com/tcp/443/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC")
                .bytes();
        byte[] truncated = java.util.Arrays.copyOf(full, full.length - cut);
        try {
            Multiaddr parsed = Multiaddr.fromBytes(truncated);
            assertEquals(parsed, Multiaddr.parse(parsed.toString()),
                    "a prefix that happens to end on a component boundary must still be a valid address");
        } catch (MultiformatException expected) {
            // rejected with a precise exception, never an index error
        }
    }
}
