package io.strata.ipns;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.strata.crypto.CryptoException;
import io.strata.crypto.Libp2pPrivateKey;
import io.strata.crypto.Libp2pPublicKey;
import io.strata.ipld.IpldException;
import io.strata.ipld.codec.DagCbor;
import io.strata.multiformats.PeerId;
import io.strata.proto.ipns.IpnsProtos.IpnsEntry;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A signed IPNS record as the IPNS record spec defines it: an {@code IpnsEntry} protobuf whose {@code data} is a
 * DAG-CBOR map of Value, Validity, ValidityType, Sequence and TTL, signed (V2) over {@code "ipns-signature:"}
 * followed by those bytes. Records made here also carry the V1 fields and V1 signature (value, validity and
 * "EOL" concatenated), as Kubo and js-ipns still write them, and embed the public key only when the name cannot
 * inline it (RSA). Sequence and TTL are unsigned 64-bit values held in {@code long}s; TTL is in nanoseconds.
 *
 * <p>{@link #unmarshal(byte[])} checks structure only; {@link IpnsValidator} checks signatures and expiry.
 */
public final class IpnsRecord {

    /** Largest serialized record accepted or produced (10 KiB), as the spec requires every implementation to handle. */
    public static final int MAX_SIZE = 10 * 1024;
    public static final String SIGNATURE_V2_PREFIX = "ipns-signature:";
    /** The V1 signature covers this name of the only validity type. */
    private static final byte[] EOL = "EOL".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter RFC3339_NANOS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final byte[] bytes;
    private final IpnsEntry entry;
    private final String value;
    private final String validityText;
    private final Instant validity;
    private final long sequence;
    private final long ttlNanos;

    private IpnsRecord(byte[] bytes, IpnsEntry entry, String value, String validityText, Instant validity, long sequence, long ttlNanos) {
        this.bytes = bytes;
        this.entry = entry;
        this.value = value;
        this.validityText = validityText;
        this.validity = validity;
        this.sequence = sequence;
        this.ttlNanos = ttlNanos;
    }

    /**
     * Signs a new V1+V2 record.
     *
     * @param value    a content path: {@code /ipfs/<cid>[/...]} or {@code /ipns/<name>[/...]}
     * @param sequence unsigned; must grow with each record of a name
     * @param validity the end of life (EOL); the record is invalid after it
     * @param ttl      how long resolvers may cache the record
     */
    public static IpnsRecord create(Libp2pPrivateKey key, String value, long sequence, Instant validity, Duration ttl) {
        checkValue(value);
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("a record TTL cannot be negative: " + ttl);
        }
        byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
        byte[] validityBytes = formatValidity(validity).getBytes(StandardCharsets.US_ASCII);
        long ttlNanos = saturatedNanos(ttl);
        byte[] data = DagCbor.encode(cborData(valueBytes, validityBytes, sequence, ttlNanos));
        IpnsEntry.Builder builder = IpnsEntry.newBuilder()
                .setValue(ByteString.copyFrom(valueBytes))
                .setSignatureV1(ByteString.copyFrom(key.sign(concat(valueBytes, validityBytes, EOL))))
                .setValidityType(IpnsEntry.ValidityType.EOL)
                .setValidity(ByteString.copyFrom(validityBytes))
                .setSequence(sequence)
                .setTtl(ttlNanos)
                .setSignatureV2(ByteString.copyFrom(key.sign(concat(SIGNATURE_V2_PREFIX.getBytes(StandardCharsets.US_ASCII), data))))
                .setData(ByteString.copyFrom(data));
        byte[] publicKey = key.publicKey().marshal();
        if (PeerId.fromPublicKey(publicKey).publicKey().isEmpty()) {
            builder.setPubKey(ByteString.copyFrom(publicKey));
        }
        byte[] marshalled = builder.build().toByteArray();
        if (marshalled.length > MAX_SIZE) {
            throw new IpnsException(IpnsException.Code.RECORD_TOO_LARGE,
                    "the record would have " + marshalled.length + " bytes; at most " + MAX_SIZE + " are allowed (shorten the value)");
        }
        return unmarshal(marshalled);
    }

    /**
     * Parses a serialized record and checks its structure: size, protobuf, presence of the V2 signature and data,
     * the data's fields and types, the validity's RFC 3339 form, and that every V1 field present agrees with the
     * data. Signatures and expiry are left to {@link IpnsValidator}.
     */
    public static IpnsRecord unmarshal(byte[] bytes) {
        if (bytes.length > MAX_SIZE) {
            throw new IpnsException(IpnsException.Code.RECORD_TOO_LARGE,
                    "the record has " + bytes.length + " bytes; at most " + MAX_SIZE + " are allowed");
        }
        IpnsEntry entry;
        try {
            entry = IpnsEntry.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw malformed("not an IpnsEntry protobuf: " + e.getMessage());
        }
        if (!entry.hasSignatureV2() || !entry.hasData()) {
            throw new IpnsException(IpnsException.Code.SIGNATURE_INVALID,
                    "the record lacks signatureV2 or data (V1-only records are no longer accepted)");
        }
        Object decoded;
        try {
            decoded = DagCbor.decodeLenient(entry.getData().toByteArray());
        } catch (IpldException e) {
            throw malformed("the record data is not DAG-CBOR: " + e.getMessage());
        }
        if (!(decoded instanceof Map<?, ?> data)) {
            throw malformed("the record data is not a DAG-CBOR map");
        }
        byte[] valueBytes = bytesField(data, "Value");
        byte[] validityBytes = bytesField(data, "Validity");
        long validityType = uint64Field(data, "ValidityType");
        long sequence = uint64Field(data, "Sequence");
        long ttlNanos = uint64Field(data, "TTL");
        if (validityType != IpnsEntry.ValidityType.EOL_VALUE) {
            throw new IpnsException(IpnsException.Code.UNSUPPORTED_VALIDITY_TYPE,
                    "validity type " + Long.toUnsignedString(validityType) + " is not supported; only 0 (EOL) is");
        }
        String validityText = new String(validityBytes, StandardCharsets.UTF_8);
        Instant validity = parseValidity(validityText);
        checkV1Field(entry.hasValue(), () -> Arrays.equals(entry.getValue().toByteArray(), valueBytes), "value");
        checkV1Field(entry.hasValidity(), () -> Arrays.equals(entry.getValidity().toByteArray(), validityBytes), "validity");
        checkV1Field(entry.hasValidityType(), () -> entry.getValidityType() == IpnsEntry.ValidityType.EOL, "validityType");
        checkV1Field(entry.hasSequence(), () -> entry.getSequence() == sequence, "sequence");
        checkV1Field(entry.hasTtl(), () -> entry.getTtl() == ttlNanos, "ttl");
        if (entry.hasSignatureV1() && !(entry.hasValue() && entry.hasValidity())) {
            throw new IpnsException(IpnsException.Code.SIGNATURE_INVALID, "a V1 signature without the V1 value and validity");
        }
        String value = new String(valueBytes, StandardCharsets.UTF_8);
        return new IpnsRecord(bytes.clone(), entry, value, validityText, validity, sequence, ttlNanos);
    }

    /** The serialized IpnsEntry. */
    public byte[] marshal() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    /** The content path the name points to. */
    public String value() {
        return value;
    }

    public Instant validity() {
        return validity;
    }

    /** The validity exactly as signed (RFC 3339). */
    public String validityText() {
        return validityText;
    }

    /** Unsigned. */
    public long sequence() {
        return sequence;
    }

    /** Unsigned nanoseconds. */
    public long ttlNanos() {
        return ttlNanos;
    }

    /** The TTL; values beyond {@code Long.MAX_VALUE} nanoseconds read as that. */
    public Duration ttl() {
        return Duration.ofNanos(ttlNanos < 0 ? Long.MAX_VALUE : ttlNanos);
    }

    /** The serialized libp2p PublicKey carried in the record, if any. */
    public Optional<byte[]> embeddedPublicKey() {
        return entry.hasPubKey() ? Optional.of(entry.getPubKey().toByteArray()) : Optional.empty();
    }

    /** The embedded key parsed. */
    public Optional<Libp2pPublicKey> embeddedKey() {
        if (!entry.hasPubKey()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Libp2pPublicKey.unmarshal(entry.getPubKey().toByteArray()));
        } catch (CryptoException e) {
            throw new IpnsException(IpnsException.Code.PUBLIC_KEY_MISMATCH, "the embedded public key is unusable: " + e.getMessage(), e);
        }
    }

    public boolean hasSignatureV1() {
        return entry.hasSignatureV1();
    }

    public Optional<byte[]> signatureV1() {
        return entry.hasSignatureV1() ? Optional.of(entry.getSignatureV1().toByteArray()) : Optional.empty();
    }

    public byte[] signatureV2() {
        return entry.getSignatureV2().toByteArray();
    }

    /** The DAG-CBOR data the V2 signature covers. */
    public byte[] data() {
        return entry.getData().toByteArray();
    }

    /** What the V2 signature is computed over: {@value #SIGNATURE_V2_PREFIX} and the data. */
    public byte[] signatureV2Payload() {
        return concat(SIGNATURE_V2_PREFIX.getBytes(StandardCharsets.US_ASCII), data());
    }

    /** True when the validity has passed at {@code now}; a record is still valid at its exact EOL, as js-ipns has it. */
    public boolean isExpiredAt(Instant now) {
        return validity.isBefore(now);
    }

    /** RFC 3339 in UTC with nine fractional digits, as go-ipfs-util and js-ipns write validity. */
    public static String formatValidity(Instant instant) {
        return RFC3339_NANOS.format(instant);
    }

    /** Any RFC 3339 date-time with an offset and up to nine fractional digits. */
    public static Instant parseValidity(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            throw malformed("the validity '" + text + "' is not an RFC 3339 date-time: " + e.getMessage());
        }
    }

    static void checkValue(String value) {
        if (value == null || value.length() < 2 || !value.startsWith("/")) {
            throw new IpnsException(IpnsException.Code.INVALID_VALUE,
                    "an IPNS value is a content path such as /ipfs/<cid> or /ipns/<name>, not '" + value + "'");
        }
    }

    private static Map<String, Object> cborData(byte[] value, byte[] validity, long sequence, long ttlNanos) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("TTL", unsigned(ttlNanos));
        data.put("Value", value);
        data.put("Sequence", unsigned(sequence));
        data.put("Validity", validity);
        data.put("ValidityType", 0L);
        return data;
    }

    private static Object unsigned(long value) {
        return value >= 0 ? Long.valueOf(value) : new BigInteger(Long.toUnsignedString(value));
    }

    private static byte[] bytesField(Map<?, ?> data, String key) {
        Object field = data.get(key);
        if (!(field instanceof byte[] bytes)) {
            throw malformed("the record data's " + key + " is " + (field == null ? "missing" : "not bytes"));
        }
        return bytes;
    }

    private static long uint64Field(Map<?, ?> data, String key) {
        Object field = data.get(key);
        if (field instanceof Long number && number >= 0) {
            return number;
        }
        if (field instanceof BigInteger big && big.signum() >= 0 && big.compareTo(UINT64_MAX) <= 0) {
            return big.longValue();
        }
        throw malformed("the record data's " + key + " is " + (field == null ? "missing" : "not an unsigned 64-bit integer"));
    }

    private static void checkV1Field(boolean present, BooleanSupplier matches, String field) {
        if (present && !matches.getAsBoolean()) {
            throw new IpnsException(IpnsException.Code.SIGNATURE_INVALID,
                    "field \"" + field + "\" did not match between protobuf and CBOR");
        }
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] joined = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, offset, part.length);
            offset += part.length;
        }
        return joined;
    }

    private static IpnsException malformed(String message) {
        return new IpnsException(IpnsException.Code.MALFORMED_RECORD, message);
    }

    @Override
    public String toString() {
        return "IpnsRecord[" + value + ", sequence " + Long.toUnsignedString(sequence) + ", valid until " + validityText + "]";
    }
}
