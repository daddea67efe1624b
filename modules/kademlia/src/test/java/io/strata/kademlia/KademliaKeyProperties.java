package io.strata.kademlia;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KademliaKeyProperties {

    private static final KademliaKey ZERO = KademliaKey.fromBytes(new byte[KademliaKey.BYTES]);

    @Provide
    Arbitrary<KademliaKey> keys() {
        return Arbitraries.bytes().array(byte[].class).ofSize(KademliaKey.BYTES).map(KademliaKey::fromBytes);
    }

    private static BigInteger distance(KademliaKey a, KademliaKey b) {
        return new BigInteger(1, a.xor(b).bytes());
    }

    @Property
    void distanceToItselfIsZero(@ForAll("keys") KademliaKey a) {
        assertEquals(ZERO, a.xor(a));
        assertEquals(KademliaKey.BITS, a.commonPrefixLength(a));
    }

    @Property
    void distanceIsSymmetric(@ForAll("keys") KademliaKey a, @ForAll("keys") KademliaKey b) {
        assertEquals(a.xor(b), b.xor(a));
        assertEquals(a.commonPrefixLength(b), b.commonPrefixLength(a));
    }

    @Property
    void distinctKeysHavePositiveDistance(@ForAll("keys") KademliaKey a, @ForAll("keys") KademliaKey b) {
        assertEquals(a.equals(b), distance(a, b).signum() == 0);
    }

    @Property
    void triangleInequalityHolds(@ForAll("keys") KademliaKey a, @ForAll("keys") KademliaKey b,
                                 @ForAll("keys") KademliaKey c) {
        assertTrue(distance(a, c).compareTo(distance(a, b).add(distance(b, c))) <= 0);
    }

    /** For a point and a distance there is exactly one point at that distance. */
    @Property
    void distanceIsUnidirectional(@ForAll("keys") KademliaKey a, @ForAll("keys") KademliaKey delta,
                                  @ForAll("keys") KademliaKey b) {
        KademliaKey atDelta = a.xor(delta);
        assertEquals(delta, a.xor(atDelta));
        assertEquals(a.xor(b).equals(delta), b.equals(atDelta));
    }

    @Property
    void commonPrefixLengthIsLeadingZerosOfDistance(@ForAll("keys") KademliaKey a, @ForAll("keys") KademliaKey b) {
        BigInteger d = distance(a, b);
        int expected = d.signum() == 0 ? KademliaKey.BITS : KademliaKey.BITS - d.bitLength();
        assertEquals(expected, a.commonPrefixLength(b));
    }

    @Property
    void compareDistanceAgreesWithIntegerDistances(@ForAll("keys") KademliaKey target,
                                                   @ForAll("keys") KademliaKey a, @ForAll("keys") KademliaKey b) {
        assertEquals(Integer.signum(distance(target, a).compareTo(distance(target, b))),
                Integer.signum(target.compareDistance(a, b)));
        assertEquals(Integer.signum(distance(target, a).compareTo(distance(target, b))),
                Integer.signum(target.xor(a).compareTo(target.xor(b))));
    }

    @Property
    void bitReadsBigEndianBits(@ForAll("keys") KademliaKey a) {
        BigInteger value = new BigInteger(1, a.bytes());
        for (int i = 0; i < KademliaKey.BITS; i += 37) {
            assertEquals(value.testBit(KademliaKey.BITS - 1 - i), a.bit(i));
        }
    }

    @Test
    void peerKeyIsSha256OfPeerIdBytes() {
        // sha256("abc") from FIPS 180-2, appendix B.1.
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                KademliaKey.ofPeerId("abc".getBytes(StandardCharsets.US_ASCII)).toString());
    }

    @Test
    void rejectsKeysOfTheWrongLength() {
        KademliaException error = assertThrows(KademliaException.class,
                () -> KademliaKey.fromBytes(HexFormat.of().parseHex("00ff")));
        assertEquals(KademliaException.Code.INVALID_KEY, error.code());
    }
}
