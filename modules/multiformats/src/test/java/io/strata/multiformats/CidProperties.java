package io.strata.multiformats;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CidProperties {

    @Provide
    Arbitrary<Cid> v1Cids() {
        return Generators.v1Cids();
    }

    @Provide
    Arbitrary<Cid> v0Cids() {
        return Generators.v0Cids();
    }

    @Property(tries = 1000)
    void binaryFormRoundTrips(@ForAll("v1Cids") Cid cid) {
        Cid parsed = Cid.fromBytes(cid.bytes());
        assertEquals(cid, parsed);
        assertEquals(cid.codec(), parsed.codec());
        assertEquals(cid.multihash(), parsed.multihash());
        assertEquals(cid.bytes().length, parsed.length());
    }

    @Property(tries = 300)
    void everyBaseRoundTrips(@ForAll("v1Cids") Cid cid) {
        for (Multibase base : Multibase.values()) {
            assertEquals(cid, Cid.parse(cid.toString(base)), base.multibaseName());
        }
        assertEquals(cid, Cid.parse(cid.toString()));
    }

    @Property(tries = 500)
    void v0AndV1Convert(@ForAll("v0Cids") Cid v0) {
        assertEquals(v0, Cid.parse(v0.toString()));
        assertEquals(46, v0.toString().length());
        Cid v1 = v0.toV1();
        assertEquals(1, v1.version());
        assertEquals(Multicodec.DAG_PB.code(), v1.codec());
        assertEquals(v0, v1.toV0());
        for (Multibase base : Multibase.values()) {
            assertEquals(v1, Cid.parse(v1.toString(base)), base.multibaseName());
        }
        assertEquals(v0, Cid.fromBytes(v0.bytes()));
    }

    @Property(tries = 300)
    void concatenatedCidsAreReadOneByOne(@ForAll("v1Cids") Cid first, @ForAll("v0Cids") Cid second,
                                         @ForAll("v1Cids") Cid third) {
        byte[] joined = new byte[first.length() + second.length() + third.length()];
        first.writeTo(joined, 0);
        second.writeTo(joined, first.length());
        third.writeTo(joined, first.length() + second.length());
        Cid a = Cid.read(joined, 0);
        Cid b = Cid.read(joined, a.length());
        Cid c = Cid.read(joined, a.length() + b.length());
        assertEquals(first, a);
        assertEquals(second, b);
        assertEquals(third, c);
    }

    @Property(tries = 300)
    void peerIdTextFormsRoundTrip(@ForAll byte[] publicKey) {
        PeerId id = PeerId.fromPublicKey(publicKey);
        assertEquals(id, PeerId.parse(id.toBase58()));
        for (Multibase base : Multibase.values()) {
            assertEquals(id, PeerId.parse(id.toString(base)), base.multibaseName());
        }
    }
}
