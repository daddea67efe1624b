package io.strata.gateway;

import io.strata.ipld.car.DagScope;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Request parsing, negotiation, ranges, Etags and sniffing, without a server. */
class GatewayRequestTest {

    private static final String CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";

    private static GatewayRequest parse(String path, Map<String, String> params, String accept) {
        return GatewayRequest.parse(false, path, null, params::get, new GatewayRequest.Headers(accept, null, null, null, null));
    }

    @Test
    void splitsAndDecodesThePath() {
        GatewayRequest request = parse("/ipfs/" + CID + "/a%20b//c+d%C3%A9/", Map.of(), null);
        assertEquals(CID, request.root().toString());
        assertEquals(java.util.List.of("a b", "c+dé"), request.segments());
        assertTrue(request.trailingSlash());
        assertEquals(ResponseFormat.DESERIALIZED, request.format());
    }

    @Test
    void headersCarryOnlyVisibleAscii() {
        assertEquals("/ipfs/x/caf%C3%A9%20menu", GatewayRequest.headerSafe("/ipfs/x/café menu"));
        assertEquals("/ipfs/x/a%2Fb?q=1", GatewayRequest.headerSafe("/ipfs/x/a%2Fb?q=1"));
    }

    @Test
    void refusesMalformedInput() {
        assertEquals(400, assertThrows(GatewayException.class, () -> parse("/ipfs/Qmnope", Map.of(), null)).status());
        assertEquals(400, assertThrows(GatewayException.class, () -> parse("/ipfs/" + CID + "/%zz", Map.of(), null)).status());
        assertEquals(400, assertThrows(GatewayException.class, () -> parse("/ipfs/" + CID + "/%4", Map.of(), null)).status());
        assertEquals(400, assertThrows(GatewayException.class, () -> parse("/ipfs/", Map.of(), null)).status());
        assertEquals(404, assertThrows(GatewayException.class, () -> parse("/foo", Map.of(), null)).status());
        assertEquals(400, assertThrows(GatewayException.class,
                () -> parse("/ipfs/" + CID, Map.of("format", "png"), null)).status());
        assertEquals(400, assertThrows(GatewayException.class,
                () -> parse("/ipfs/" + CID, Map.of("format", "car", "car-dups", "maybe"), null)).status());
    }

    @Test
    void formatParameterWinsOverAccept() {
        GatewayRequest request = parse("/ipfs/" + CID, Map.of("format", "raw"), "application/vnd.ipld.car");
        assertEquals(ResponseFormat.RAW, request.format());
        assertFalse(request.formatFromAccept());
    }

    @Test
    void acceptPicksTheHighestQuality() {
        assertEquals(ResponseFormat.CAR, parse("/ipfs/" + CID, Map.of(),
                "text/html;q=0.5, application/vnd.ipld.car;q=0.9").format());
        assertEquals(ResponseFormat.DESERIALIZED, parse("/ipfs/" + CID, Map.of(),
                "text/html, application/vnd.ipld.raw;q=0.9").format());
        assertEquals(ResponseFormat.DESERIALIZED, parse("/ipfs/" + CID, Map.of(),
                "application/vnd.ipld.raw;q=0").format());
        GatewayRequest car = parse("/ipfs/" + CID, Map.of(), "application/vnd.ipld.car; version=1; order=dfs; dups=y");
        assertTrue(car.formatFromAccept());
        assertTrue(car.car().duplicates());
        assertEquals("application/vnd.ipld.car; version=1; order=dfs; dups=y", car.car().contentType());
    }

    @Test
    void entityBytesImpliesEntityScope() {
        GatewayRequest request = parse("/ipfs/" + CID, Map.of("format", "car", "entity-bytes", "-10:*",
                "dag-scope", "all"), null);
        assertEquals(DagScope.ENTITY, request.car().scope());
        assertEquals(Optional.of(new EntityBytes(-10, Optional.empty())), request.car().entityBytes());
    }

    @Test
    void entityBytesResolveAgainstTheSize() {
        assertArrayEquals(new long[]{0, 99}, EntityBytes.parse("0:*").resolve(100).orElseThrow());
        assertArrayEquals(new long[]{90, 99}, EntityBytes.parse("-10:*").resolve(100).orElseThrow());
        assertArrayEquals(new long[]{10, 89}, EntityBytes.parse("10:-11").resolve(100).orElseThrow());
        assertArrayEquals(new long[]{50, 99}, EntityBytes.parse("50:500").resolve(100).orElseThrow());
        assertArrayEquals(new long[]{0, 99}, EntityBytes.parse("-500:*").resolve(100).orElseThrow());
        assertTrue(EntityBytes.parse("100:*").resolve(100).isEmpty());
        assertTrue(EntityBytes.parse("0:*").resolve(0).isEmpty());
        assertTrue(EntityBytes.parse("50:-60").resolve(100).isEmpty());
        assertThrows(GatewayException.class, () -> EntityBytes.parse("9:3"));
        assertThrows(GatewayException.class, () -> EntityBytes.parse("1:2:3"));
        assertThrows(GatewayException.class, () -> EntityBytes.parse(":5"));
        assertThrows(GatewayException.class, () -> EntityBytes.parse("99999999999999999999:*"));
    }

