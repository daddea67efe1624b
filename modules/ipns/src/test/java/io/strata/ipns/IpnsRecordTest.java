package io.strata.ipns;

import com.google.protobuf.ByteString;
import io.strata.crypto.Ed25519PrivateKey;
import io.strata.crypto.KeyType;
import io.strata.crypto.Libp2pPrivateKey;
import io.strata.ipld.codec.DagCbor;
import io.strata.proto.ipns.IpnsProtos.IpnsEntry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpnsRecordTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String VALUE = "/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    private static final Instant NOW = Instant.parse("2026-11-24T20:00:00Z");
    private static final Instant EOL = Instant.parse("2026-11-26T20:00:00.123456789Z");

    @Test
    void signsV1AndV2OverTheSpecifiedBytes() throws Exception {
        Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        IpnsRecord record = IpnsRecord.create(key, VALUE, 7, EOL, Duration.ofMinutes(5));
        IpnsEntry entry = IpnsEntry.parseFrom(record.marshal());

        assertEquals("2026-11-26T20:00:00.123456789Z", entry.getValidity().toStringUtf8());
        assertEquals(VALUE, entry.getValue().toStringUtf8());
        assertEquals(7, entry.getSequence());
        assertEquals(300_000_000_000L, entry.getTtl());
        assertFalse(entry.hasPubKey(), "an Ed25519 name inlines its key");

        byte[] v1Payload = (VALUE + "2026-11-26T20:00:00.123456789Z" + "EOL").getBytes(StandardCharsets.US_ASCII);
        assertTrue(key.publicKey().verify(v1Payload, entry.getSignatureV1().toByteArray()));
        byte[] v2Payload = concat("ipns-signature:".getBytes(StandardCharsets.US_ASCII), entry.getData().toByteArray());
        assertTrue(key.publicKey().verify(v2Payload, entry.getSignatureV2().toByteArray()));
    }

    @Test
    void dataIsCanonicalDagCborWithTheFiveFieldsInSpecOrder() {
        IpnsRecord record = IpnsRecord.create(Ed25519PrivateKey.generate(RANDOM), VALUE, 1, EOL, Duration.ofSeconds(1));
        byte[] data = record.data();
        // strict decoding refuses any non-canonical form; key order by length then bytes
        Map<?, ?> decoded = (Map<?, ?>) DagCbor.decode(data);
        assertEquals(List.of("TTL", "Value", "Sequence", "Validity", "ValidityType"), List.copyOf(decoded.keySet()));
        // map of 5, then text "TTL" and the uint 1e9 (0x1a 3b9aca00)
        assertEquals("a56354544c1a3b9aca00", HexFormat.of().formatHex(data, 0, 10));
        assertEquals(0L, decoded.get("ValidityType"));
    }

    @Test
    void embedsThePublicKeyOnlyWhenTheNameCannotInlineIt() {
        for (KeyType type : KeyType.values()) {
            Libp2pPrivateKey key = Libp2pPrivateKey.generate(type, 2048, RANDOM);
            IpnsRecord record = IpnsRecord.create(key, VALUE, 1, EOL, Duration.ofMinutes(1));
            assertEquals(type == KeyType.RSA, record.embeddedPublicKey().isPresent(), type.toString());
            if (type == KeyType.RSA) {
                assertArrayEquals(key.publicKey().marshal(), record.embeddedPublicKey().orElseThrow());
            }
            IpnsName name = IpnsName.of(key.publicKey().peerId());
            assertEquals(VALUE, IpnsValidator.validate(name, record.marshal(), NOW).value());
        }
    }

    @Test
    void unsignedSequencesAboveLongMaxRoundTrip() {
        long sequence = -2L; // 2^64 - 2 unsigned
        IpnsRecord record = IpnsRecord.create(Ed25519PrivateKey.generate(RANDOM), VALUE, sequence, EOL, Duration.ZERO);
        assertEquals(sequence, IpnsRecord.unmarshal(record.marshal()).sequence());
        IpnsRecord lower = IpnsRecord.create(Ed25519PrivateKey.generate(RANDOM), VALUE, Long.MAX_VALUE, EOL, Duration.ZERO);
        assertTrue(IpnsValidator.isBetter(record, lower));
    }

    @Test
    void refusesV1FieldsThatDisagreeWithTheSignedData() throws Exception {
        IpnsRecord record = IpnsRecord.create(Ed25519PrivateKey.generate(RANDOM), VALUE, 5, EOL, Duration.ofMinutes(1));
        IpnsEntry entry = IpnsEntry.parseFrom(record.marshal());
        for (IpnsEntry tampered : List.of(
                entry.toBuilder().setSequence(6).build(),
                entry.toBuilder().setValue(ByteString.copyFromUtf8("/ipfs/other")).build(),
                entry.toBuilder().setTtl(1).build(),
                entry.toBuilder().setValidity(ByteString.copyFromUtf8("2099-01-01T00:00:00.000000000Z")).build())) {
            IpnsException error = assertThrows(IpnsException.class, () -> IpnsRecord.unmarshal(tampered.toByteArray()));
            assertEquals(IpnsException.Code.SIGNATURE_INVALID, error.code());
            assertTrue(error.getMessage().contains("did not match between protobuf and CBOR"), error.getMessage());
        }
    }

    @Test
    void refusesMalformedRecords() {
        assertEquals(IpnsException.Code.MALFORMED_RECORD,
                assertThrows(IpnsException.class, () -> IpnsRecord.unmarshal(new byte[] {(byte) 0xff, 1})).code());
        IpnsEntry v1Only = IpnsEntry.newBuilder().setValue(ByteString.copyFromUtf8(VALUE))
                .setSignatureV1(ByteString.copyFrom(new byte[64])).build();
        assertEquals(IpnsException.Code.SIGNATURE_INVALID,
                assertThrows(IpnsException.class, () -> IpnsRecord.unmarshal(v1Only.toByteArray())).code());
        IpnsEntry notCbor = IpnsEntry.newBuilder().setSignatureV2(ByteString.copyFrom(new byte[64]))
                .setData(ByteString.copyFrom(new byte[] {(byte) 0xff})).build();
        assertEquals(IpnsException.Code.MALFORMED_RECORD,
                assertThrows(IpnsException.class, () -> IpnsRecord.unmarshal(notCbor.toByteArray())).code());

        Map<String, Object> data = new LinkedHashMap<>();
        data.put("Value", VALUE.getBytes(StandardCharsets.UTF_8));
        data.put("Validity", "tomorrow".getBytes(StandardCharsets.UTF_8));
        data.put("ValidityType", 0L);
        data.put("Sequence", 1L);
        data.put("TTL", 1L);
        assertEquals(IpnsException.Code.MALFORMED_RECORD,
                assertThrows(IpnsException.class, () -> IpnsRecord.unmarshal(v2Only(data))).code());
        data.put("Validity", "2099-01-01T00:00:00Z".getBytes(StandardCharsets.UTF_8));
        data.put("ValidityType", 1L);
        assertEquals(IpnsException.Code.UNSUPPORTED_VALIDITY_TYPE,
                assertThrows(IpnsException.class, () -> IpnsRecord.unmarshal(v2Only(data))).code());
        data.put("ValidityType", 0L);
        data.remove("Sequence");
        assertEquals(IpnsException.Code.MALFORMED_RECORD,
                assertThrows(IpnsException.class, () -> IpnsRecord.unmarshal(v2Only(data))).code());
        data.put("Sequence", -1L);
        assertEquals(IpnsException.Code.MALFORMED_RECORD,
                assertThrows(IpnsException.class, () -> IpnsRecord.unmarshal(v2Only(data))).code());
    }

    @Test
    void refusesRecordsOverTenKibibytes() {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);
        String longValue = "/ipfs/" + "a".repeat(IpnsRecord.MAX_SIZE);
        assertEquals(IpnsException.Code.RECORD_TOO_LARGE,
                assertThrows(IpnsException.class, () -> IpnsRecord.create(key, longValue, 1, EOL, Duration.ZERO)).code());
        assertEquals(IpnsException.Code.RECORD_TOO_LARGE,
                assertThrows(IpnsException.class, () -> IpnsRecord.unmarshal(new byte[IpnsRecord.MAX_SIZE + 1])).code());
        // the longest value that fits yields a record of at most 10 KiB, and one byte more is refused
        int length = IpnsRecord.MAX_SIZE / 2 - 400;
        while (fits(key, length + 1)) {
            length++;
        }
        IpnsRecord largest = IpnsRecord.create(key, "/ipfs/" + "b".repeat(length), 1, EOL, Duration.ZERO);
        assertTrue(largest.size() <= IpnsRecord.MAX_SIZE && largest.size() > IpnsRecord.MAX_SIZE - 8, "size " + largest.size());
    }

    private static boolean fits(Ed25519PrivateKey key, int length) {
        try {
            IpnsRecord.create(key, "/ipfs/" + "b".repeat(length), 1, EOL, Duration.ZERO);
            return true;
        } catch (IpnsException e) {
            assertEquals(IpnsException.Code.RECORD_TOO_LARGE, e.code());
            return false;
        }
    }

    @Test
    void refusesValuesThatAreNotPaths() {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);
        for (String value : new String[] {"", "/", "bafy", "ipfs/x"}) {
            assertEquals(IpnsException.Code.INVALID_VALUE,
                    assertThrows(IpnsException.class, () -> IpnsRecord.create(key, value, 1, EOL, Duration.ZERO)).code());
        }
    }

    @Test
    void parsesRfc3339WithOffsetsAndAnyPrecision() {
        assertEquals(Instant.parse("2026-01-01T10:00:00Z"), IpnsRecord.parseValidity("2026-01-01T12:00:00+02:00"));
        assertEquals(Instant.parse("2026-01-01T00:00:00.5Z"), IpnsRecord.parseValidity("2026-01-01T00:00:00.5Z"));
        assertEquals("2026-01-01T00:00:00.000000000Z", IpnsRecord.formatValidity(Instant.parse("2026-01-01T00:00:00Z")));
    }

    private static byte[] v2Only(Map<String, Object> data) {
        return IpnsEntry.newBuilder().setSignatureV2(ByteString.copyFrom(new byte[64]))
                .setData(ByteString.copyFrom(DagCbor.encode(data))).build().toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
