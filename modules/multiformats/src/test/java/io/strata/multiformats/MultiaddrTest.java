package io.strata.multiformats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;

import static io.strata.multiformats.MultiformatException.Code.MULTIADDR_INVALID;
import static io.strata.multiformats.MultiformatException.Code.MULTIADDR_TRUNCATED;
import static io.strata.multiformats.MultiformatException.Code.MULTIADDR_UNKNOWN_PROTOCOL;
import static io.strata.multiformats.Rejections.assertRejected;
import static io.strata.multiformats.Rejections.assertRejectedAnyCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Binary vectors are those of go-multiaddr, js-multiaddr and the other implementations' shared test
 * tables (for example {@code /ip4/127.0.0.1/udp/1234} is {@code 047f000001910204d2}).
 */
class MultiaddrTest {

    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "/ip4/127.0.0.1/udp/1234, 047f000001910204d2",
            "/ip4/127.0.0.1/tcp/4321, 047f0000010610e1",
            "/ip4/127.0.0.1/tcp/5000, 047f000001061388",
            "/ip4/127.0.0.1/udp/1234/ip4/127.0.0.1/tcp/4321, 047f000001910204d2047f0000010610e1",
            "/ip6/2001:8a0:7ac5:4201:3ac9:86ff:fe31:7095, 29200108a07ac542013ac986fffe317095",
            "/ip6/2001:8a0:7ac5:4201:3ac9:86ff:fe31:7095/tcp/5000, 29200108a07ac542013ac986fffe317095061388",
            "/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC, a503221220d52ebb89d85b02a284948203a62ff28389c57c9f42beec4ec20db76a68911c0b",
            "/ip4/104.131.131.82/udp/4001/quic-v1, 046883835291020fa1cd03"})
    void specVectors(String text, String hex) {
        Multiaddr fromText = Multiaddr.parse(text);
        assertEquals(hex, HEX.formatHex(fromText.bytes()));
        Multiaddr fromBytes = Multiaddr.fromBytes(HEX.parseHex(hex));
        assertEquals(text, fromBytes.toString());
        assertEquals(fromText, fromBytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/ip4/0.0.0.0/tcp/4001/p2p/12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq",
            "/ip6/::1/tcp/8080/http",
            "/ip6/::/udp/4001/quic-v1",
            "/ip6/2001:db8::1/tcp/443/tls/ws",
            "/ip6/fe80::1:0:0:1/tcp/1",
            "/dns/example.com/tcp/443/https",
            "/dns4/ipfs.io/tcp/443/wss",
            "/dns6/ipfs.io/udp/443/quic-v1",
            "/dnsaddr/bootstrap.libp2p.io",
            "/ip4/1.2.3.4/tcp/80/http"})
    void roundTripsThroughBothForms(String text) {
        Multiaddr address = Multiaddr.parse(text);
        assertEquals(text, address.toString());
        assertEquals(address, Multiaddr.fromBytes(address.bytes()));
    }

    @Test
    void normalisesIp6AndLegacyNames() {
        assertEquals("/ip6/::1/tcp/1", Multiaddr.parse("/ip6/0:0:0:0:0:0:0:1/tcp/1").toString());
        assertEquals("/ip6/2001:db8::1", Multiaddr.parse("/ip6/2001:DB8:0:0:0:0:0:1").toString());
        assertEquals("/ip6/2001:0:0:1::1", Multiaddr.parse("/ip6/2001:0:0:1:0:0:0:1").toString());
        assertEquals("/ip6/::ffff:1.2.3.4", Multiaddr.parse("/ip6/::ffff:0102:0304").toString());
        assertEquals("/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC",
                Multiaddr.parse("/ipfs/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC").toString());
        assertEquals("/ip4/127.0.0.1/tcp/1234", Multiaddr.parse("/ip4/127.0.0.1/tcp/1234/").toString());
    }

    @Test
    void peerIdOfTheLastP2pComponent() {
        Multiaddr address = Multiaddr.parse(
                "/ip4/1.2.3.4/tcp/1/p2p/12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
        assertEquals("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq", address.peerId().orElseThrow().toBase58());
        assertTrue(Multiaddr.parse("/ip4/1.2.3.4").peerId().isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''| starts with '/'",
            "ip4/127.0.0.1| starts with '/'",
            "/| empty multiaddr",
            "/ip4| needs a value",
            "/ip4/::1| four dotted decimal octets",
            "/ip4/256.0.0.1| not a decimal number 0-255",
            "/ip4/01.0.0.1| without leading zeros",
            "/ip4/1.2.3| four dotted decimal octets",
            "/ip6/1:2:3| eight groups",
            "/ip6/1::2::3| only once",
            "/ip6/12345::| one to four hex digits",
            "/ip6/g::| one to four hex digits",
            "/tcp/65536| larger than 65535",
            "/udp/-1| decimal number 0-65535",
            "/tcp/12a| decimal number 0-65535",
            "/dns4/| needs a value",
            "/dns4//tcp/1| non-empty name"})
    void rejectsMalformedText(String text, String why) {
        assertRejected(MULTIADDR_INVALID, () -> Multiaddr.parse(text), why);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/sctp/1", "/ip4/1.2.3.4//tcp/1", "/onion/aaimaq4ygg2iegci:80"})
    void rejectsUnknownProtocols(String text) {
        assertRejected(MULTIADDR_UNKNOWN_PROTOCOL, () -> Multiaddr.parse(text));
    }

    @Test
    void rejectsMalformedPeerIds() {
        assertRejectedAnyCode(() -> Multiaddr.parse("/p2p/notapeerid"));
    }

    @Test
    void rejectsMalformedBinary() {
        assertRejected(MULTIADDR_INVALID, () -> Multiaddr.fromBytes(new byte[0]), "empty");
        assertRejected(MULTIADDR_UNKNOWN_PROTOCOL, () -> Multiaddr.fromBytes(HEX.parseHex("7f")), "0x7f");
        assertRejected(MULTIADDR_TRUNCATED, () -> Multiaddr.fromBytes(HEX.parseHex("047f0000")), "ip4", "4 bytes", "3 remain");
        assertRejected(MULTIADDR_TRUNCATED, () -> Multiaddr.fromBytes(HEX.parseHex("047f00000106")), "tcp");
        assertRejected(MULTIADDR_TRUNCATED, () -> Multiaddr.fromBytes(HEX.parseHex("3605616263")), "dns4", "5 bytes");
        assertRejected(MULTIADDR_INVALID, () -> Multiaddr.fromBytes(HEX.parseHex("3600")), "non-empty");
        assertRejected(MULTIADDR_INVALID, () -> Multiaddr.fromBytes(HEX.parseHex("3603612f62")), "free of '/'");
        assertRejectedAnyCode(() -> Multiaddr.fromBytes(HEX.parseHex("a50302abcd")));
        assertRejectedAnyCode(() -> Multiaddr.fromBytes(HEX.parseHex("0691")));
    }
}