    @Test
    void byteRanges() {
        assertEquals(Optional.of(new ByteRange(0, 10)), ByteRange.parse("bytes=0-9", 100));
        assertEquals(Optional.of(new ByteRange(95, 5)), ByteRange.parse("bytes=95-200", 100));
        assertEquals(Optional.of(new ByteRange(70, 30)), ByteRange.parse("bytes=-30", 100));
        assertEquals(Optional.of(new ByteRange(0, 100)), ByteRange.parse("bytes=-300", 100));
        assertEquals(Optional.of(new ByteRange(40, 60)), ByteRange.parse("bytes=40-", 100));
        assertEquals("bytes 40-99/100", new ByteRange(40, 60).contentRange(100));
        assertEquals(Optional.empty(), ByteRange.parse(null, 100));
        assertEquals(Optional.empty(), ByteRange.parse("bytes=0-1,5-6", 100));
        assertEquals(Optional.empty(), ByteRange.parse("items=0-1", 100));
        assertEquals(Optional.empty(), ByteRange.parse("bytes=9-3", 100));
        assertEquals(Optional.empty(), ByteRange.parse("bytes=x-3", 100));
        assertThrows(ByteRange.UnsatisfiableException.class, () -> ByteRange.parse("bytes=100-", 100));
        assertThrows(ByteRange.UnsatisfiableException.class, () -> ByteRange.parse("bytes=-0", 100));
        assertThrows(ByteRange.UnsatisfiableException.class, () -> ByteRange.parse("bytes=0-", 0));
    }

    @Test
    void etagMatching() {
        assertTrue(Etags.matches("\"a\"", "\"a\""));
        assertTrue(Etags.matches("W/\"a\"", "\"a\""));
        assertTrue(Etags.matches("\"x\", \"a\"", "\"a\""));
        assertTrue(Etags.matches("*", "\"a\""));
        assertFalse(Etags.matches("\"b\"", "\"a\""));
    }

    @Test
    void sniffsCommonTypes() {
        assertEquals("image/png", ContentTypes.sniff(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0}));
        assertEquals("image/jpeg", ContentTypes.sniff(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x10}));
        assertEquals("application/pdf", ContentTypes.sniff(ascii("%PDF-1.7\n")));
        assertEquals(ContentTypes.HTML, ContentTypes.sniff(ascii("  \n<!DOCTYPE html><html>")));
        assertEquals(ContentTypes.HTML, ContentTypes.sniff(ascii("<p>hi</p>")));
        assertEquals("image/svg+xml", ContentTypes.sniff(ascii("<?xml version=\"1.0\"?><svg xmlns=\"x\"/>")));
        assertEquals("text/xml; charset=utf-8", ContentTypes.sniff(ascii("<?xml version=\"1.0\"?><feed/>")));
        assertEquals(ContentTypes.TEXT_PLAIN, ContentTypes.sniff("héllo wörld\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ContentTypes.OCTET_STREAM, ContentTypes.sniff(new byte[]{'a', 0, 'b'}));
        assertEquals(ContentTypes.TEXT_PLAIN, ContentTypes.sniff(new byte[0]));
        assertEquals(Optional.of("text/css; charset=utf-8"), ContentTypes.byName("style.CSS"));
        assertEquals(Optional.empty(), ContentTypes.byName("README"));
        assertEquals(Optional.empty(), ContentTypes.byName("file."));
    }

    @Test
    void dispositionKeepsNonAsciiNamesInTheUtf8Form() {
        assertEquals("attachment; filename=\"x.car\"", GatewayResponder.disposition("attachment", "x.car"));
        assertEquals("inline; filename=\"test____.pdf\"; filename*=UTF-8''test%D1%82%D0%B5%D1%81%D1%82.pdf",
                GatewayResponder.disposition("inline", "testтест.pdf"));
    }

    @Test
    void listingEscapesMarkup() {
        assertEquals("&lt;script&gt;&amp;&quot;&#39;", DirectoryListingPage.escape("<script>&\"'"));
        assertEquals("a%20b%2Fc", DirectoryListingPage.encodePathSegment("a b/c"));
        assertEquals("1.5 KiB", DirectoryListingPage.humanSize(1536));
        assertEquals("999 B", DirectoryListingPage.humanSize(999));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
