package io.strata.ipns;

import com.google.protobuf.ByteString;
import io.strata.crypto.Ed25519PrivateKey;
import io.strata.crypto.KeyType;
import io.strata.crypto.Libp2pPrivateKey;
import io.strata.kademlia.KademliaException;
import io.strata.proto.ipns.IpnsProtos.IpnsEntry;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpnsValidatorTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String VALUE = "/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    private static final Instant NOW = Instant.parse("2026-11-24T20:00:00Z");

    private final Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);
    private final IpnsName name = IpnsName.of(key.publicKey().peerId());

    @Test
    void rejectsForgedSignatures() throws Exception {
        IpnsEntry entry = IpnsEntry.parseFrom(record(1, NOW.plusSeconds(60)).marshal());
        byte[] signature = entry.getSignatureV2().toByteArray();
        signature[0] ^= 1;
        byte[] forged = entry.toBuilder().setSignatureV2(ByteString.copyFrom(signature)).build().toByteArray();
        assertEquals(IpnsException.Code.SIGNATURE_INVALID, assertThrows(IpnsException.class, () -> IpnsValidator.validate(name, forged, NOW)).code());

        byte[] byAnotherKey = IpnsRecord.create(Ed25519PrivateKey.generate(RANDOM), VALUE, 1, NOW.plusSeconds(60), Duration.ZERO).marshal();
        assertEquals(IpnsException.Code.SIGNATURE_INVALID,
                assertThrows(IpnsException.class, () -> IpnsValidator.validate(name, byAnotherKey, NOW)).code());
    }

    @Test
    void rejectsExpiredRecordsAgainstTheGivenInstant() {
        byte[] record = record(1, NOW.plusSeconds(60)).marshal();
        IpnsValidator.validate(name, record, NOW.plusSeconds(60));
        IpnsException error = assertThrows(IpnsException.class, () -> IpnsValidator.validate(name, record, NOW.plusSeconds(61)));
        assertEquals(IpnsException.Code.RECORD_EXPIRED, error.code());
        assertTrue(error.getMessage().contains("expired"), error.getMessage());
    }

    @Test
    void checksEmbeddedKeysAgainstTheName() throws Exception {
        Libp2pPrivateKey rsa = Libp2pPrivateKey.generate(KeyType.RSA, 2048, RANDOM);
        IpnsName rsaName = IpnsName.of(rsa.publicKey().peerId());
        IpnsEntry entry = IpnsEntry.parseFrom(IpnsRecord.create(rsa, VALUE, 1, NOW.plusSeconds(60), Duration.ZERO).marshal());
        byte[] withoutKey = entry.toBuilder().clearPubKey().build().toByteArray();
        assertEquals(IpnsException.Code.PUBLIC_KEY_MISSING,
                assertThrows(IpnsException.class, () -> IpnsValidator.validate(rsaName, withoutKey, NOW)).code());
        byte[] otherKey = entry.toBuilder().setPubKey(ByteString.copyFrom(key.publicKey().marshal())).build().toByteArray();
        assertEquals(IpnsException.Code.PUBLIC_KEY_MISMATCH,
                assertThrows(IpnsException.class, () -> IpnsValidator.validate(rsaName, otherKey, NOW)).code());
    }

    @Test
    void prefersHigherSequenceThenLaterValidity() {
        IpnsRecord first = record(1, NOW.plusSeconds(600));
        IpnsRecord second = record(2, NOW.plusSeconds(60));
        IpnsRecord secondLonger = record(2, NOW.plusSeconds(120));
        assertEquals(1, IpnsValidator.select(List.of(first, second)));
        assertEquals(2, IpnsValidator.select(List.of(first, second, secondLonger)));
        assertEquals(0, IpnsValidator.select(List.of(secondLonger, second, first)));
        assertEquals(0, IpnsValidator.select(List.of(second, record(2, NOW.plusSeconds(60)))));
    }

    @Test
    void dhtValidatorRejectsWithInvalidRecordAndSelectsTheBest() {
        IpnsDhtValidator validator = new IpnsDhtValidator(Clock.fixed(NOW, ZoneOffset.UTC));
        byte[] key = name.routingKey();
        byte[] good = record(3, NOW.plusSeconds(60)).marshal();
        validator.validate(key, good);
        byte[] expired = record(4, NOW.minusSeconds(1)).marshal();
        KademliaException error = assertThrows(KademliaException.class, () -> validator.validate(key, expired));
        assertEquals(KademliaException.Code.INVALID_RECORD, error.code());
        assertTrue(error.getMessage().contains("RECORD_EXPIRED"), error.getMessage());
        byte[] otherName = IpnsName.of(Ed25519PrivateKey.generate(RANDOM).publicKey().peerId()).routingKey();
        assertEquals(KademliaException.Code.INVALID_RECORD, assertThrows(KademliaException.class, () -> validator.validate(otherName, good)).code());
        assertEquals(KademliaException.Code.INVALID_RECORD,
                assertThrows(KademliaException.class, () -> validator.validate("/pk/x".getBytes(), good)).code());

        byte[] newer = record(5, NOW.plusSeconds(30)).marshal();
        assertEquals(1, validator.select(key, List.of(good, newer)));
        assertEquals(1, validator.select(key, List.of(new byte[] {1}, good)));
    }

    private IpnsRecord record(long sequence, Instant eol) {
        return IpnsRecord.create(key, VALUE, sequence, eol, Duration.ofMinutes(1));
    }
}
