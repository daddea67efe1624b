package io.strata.ipld.codec;

import io.strata.ipld.IpldException;
import io.strata.multiformats.Cid;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static io.strata.ipld.IpldException.Code.DATA_MODEL_INVALID;

/**
 * The IPLD data model as plain Java values. This is the one place the mapping is defined; the
 * {@link DagCbor} and {@link DagJson} codecs encode exactly these values and decode into them.
 *
 * <table>
 *   <caption>Kinds and their Java types</caption>
 *   <tr><th>kind</th><th>decoders produce</th><th>encoders also accept</th></tr>
 *   <tr><td>null</td><td>{@code null}</td><td></td></tr>
 *   <tr><td>boolean</td><td>{@link Boolean}</td><td></td></tr>
 *   <tr><td>integer</td><td>{@link Long}; {@link BigInteger} only outside the long range, within
 *       [-2^64, 2^64-1] (the range DAG-CBOR can carry)</td><td>{@link Integer}, {@link Short},
 *       {@link Byte}, any {@link BigInteger} in range</td></tr>
 *   <tr><td>float</td><td>{@link Double}, never NaN or infinite</td><td>{@link Float}</td></tr>
 *   <tr><td>string</td><td>{@link String}, valid Unicode (no unpaired surrogates)</td><td></td></tr>
 *   <tr><td>bytes</td><td>{@code byte[]}</td><td></td></tr>
 *   <tr><td>list</td><td>an unmodifiable {@code List<Object>} (elements may be null)</td><td>any {@link List}</td></tr>
 *   <tr><td>map</td><td>an unmodifiable {@code Map<String,Object>} in encoded order</td>
 *       <td>any {@link Map} with {@link String} keys; encoders sort the keys</td></tr>
 *   <tr><td>link</td><td>{@link Cid}</td><td></td></tr>
 * </table>
 *
 * <p>Because {@code byte[]} has identity equality and the integer kind has two Java types, compare
 * values with {@link #equal(Object, Object)}, not {@link Object#equals}.
 */
public final class DataModel {

    /** The IPLD data model kinds. */
    public enum Kind { NULL, BOOLEAN, INTEGER, FLOAT, STRING, BYTES, LIST, MAP, LINK }

    /** Smallest integer the data model carries: -2^64 (DAG-CBOR major type 1 with argument 2^64-1). */
    public static final BigInteger MIN_INTEGER = BigInteger.ONE.shiftLeft(64).negate();
    /** Largest integer the data model carries: 2^64-1. */
    public static final BigInteger MAX_INTEGER = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private DataModel() {
    }

    /**
     * The kind of a value.
     *
     * @throws IpldException {@code DATA_MODEL_INVALID} for a Java type outside the table above
     */
    public static Kind kindOf(Object value) {
        if (value == null) {
            return Kind.NULL;
        }
        if (value instanceof Boolean) {
            return Kind.BOOLEAN;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return Kind.INTEGER;
        }
        if (value instanceof Double || value instanceof Float) {
            return Kind.FLOAT;
        }
        if (value instanceof String) {
            return Kind.STRING;
        }
        if (value instanceof byte[]) {
            return Kind.BYTES;
        }
        if (value instanceof List<?>) {
            return Kind.LIST;
        }
        if (value instanceof Map<?, ?>) {
            return Kind.MAP;
        }
        if (value instanceof Cid) {
            return Kind.LINK;
        }
        throw new IpldException(DATA_MODEL_INVALID, value.getClass().getName()
                + " is not an IPLD data model type (see io.strata.ipld.codec.DataModel)");
    }

    /**
     * An integer value as the canonical Java type: {@link Long} when it fits, else {@link BigInteger}.
     *
     * @throws IpldException {@code DATA_MODEL_INVALID} outside [-2^64, 2^64-1]
     */
    public static Number integer(BigInteger value) {
        if (value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0) {
            return value.longValue();
        }
        if (value.compareTo(MIN_INTEGER) < 0 || value.compareTo(MAX_INTEGER) > 0) {
            throw new IpldException(DATA_MODEL_INVALID, "integer " + value
                    + " is outside the IPLD integer range [-2^64, 2^64-1]");
        }
        return value;
    }

    /** Any accepted integer type as a BigInteger, range-checked. */
    static BigInteger bigInteger(Object integer) {
        BigInteger value = integer instanceof BigInteger big ? big : BigInteger.valueOf(((Number) integer).longValue());
        integer(value);
        return value;
    }

    /** A float value as a double, rejecting NaN and the infinities, which the data model lacks. */
    static double finiteFloat(Object value) {
        double d = ((Number) value).doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IpldException(DATA_MODEL_INVALID, d + " is not an IPLD float (NaN and Infinity are excluded)");
        }
        return d;
    }

    /**
     * Deep data-model equality: bytes by content, integers by value whatever their Java type, floats by
     * {@link Double#equals} (so -0.0 differs from 0.0), maps by entries regardless of order.
     */
    public static boolean equal(Object a, Object b) {
        Kind kind = kindOf(a);
        if (kind != kindOf(b)) {
            return false;
        }
        return switch (kind) {
            case NULL -> true;
            case BOOLEAN, STRING, LINK -> a.equals(b);
            case INTEGER -> bigInteger(a).equals(bigInteger(b));
            case FLOAT -> Double.valueOf(((Number) a).doubleValue()).equals(((Number) b).doubleValue());
            case BYTES -> Arrays.equals((byte[]) a, (byte[]) b);
            case LIST -> listsEqual((List<?>) a, (List<?>) b);
            case MAP -> mapsEqual((Map<?, ?>) a, (Map<?, ?>) b);
        };
    }

    private static boolean listsEqual(List<?> a, List<?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        Iterator<?> left = a.iterator();
        Iterator<?> right = b.iterator();
        while (left.hasNext()) {
            if (!equal(left.next(), right.next())) {
                return false;
            }
        }
        return true;
    }

    private static boolean mapsEqual(Map<?, ?> a, Map<?, ?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<?, ?> entry : a.entrySet()) {
            if (!b.containsKey(entry.getKey()) || !equal(entry.getValue(), b.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
