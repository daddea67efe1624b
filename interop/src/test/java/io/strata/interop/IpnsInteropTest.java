package io.strata.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.crypto.KeyType;
import io.strata.crypto.Libp2pPrivateKey;
import io.strata.ipns.IpnsDhtValidator;
import io.strata.ipns.IpnsException;
import io.strata.ipns.IpnsName;
import io.strata.ipns.IpnsRecord;
import io.strata.ipns.IpnsValidator;
import io.strata.kademlia.KademliaException;
import io.strata.proto.ipns.IpnsProtos.IpnsEntry;
import com.google.protobuf.ByteString;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IPNS records cross-checked with the npm {@code ipns} package (js-ipns 10), the one Helia resolves names with. */
class IpnsInteropTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String VALUE = "/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    private static final Map<KeyType, Libp2pPrivateKey> KEYS = new EnumMap<>(KeyType.class);

    private static NodeScripts scripts;

    @BeforeAll
    static void setUp() {
        scripts = NodeScripts.locate();
        SecureRandom random = new SecureRandom();
        for (KeyType type : KeyType.values()) {
            KEYS.put(type, Libp2pPrivateKey.generate(type, 2048, random));
        }
    }

    @Test
    void recordsWeMakeValidateAndUnmarshalWithJsIpns() {
        Instant eol = Instant.now().plus(Duration.ofHours(48)).truncatedTo(ChronoUnit.MICROS).plusNanos(789);
        List<IpnsRecord> records = new ArrayList<>();
        List<IpnsName> names = new ArrayList<>();
        ArrayNode requests = NodeScripts.json().createArrayNode();
        for (Libp2pPrivateKey key : KEYS.values()) {
            IpnsName name = IpnsName.of(key.publicKey().peerId());
            IpnsRecord record = IpnsRecord.create(key, VALUE, 42, eol, Duration.ofMinutes(5));
            names.add(name);
            records.add(record);
            requests.addObject().put("routingKey", HEX.formatHex(name.routingKey())).put("record", HEX.formatHex(record.marshal()));
        }
        JsonNode results = validate(requests);
        int index = 0;
        for (Libp2pPrivateKey key : KEYS.values()) {
            JsonNode result = results.get(index);
            IpnsRecord record = records.get(index++);
            assertTrue(result.get("valid").asBoolean(), key.type() + ": " + result);
            assertEquals(VALUE, result.get("value").asText());
            assertEquals("42", result.get("sequence").asText());
            assertEquals("300000000000", result.get("ttl").asText());
            assertEquals(record.validityText(), result.get("validity").asText());
            assertTrue(result.get("hasSignatureV1").asBoolean());
            assertEquals(key.type() == KeyType.RSA, !result.get("pubKey").isNull(), key.type().toString());
        }
    }

    @Test
    void namesAndRoutingKeysAgreeWithJsLibp2p() {
        JsonNode created = create(KEYS.values().stream().toList(), 1, Instant.now().plusSeconds(3600), true, VALUE);
        int index = 0;
        for (Libp2pPrivateKey key : KEYS.values()) {
            JsonNode result = created.get(index++);
            IpnsName name = IpnsName.of(key.publicKey().peerId());
            assertEquals(result.get("name").asText(), name.toString());
            assertEquals(result.get("peerId").asText(), key.publicKey().peerId().toBase58());
            assertEquals(result.get("routingKey").asText(), HEX.formatHex(name.routingKey()));
            assertEquals(name, IpnsName.parse("/ipns/" + result.get("peerId").asText()));
        }
    }

    @Test
    void recordsJsIpnsMakesAreAcceptedByUs() {
        Instant now = Instant.now();
        IpnsDhtValidator dhtValidator = new IpnsDhtValidator(Clock.systemUTC());
        for (boolean v1Compatible : new boolean[] {true, false}) {
            JsonNode created = create(KEYS.values().stream().toList(), 9, now.plusSeconds(3600), v1Compatible, VALUE);
            int index = 0;
            for (Libp2pPrivateKey key : KEYS.values()) {
                JsonNode result = created.get(index++);
                byte[] bytes = HEX.parseHex(result.get("record").asText());
                IpnsRecord record = IpnsValidator.validate(IpnsName.parse(result.get("name").asText()), bytes, now);
                assertEquals(VALUE, record.value());
                assertEquals(9, record.sequence());
                assertEquals(Duration.ofMinutes(5), record.ttl());
                assertEquals(v1Compatible, record.hasSignatureV1());
                assertEquals(key.type() == KeyType.RSA, record.embeddedPublicKey().isPresent());
                dhtValidator.validate(HEX.parseHex(result.get("routingKey").asText()), bytes);
            }
        }
    }

    @Test
    void forgedExpiredAndOversizedRecordsAreRejectedByBoth() throws Exception {
        Libp2pPrivateKey key = KEYS.get(KeyType.ED25519);
        IpnsName name = IpnsName.of(key.publicKey().peerId());
        Instant now = Instant.now();

        IpnsEntry entry = IpnsEntry.parseFrom(IpnsRecord.create(key, VALUE, 1, now.plusSeconds(3600), Duration.ZERO).marshal());
        byte[] signature = entry.getSignatureV2().toByteArray();
        signature[5] ^= 1;
        byte[] forged = entry.toBuilder().setSignatureV2(ByteString.copyFrom(signature)).build().toByteArray();
        byte[] wrongKey = IpnsRecord.create(KEYS.get(KeyType.SECP256K1), VALUE, 1, now.plusSeconds(3600), Duration.ZERO).marshal();
        // js-ipns can create expired records; we refuse to sign them only through the publisher, not the record type
        byte[] expired = HEX.parseHex(create(List.of(key), 1, now.minusSeconds(5), true, VALUE).get(0).get("record").asText());
        byte[] oversized = HEX.parseHex(create(List.of(key), 1, now.plusSeconds(3600), true, "/ipfs/" + "a".repeat(6000))
                .get(0).get("record").asText());
        assertTrue(oversized.length > IpnsRecord.MAX_SIZE);

        ArrayNode requests = NodeScripts.json().createArrayNode();
        for (byte[] record : List.of(forged, wrongKey, expired, oversized)) {
            requests.addObject().put("routingKey", HEX.formatHex(name.routingKey())).put("record", HEX.formatHex(record));
        }
        JsonNode results = validate(requests);
        assertEquals("SignatureVerificationError", results.get(0).get("error").asText(), results.get(0).toString());
        assertEquals("SignatureVerificationError", results.get(1).get("error").asText(), results.get(1).toString());
        assertEquals("RecordExpiredError", results.get(2).get("error").asText(), results.get(2).toString());
        assertEquals("RecordTooLargeError", results.get(3).get("error").asText(), results.get(3).toString());

        assertRejected(IpnsException.Code.SIGNATURE_INVALID, name, forged, now);
        assertRejected(IpnsException.Code.SIGNATURE_INVALID, name, wrongKey, now);
        assertRejected(IpnsException.Code.RECORD_EXPIRED, name, expired, now);
        assertRejected(IpnsException.Code.RECORD_TOO_LARGE, name, oversized, now);
        IpnsDhtValidator dhtValidator = new IpnsDhtValidator(Clock.systemUTC());
        for (byte[] record : List.of(forged, wrongKey, expired, oversized)) {
            assertEquals(KademliaException.Code.INVALID_RECORD,
                    assertThrows(KademliaException.class, () -> dhtValidator.validate(name.routingKey(), record)).code());
        }
    }

    @Test
    void selectionAgreesWithJsIpns() {
        Libp2pPrivateKey key = KEYS.get(KeyType.ED25519);
        IpnsName name = IpnsName.of(key.publicKey().peerId());
        Instant now = Instant.now();
        byte[] lower = IpnsRecord.create(key, VALUE, 4, now.plusSeconds(7200), Duration.ZERO).marshal();
        byte[] higher = IpnsRecord.create(key, VALUE, 5, now.plusSeconds(600), Duration.ZERO).marshal();
        byte[] higherLonger = IpnsRecord.create(key, VALUE, 5, now.plusSeconds(900), Duration.ZERO).marshal();
        IpnsDhtValidator dhtValidator = new IpnsDhtValidator(Clock.systemUTC());
        for (List<byte[]> candidates : List.of(List.of(lower, higher), List.of(higher, lower), List.of(lower, higher, higherLonger),
                List.of(higherLonger, higher, lower))) {
            ObjectNode request = NodeScripts.json().createObjectNode().put("op", "select").put("routingKey", HEX.formatHex(name.routingKey()));
            ArrayNode records = request.putArray("records");
            candidates.forEach(record -> records.add(HEX.formatHex(record)));
            int jsIndex = scripts.run("ipns", request).get("index").asInt();
            assertEquals(jsIndex, dhtValidator.select(name.routingKey(), candidates));
            assertFalse(candidates.get(jsIndex) == lower);
        }
    }

    private static void assertRejected(IpnsException.Code code, IpnsName name, byte[] record, Instant now) {
        IpnsException error = assertThrows(IpnsException.class, () -> IpnsValidator.validate(name, record, now));
        assertEquals(code, error.code(), error.getMessage());
    }

    private static JsonNode validate(ArrayNode records) {
        ObjectNode request = NodeScripts.json().createObjectNode().put("op", "validate");
        request.set("records", records);
        return scripts.run("ipns", request);
    }

    private static JsonNode create(List<Libp2pPrivateKey> keys, long sequence, Instant expiration, boolean v1Compatible, String value) {
        ObjectNode request = NodeScripts.json().createObjectNode().put("op", "create");
        ArrayNode specs = request.putArray("keys");
        for (Libp2pPrivateKey key : keys) {
            specs.addObject()
                    .put("privateKey", HEX.formatHex(key.marshal()))
                    .put("value", value)
                    .put("sequence", Long.toString(sequence))
                    .put("expiration", IpnsRecord.formatValidity(expiration))
                    .put("ttlNs", Long.toString(Duration.ofMinutes(5).toNanos()))
                    .put("v1Compatible", v1Compatible);
        }
        return scripts.run("ipns", request);
    }
}
