package io.strata.ipld;

import io.strata.ipld.codec.DagCbor;
import io.strata.ipld.codec.DagJson;
import io.strata.ipld.dagpb.DagPb;
import io.strata.ipld.dagpb.PbLink;
import io.strata.ipld.dagpb.PbNode;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.Multihash;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DagLinksTest {

    private static Cid raw(String text) {
        return Cid.of(Multicodec.RAW, Multicodec.SHA2_256, text.getBytes());
    }

    @Test
    void dagPbLinksInNodeOrder() {
        Cid a = raw("a");
        Cid b = raw("b");
        byte[] node = DagPb.encode(DagPb.canonical(List.of(new PbLink(b, "x", 1L), new PbLink(a, "y", 1L)), null));
        Cid cid = Cid.of(Multicodec.DAG_PB, Multicodec.SHA2_256, node);
        assertEquals(List.of(b, a), DagLinks.links(cid, node));
        assertEquals(List.of(b, a), DagLinks.links(cid.toV0(), node));
    }

    @Test
    void dagCborAndDagJsonLinksInEncodedOrderIncludingRepeats() {
        Cid a = raw("a");
        Cid b = raw("b");
        Cid c = raw("c");
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("zz", List.of(c, Map.of("deep", a)));
        value.put("b", b);
        value.put("again", a);
        byte[] cbor = DagCbor.encode(value);
        assertEquals(List.of(b, c, a, a), DagLinks.links(Cid.of(Multicodec.DAG_CBOR, Multicodec.SHA2_256, cbor), cbor),
                "keys in DAG-CBOR order: b, zz, again");
        byte[] json = DagJson.encode(value);
        assertEquals(List.of(a, b, c, a), DagLinks.links(Cid.of(Multicodec.DAG_JSON, Multicodec.SHA2_256, json), json),
                "keys in DAG-JSON order: again, b, zz");
    }

    @Test
    void nonCanonicalDagCborStillYieldsItsLinks() {
        Cid a = raw("a");
        byte[] link = DagCbor.encode(a);
        byte[] unsorted = new byte[4 + link.length + 3];
        System.arraycopy(HexFormat.of().parseHex("a2626262"), 0, unsorted, 0, 4);
        System.arraycopy(link, 0, unsorted, 4, link.length);
        System.arraycopy(HexFormat.of().parseHex("6161f6"), 0, unsorted, 4 + link.length, 3);
        assertEquals(List.of(a), DagLinks.links(Cid.of(Multicodec.DAG_CBOR, Multicodec.SHA2_256, unsorted), unsorted));
    }

    @Test
    void rawIdentityAndKeyBlocksHaveNoLinks() {
        assertTrue(DagLinks.links(raw("x"), "x".getBytes()).isEmpty());
        Cid inline = Cid.v1(Multicodec.RAW, Multihash.of(Multicodec.IDENTITY, new byte[] {1}));
        assertTrue(DagLinks.links(inline, new byte[] {1}).isEmpty());
        assertTrue(DagLinks.links(Cid.v1(Multicodec.IDENTITY, Multihash.sha256(new byte[] {2})), new byte[] {2}).isEmpty());
    }

    @Test
    void unknownCodecsAreUnsupported() {
        Cid gitRaw = Cid.v1(0x78, Multihash.sha256(new byte[] {1}));
        IpldException error = assertThrows(IpldException.class, () -> DagLinks.links(gitRaw, new byte[] {1}));
        assertEquals(IpldException.Code.UNSUPPORTED, error.code());
    }

    @Test
    void malformedBlocksReportTheirCodec() {
        IpldException error = assertThrows(IpldException.class,
                () -> DagLinks.links(Cid.of(Multicodec.DAG_CBOR, Multicodec.SHA2_256, new byte[] {(byte) 0xff}),
                        new byte[] {(byte) 0xff}));
        assertEquals(IpldException.Code.DAGCBOR_MALFORMED, error.code());
        PbNode empty = new PbNode(List.of(), null);
        assertTrue(DagLinks.links(Cid.of(Multicodec.DAG_PB, Multicodec.SHA2_256, DagPb.encode(empty)),
                DagPb.encode(empty)).isEmpty());
    }
}
